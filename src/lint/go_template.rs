//! The syntax check Kuma runs on a MeshIdentity's `spiffeID` templates: Go's `text/template`
//! parser with the builtin functions and `label`, reporting the first error as Go words it.

/// Functions a template may call: Go's builtins and the `label` Kuma registers.
const FUNCTIONS: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne", "label",
];

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A literal that cannot be called: string, number, character, bool, nil or `.`.
    Literal(&'static str),
    Field,
    Variable,
    Ident(String),
    Pipe,
    Open,
    Close,
    Assign,
    Comma,
}

/// Checks `text` as Go's `template.New("").Parse` would; `Err` holds Go's message
/// (`template: :1: non executable command in pipeline stage 2`).
pub(crate) fn parse(text: &str) -> Result<(), String> {
    let mut blocks: Vec<&'static str> = Vec::new();
    let mut rest = text;
    let mut line = 1;
    while let Some(start) = rest.find("{{") {
        line += rest[..start].matches('\n').count();
        let body_start = start + 2;
        let action_line = line;
        let fail = |message: String| Err(format!("template: :{action_line}: {message}"));
        let (body, after) = match split_action(&rest[body_start..]) {
            Ok(parts) => parts,
            Err(message) => return fail(message.to_string()),
        };
        line += body.matches('\n').count();
        rest = after;
        let body = body
            .strip_prefix('-')
            .filter(|_| body.starts_with("- "))
            .unwrap_or(body);
        let body = body
            .strip_suffix('-')
            .filter(|_| body.ends_with(" -"))
            .unwrap_or(body);
        let trimmed = body.trim();
        if trimmed.starts_with("/*") {
            if !trimmed.ends_with("*/") || trimmed.len() < 4 {
                return fail("comment ends before closing delimiter".to_string());
            }
            continue;
        }
        let tokens = match lex(body) {
            Ok(tokens) => tokens,
            Err(message) => return fail(message),
        };
        if let Err(message) = action(&tokens, &mut blocks) {
            return fail(message);
        }
    }
    match blocks.last() {
        Some(_) => Err(format!(
            "template: :{}: unexpected EOF",
            line + rest.matches('\n').count()
        )),
        None => Ok(()),
    }
}

/// The action's body and what follows its `}}`, skipping `}}` inside quoted strings.
fn split_action(text: &str) -> Result<(&str, &str), &'static str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    if text.trim_start_matches(['-', ' ']).starts_with("/*") {
        return match text.find("*/") {
            Some(end) => match text[end..].find("}}") {
                Some(close) => Ok((&text[..end + close], &text[end + close + 2..])),
                None => Err("unclosed comment"),
            },
            None => Err("unclosed comment"),
        };
    }
    while i < bytes.len() {
        match bytes[i] {
            b'}' if bytes.get(i + 1) == Some(&b'}') => return Ok((&text[..i], &text[i + 2..])),
            quote @ (b'"' | b'`' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' && quote != b'`' {
                        i += 1;
                    }
                    if bytes[i.min(bytes.len() - 1)] == b'\n' && quote != b'`' {
                        return Err("unterminated quoted string");
                    }
                    i += 1;
                }
                if i >= bytes.len() {
                    return Err(match quote {
                        b'`' => "unterminated raw quoted string",
                        b'\'' => "unterminated character constant",
                        _ => "unterminated quoted string",
                    });
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err("unclosed action")
}

fn lex(body: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = body.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let word_end = |from: usize| {
        let mut j = from;
        while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
            j += 1;
        }
        j
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '|' => (tokens.push(Token::Pipe), i += 1).1,
            '(' => (tokens.push(Token::Open), i += 1).1,
            ')' => (tokens.push(Token::Close), i += 1).1,
            ',' => (tokens.push(Token::Comma), i += 1).1,
            '=' => (tokens.push(Token::Assign), i += 1).1,
            ':' if next == Some('=') => (tokens.push(Token::Assign), i += 2).1,
            '"' | '`' | '\'' => {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != c {
                    j += if chars[j] == '\\' && c != '`' { 2 } else { 1 };
                }
                tokens.push(Token::Literal("string"));
                i = j + 1;
            }
            '.' if next.is_some_and(|n| n.is_ascii_digit()) => {
                tokens.push(Token::Literal("number"));
                i = number_end(&chars, i);
            }
            '.' => {
                let mut j = i;
                while j < chars.len() && chars[j] == '.' {
                    let end = word_end(j + 1);
                    if end == j + 1 {
                        break;
                    }
                    j = end;
                }
                tokens.push(if j == i {
                    Token::Literal("dot")
                } else {
                    Token::Field
                });
                i = if j == i { i + 1 } else { j };
            }
            '$' => {
                tokens.push(Token::Variable);
                i = word_end(i + 1);
                while i < chars.len() && chars[i] == '.' && word_end(i + 1) > i + 1 {
                    i = word_end(i + 1);
                }
            }
            c if c.is_ascii_digit()
                || ((c == '+' || c == '-') && next.is_some_and(|n| n.is_ascii_digit())) =>
            {
                tokens.push(Token::Literal("number"));
                i = number_end(&chars, i);
            }
            c if c.is_alphabetic() || c == '_' => {
                let end = word_end(i);
                let word: String = chars[i..end].iter().collect();
                tokens.push(match word.as_str() {
                    "true" | "false" => Token::Literal("bool"),
                    "nil" => Token::Literal("nil"),
                    _ => Token::Ident(word),
                });
                i = end;
                // A field of a function's result (`index .X 0).Y`) is not split here.
                while i < chars.len() && chars[i] == '.' && word_end(i + 1) > i + 1 {
                    i = word_end(i + 1);
                }
            }
            c => return Err(format!("bad character U+{:04X} '{c}'", c as u32)),
        }
    }
    Ok(tokens)
}

fn number_end(chars: &[char], from: usize) -> usize {
    let mut j = from + 1;
    while let Some(&c) = chars.get(j) {
        let exponent_sign = matches!(c, '+' | '-') && matches!(chars[j - 1], 'e' | 'E' | 'p' | 'P');
        if !(c.is_alphanumeric() || matches!(c, '.' | '_') || exponent_sign) {
            break;
        }
        j += 1;
    }
    j
}

/// One action: a control word with its pipeline, or a pipeline.
fn action(tokens: &[Token], blocks: &mut Vec<&'static str>) -> Result<(), String> {
    let keyword = match tokens.first() {
        Some(Token::Ident(word)) => word.as_str(),
        None => return Err("missing value for command".to_string()),
        _ => "",
    };
    match keyword {
        "if" | "with" | "range" => {
            blocks.push(if keyword == "range" { "range" } else { "if" });
            pipeline(&tokens[1..], keyword)
        }
        "define" | "block" => {
            blocks.push("define");
            if !matches!(tokens.get(1), Some(Token::Literal("string"))) {
                return Err(format!("unexpected {{{{{keyword}}}}} name"));
            }
            match tokens.len() {
                2 => Ok(()),
                _ => pipeline(&tokens[2..], keyword),
            }
        }
        "template" => match tokens.get(1) {
            Some(Token::Literal("string")) if tokens.len() == 2 => Ok(()),
            Some(Token::Literal("string")) => pipeline(&tokens[2..], keyword),
            _ => Err("unexpected name in template clause".to_string()),
        },
        "end" => match (blocks.pop(), tokens.len()) {
            (Some(_), 1) => Ok(()),
            (Some(_), _) => Err("unexpected token in end".to_string()),
            (None, _) => Err("unexpected {{end}}".to_string()),
        },
        "else" => match blocks.last() {
            Some(&"if") | Some(&"range") => match tokens.get(1) {
                None => Ok(()),
                Some(Token::Ident(w)) if w == "if" || w == "with" => pipeline(&tokens[2..], w),
                _ => Err("unexpected token in else".to_string()),
            },
            _ => Err("unexpected {{else}}".to_string()),
        },
        "break" | "continue" => match blocks.contains(&"range") {
            true => Ok(()),
            false => Err(format!("{{{{{keyword}}}}} outside {{{{range}}}}")),
        },
        _ => pipeline(tokens, "command"),
    }
}

/// A pipeline: optional declarations, then commands joined by `|`.
fn pipeline(tokens: &[Token], context: &str) -> Result<(), String> {
    let tokens = match tokens.iter().position(|t| *t == Token::Assign) {
        Some(at)
            if tokens[..at]
                .iter()
                .all(|t| matches!(t, Token::Variable | Token::Comma)) =>
        {
            &tokens[at + 1..]
        }
        Some(_) => return Err("unexpected \"=\" in operand".to_string()),
        None => tokens,
    };
    if tokens.is_empty() {
        return Err(format!("missing value for {context}"));
    }
    let mut depth = 0usize;
    let mut start = 0;
    let mut stage = 0;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Open => depth += 1,
            Token::Close if depth == 0 => return Err("unexpected right paren".to_string()),
            Token::Close => depth -= 1,
            Token::Pipe if depth == 0 => {
                stage += 1;
                command(&tokens[start..i], stage)?;
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth > 0 {
        return Err("unclosed left paren".to_string());
    }
    command(&tokens[start..], stage + 1)
}

/// One command of a pipeline: stage 2 and later must start with something callable.
fn command(tokens: &[Token], stage: usize) -> Result<(), String> {
    let Some(first) = tokens.first() else {
        return Err("missing command".to_string());
    };
    match first {
        Token::Literal("nil") => return Err("nil is not a command".to_string()),
        Token::Literal(_) if stage > 1 => {
            return Err(format!("non executable command in pipeline stage {stage}"));
        }
        _ => {}
    }
    let mut depth = 0usize;
    let mut inner_start = 0;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Ident(name) if depth == 0 && !FUNCTIONS.contains(&name.as_str()) => {
                return Err(format!("function {name:?} not defined"));
            }
            Token::Open => {
                if depth == 0 {
                    inner_start = i + 1;
                }
                depth += 1;
            }
            Token::Close => {
                depth -= 1;
                if depth == 0 {
                    pipeline(&tokens[inner_start..i], "command")?;
                }
            }
            Token::Assign | Token::Comma if depth == 0 => {
                return Err("unexpected \",\" in command".to_string());
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn go_verdicts() {
        for valid in [
            "{{ .Mesh }}.{{ .Zone }}.mesh.local",
            "/ns/{{ .Namespace }}/sa/{{ .ServiceAccount }}",
            "/workload/{{ .Workload }}",
            "{{ label \"app\" }}.example.com",
            "{{ .Mesh | printf \"%s\" }}",
            "{ .Zone|2 }.mesh.local",
            "plain.example.com",
            "{{- .Mesh -}}",
            "{{/* note */}}x",
            "{{ if .Zone }}{{ .Zone }}{{ else }}global{{ end }}",
            "{{ \"}}\" }}",
        ] {
            assert_eq!(parse(valid), Ok(()), "{valid}");
        }
        for (invalid, message) in [
            (
                "{{ .Mesh|1 }}.{ .Zone|2 }.mesh.local",
                "template: :1: non executable command in pipeline stage 2",
            ),
            (
                "{{ .Mesh | \"x\" }}",
                "template: :1: non executable command in pipeline stage 2",
            ),
            ("{{ .Mesh", "template: :1: unclosed action"),
            ("{{ zone }}", "template: :1: function \"zone\" not defined"),
            ("{{ end }}", "template: :1: unexpected {{end}}"),
            ("{{ if .Zone }}x", "template: :1: unexpected EOF"),
            ("{{}}", "template: :1: missing value for command"),
            ("a\n{{ .Mesh | }}", "template: :2: missing command"),
            ("{{ (.Mesh }}", "template: :1: unclosed left paren"),
        ] {
            assert_eq!(parse(invalid), Err(message.to_string()), "{invalid}");
        }
    }
}
