//! `Few`: the list type of a proxy's short lists (inbounds, tags, subscriptions, backends),
//! which holds one element in place and allocates only from the second.
//!
//! Most proxies list one inbound, one subscription, one or two backends and two tags: as
//! `Vec`s those were four allocations (and four frees) a proxy, about 5% of reading one
//! (callgrind, 10,000 proxies).

use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer};

/// A list of `T`, read as a `Vec<T>` is (serde reads it through one) and used as a slice:
/// lists of the same elements are equal and print alike, however they are held.
pub(crate) enum Few<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> Default for Few<T> {
    fn default() -> Self {
        Few::Many(Vec::new())
    }
}

impl<T> Few<T> {
    /// Adds `item` at the end: in place when the list is empty.
    pub(crate) fn push(&mut self, item: T) {
        match self {
            Few::Many(items) if items.is_empty() => *self = Few::One(item),
            Few::Many(items) => items.push(item),
            Few::One(_) => {
                if let Few::One(first) = std::mem::take(self) {
                    *self = Few::Many(vec![first, item]);
                }
            }
        }
    }

    /// `Vec::dedup_by`: of consecutive elements `same` pairs (the later first), the later is
    /// dropped.
    pub(crate) fn dedup_by(&mut self, same: impl FnMut(&mut T, &mut T) -> bool) {
        if let Few::Many(items) = self {
            items.dedup_by(same);
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Few<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for Few<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T> Deref for Few<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            Few::One(item) => std::slice::from_ref(item),
            Few::Many(items) => items,
        }
    }
}

impl<T> DerefMut for Few<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            Few::One(item) => std::slice::from_mut(item),
            Few::Many(items) => items,
        }
    }
}

impl<'f, T> IntoIterator for &'f Few<T> {
    type Item = &'f T;
    type IntoIter = std::slice::Iter<'f, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'f, T> IntoIterator for &'f mut Few<T> {
    type Item = &'f mut T;
    type IntoIter = std::slice::IterMut<'f, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Few<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(Few::Many)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushes_keep_order_and_allocate_only_from_the_second() {
        let mut few = Few::default();
        assert!(few.is_empty());
        few.push(1);
        assert!(matches!(few, Few::One(1)));
        few.push(2);
        few.push(3);
        assert!(matches!(&few, Few::Many(v) if v == &[1, 2, 3]));
        assert_eq!(format!("{few:?}"), "[1, 2, 3]");
        assert_eq!(
            format!("{:?}", Few::One(1)),
            format!("{:?}", Few::Many(vec![1]))
        );
        assert_eq!(Few::One(1), Few::Many(vec![1]));
        assert_ne!(Few::One(1), Few::Many(vec![1, 1]));
        assert_eq!(&*few, &[1, 2, 3]);
        for n in &mut few {
            *n *= 10;
        }
        assert_eq!((&few).into_iter().sum::<i32>(), 60);
        let mut one = Few::One(5);
        one[0] = 6;
        assert_eq!(&*one, &[6]);
    }

    #[test]
    fn dedup_drops_the_later_of_equal_neighbours() {
        let mut few = Few::Many(vec![(1, 'a'), (1, 'b'), (2, 'c')]);
        few.dedup_by(|later, kept| later.0 == kept.0);
        assert_eq!(&*few, &[(1, 'a'), (2, 'c')]);
        let mut one = Few::One((1, 'a'));
        one.dedup_by(|_, _| true);
        assert_eq!(&*one, &[(1, 'a')]);
    }

    #[test]
    fn reads_as_a_vec_reads() {
        let few: Few<u32> = serde_json::from_str("[1, 2]").unwrap();
        assert_eq!(&*few, &[1, 2]);
        let empty: Few<u32> = serde_json::from_str("[]").unwrap();
        assert!(empty.is_empty());
        let wrong = serde_json::from_str::<Few<u32>>("{}")
            .unwrap_err()
            .to_string();
        let vec_wrong = serde_json::from_str::<Vec<u32>>("{}")
            .unwrap_err()
            .to_string();
        assert_eq!(wrong, vec_wrong);
    }
}
