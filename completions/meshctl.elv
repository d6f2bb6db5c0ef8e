
use builtin;
use str;

set edit:completion:arg-completer[meshctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'meshctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'meshctl'= {
            cand --format 'Output format'
            cand --color 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)'
            cand --sarif-root 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand validate 'Check one proposed Mesh: a lint alone, or a change against --current'
            cand plan 'Print every step from current to target, each with its gate'
            cand next-step 'Emit the manifest of the next step, if its gate holds (exit 3: wait; 4: done)'
            cand status 'Show where the rotation stands: phase, per-backend trust and issuance'
            cand wait 'Poll a live control plane until the next step''s gate holds (exit 0) or --timeout (exit 3)'
            cand snapshot 'Write the Mesh and every proxy of a live control plane as one complete JSON file, which --current and --state both read'
            cand explain 'Print the documentation of a diagnostic code'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'meshctl;validate'= {
            cand --current 'The Mesh as applied now; adds the transition and gate checks'
            cand --state 'Observed proxy state (kumactl inspect dataplanes -o json|yaml, REST pages, a DataplaneInsight List or a MeshInsight); repeatable, pages are merged'
            cand --upgrade-to 'Judge upgrading the control plane to this Kuma version (`3.0`, `2.14`) with PROPOSED as the manifests kept: proxies that would go plaintext or stay on a legacy certificate, and pairs of proxies whose authorization the upgrade changes'
            cand --mesh 'The Mesh to use when an input holds several (required with --control-plane)'
            cand --product 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which'
            cand --max-input-size 'Refuse inputs larger than this many bytes'
            cand -D 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand --deny 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand -W 'Treat diagnostic CODE as a warning (repeatable)'
            cand --warn 'Treat diagnostic CODE as a warning (repeatable)'
            cand -A 'Do not report diagnostic CODE (repeatable)'
            cand --allow 'Do not report diagnostic CODE (repeatable)'
            cand --now 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs'
            cand --min-ca-validity 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)'
            cand --secrets 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable'
            cand --zones 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state'
            cand --zone-egresses 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state'
            cand --changed-at 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time'
            cand --policies 'The mesh''s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set'
            cand --kuma-version 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once'
            cand --dataplane-status-flush-interval 'Kuma''s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane''s `GET /config` cannot be read: how often insights are written'
            cand --dataplane-configuration-refresh-interval 'Kuma''s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)'
            cand --store-cache-expiration 'Kuma''s `store.cache.expirationTime` (default 1s)'
            cand --mesh-min-resync-interval 'Kuma''s `metrics.mesh.minResyncInterval` (default 1s)'
            cand --control-plane 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)'
            cand --token 'Bearer token for the control plane''s API'
            cand --ca-cert 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)'
            cand --request-timeout 'Connect and read timeout of each request to the control plane'
            cand --format 'Output format'
            cand --color 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)'
            cand --sarif-root 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)'
            cand --ignore-offline 'Leave every disconnected proxy out of the gates (registrations known to be gone)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'meshctl;plan'= {
            cand --current 'The Mesh as applied now (live mode reads it from the control plane)'
            cand --target 'The Mesh wanted at the end of the rotation'
            cand --state 'Observed proxy state; repeatable, pages are merged'
            cand --mesh 'The Mesh to use when an input holds several (required with --control-plane)'
            cand --product 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which'
            cand --max-input-size 'Refuse inputs larger than this many bytes'
            cand -D 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand --deny 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand -W 'Treat diagnostic CODE as a warning (repeatable)'
            cand --warn 'Treat diagnostic CODE as a warning (repeatable)'
            cand -A 'Do not report diagnostic CODE (repeatable)'
            cand --allow 'Do not report diagnostic CODE (repeatable)'
            cand --now 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs'
            cand --min-ca-validity 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)'
            cand --secrets 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable'
            cand --zones 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state'
            cand --zone-egresses 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state'
            cand --changed-at 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time'
            cand --policies 'The mesh''s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set'
            cand --kuma-version 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once'
            cand --dataplane-status-flush-interval 'Kuma''s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane''s `GET /config` cannot be read: how often insights are written'
            cand --dataplane-configuration-refresh-interval 'Kuma''s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)'
            cand --store-cache-expiration 'Kuma''s `store.cache.expirationTime` (default 1s)'
            cand --mesh-min-resync-interval 'Kuma''s `metrics.mesh.minResyncInterval` (default 1s)'
            cand --control-plane 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)'
            cand --token 'Bearer token for the control plane''s API'
            cand --ca-cert 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)'
            cand --request-timeout 'Connect and read timeout of each request to the control plane'
            cand --write-steps 'Write every step''s manifest into DIR (01-add-backend.yaml, ...)'
            cand --format 'Output format'
            cand --color 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)'
            cand --sarif-root 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)'
            cand --ignore-offline 'Leave every disconnected proxy out of the gates (registrations known to be gone)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'meshctl;next-step'= {
            cand --current 'The Mesh as applied now (live mode reads it from the control plane)'
            cand --target 'The Mesh wanted at the end of the rotation'
            cand --state 'Observed proxy state; repeatable, pages are merged'
            cand --mesh 'The Mesh to use when an input holds several (required with --control-plane)'
            cand --product 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which'
            cand --max-input-size 'Refuse inputs larger than this many bytes'
            cand -D 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand --deny 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand -W 'Treat diagnostic CODE as a warning (repeatable)'
            cand --warn 'Treat diagnostic CODE as a warning (repeatable)'
            cand -A 'Do not report diagnostic CODE (repeatable)'
            cand --allow 'Do not report diagnostic CODE (repeatable)'
            cand --now 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs'
            cand --min-ca-validity 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)'
            cand --secrets 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable'
            cand --zones 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state'
            cand --zone-egresses 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state'
            cand --changed-at 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time'
            cand --policies 'The mesh''s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set'
            cand --kuma-version 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once'
            cand --dataplane-status-flush-interval 'Kuma''s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane''s `GET /config` cannot be read: how often insights are written'
            cand --dataplane-configuration-refresh-interval 'Kuma''s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)'
            cand --store-cache-expiration 'Kuma''s `store.cache.expirationTime` (default 1s)'
            cand --mesh-min-resync-interval 'Kuma''s `metrics.mesh.minResyncInterval` (default 1s)'
            cand --control-plane 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)'
            cand --token 'Bearer token for the control plane''s API'
            cand --ca-cert 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)'
            cand --request-timeout 'Connect and read timeout of each request to the control plane'
            cand -o 'Write the manifest to FILE (atomically) instead of stdout'
            cand --output 'Write the manifest to FILE (atomically) instead of stdout'
            cand --format 'Output format'
            cand --color 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)'
            cand --sarif-root 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)'
            cand --ignore-offline 'Leave every disconnected proxy out of the gates (registrations known to be gone)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'meshctl;status'= {
            cand --current 'The Mesh as applied now (live mode reads it from the control plane)'
            cand --state 'Observed proxy state; repeatable, pages are merged (live mode reads it from the control plane)'
            cand --target 'The rotation''s target, to tell the added phase from the switched one'
            cand --mesh 'The Mesh to use when an input holds several (required with --control-plane)'
            cand --product 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which'
            cand --max-input-size 'Refuse inputs larger than this many bytes'
            cand -D 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand --deny 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand -W 'Treat diagnostic CODE as a warning (repeatable)'
            cand --warn 'Treat diagnostic CODE as a warning (repeatable)'
            cand -A 'Do not report diagnostic CODE (repeatable)'
            cand --allow 'Do not report diagnostic CODE (repeatable)'
            cand --now 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs'
            cand --min-ca-validity 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)'
            cand --secrets 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable'
            cand --zones 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state'
            cand --zone-egresses 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state'
            cand --changed-at 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time'
            cand --policies 'The mesh''s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set'
            cand --kuma-version 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once'
            cand --dataplane-status-flush-interval 'Kuma''s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane''s `GET /config` cannot be read: how often insights are written'
            cand --dataplane-configuration-refresh-interval 'Kuma''s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)'
            cand --store-cache-expiration 'Kuma''s `store.cache.expirationTime` (default 1s)'
            cand --mesh-min-resync-interval 'Kuma''s `metrics.mesh.minResyncInterval` (default 1s)'
            cand --control-plane 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)'
            cand --token 'Bearer token for the control plane''s API'
            cand --ca-cert 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)'
            cand --request-timeout 'Connect and read timeout of each request to the control plane'
            cand --format 'Output format'
            cand --color 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)'
            cand --sarif-root 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)'
            cand --ignore-offline 'Leave every disconnected proxy out of the gates (registrations known to be gone)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'meshctl;wait'= {
            cand --target 'The Mesh wanted at the end of the rotation'
            cand --current 'The Mesh as applied now, when not the control plane''s'
            cand --timeout 'Give up after this long (exit 3)'
            cand --interval 'Time between polls'
            cand --mesh 'The Mesh to use when an input holds several (required with --control-plane)'
            cand --product 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which'
            cand --max-input-size 'Refuse inputs larger than this many bytes'
            cand -D 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand --deny 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand -W 'Treat diagnostic CODE as a warning (repeatable)'
            cand --warn 'Treat diagnostic CODE as a warning (repeatable)'
            cand -A 'Do not report diagnostic CODE (repeatable)'
            cand --allow 'Do not report diagnostic CODE (repeatable)'
            cand --now 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs'
            cand --min-ca-validity 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)'
            cand --secrets 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable'
            cand --zones 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state'
            cand --zone-egresses 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state'
            cand --changed-at 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time'
            cand --policies 'The mesh''s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set'
            cand --kuma-version 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once'
            cand --dataplane-status-flush-interval 'Kuma''s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane''s `GET /config` cannot be read: how often insights are written'
            cand --dataplane-configuration-refresh-interval 'Kuma''s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)'
            cand --store-cache-expiration 'Kuma''s `store.cache.expirationTime` (default 1s)'
            cand --mesh-min-resync-interval 'Kuma''s `metrics.mesh.minResyncInterval` (default 1s)'
            cand --control-plane 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)'
            cand --token 'Bearer token for the control plane''s API'
            cand --ca-cert 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)'
            cand --request-timeout 'Connect and read timeout of each request to the control plane'
            cand --format 'Output format'
            cand --color 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)'
            cand --sarif-root 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)'
            cand --ignore-offline 'Leave every disconnected proxy out of the gates (registrations known to be gone)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'meshctl;snapshot'= {
            cand -o 'Write the snapshot to FILE (atomically) instead of stdout'
            cand --output 'Write the snapshot to FILE (atomically) instead of stdout'
            cand --mesh 'The Mesh to use when an input holds several (required with --control-plane)'
            cand --product 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which'
            cand --max-input-size 'Refuse inputs larger than this many bytes'
            cand -D 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand --deny 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)'
            cand -W 'Treat diagnostic CODE as a warning (repeatable)'
            cand --warn 'Treat diagnostic CODE as a warning (repeatable)'
            cand -A 'Do not report diagnostic CODE (repeatable)'
            cand --allow 'Do not report diagnostic CODE (repeatable)'
            cand --now 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs'
            cand --min-ca-validity 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)'
            cand --secrets 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable'
            cand --control-plane 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)'
            cand --token 'Bearer token for the control plane''s API'
            cand --ca-cert 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)'
            cand --request-timeout 'Connect and read timeout of each request to the control plane'
            cand --format 'Output format'
            cand --color 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)'
            cand --sarif-root 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'meshctl;explain'= {
            cand --format 'Output format'
            cand --color 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)'
            cand --sarif-root 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)'
            cand --list 'List every code with its default severity and summary'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'meshctl;completions'= {
            cand --format 'Output format'
            cand --color 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)'
            cand --sarif-root 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'meshctl;man'= {
            cand --format 'Output format'
            cand --color 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)'
            cand --sarif-root 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'meshctl;help'= {
            cand validate 'Check one proposed Mesh: a lint alone, or a change against --current'
            cand plan 'Print every step from current to target, each with its gate'
            cand next-step 'Emit the manifest of the next step, if its gate holds (exit 3: wait; 4: done)'
            cand status 'Show where the rotation stands: phase, per-backend trust and issuance'
            cand wait 'Poll a live control plane until the next step''s gate holds (exit 0) or --timeout (exit 3)'
            cand snapshot 'Write the Mesh and every proxy of a live control plane as one complete JSON file, which --current and --state both read'
            cand explain 'Print the documentation of a diagnostic code'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'meshctl;help;validate'= {
        }
        &'meshctl;help;plan'= {
        }
        &'meshctl;help;next-step'= {
        }
        &'meshctl;help;status'= {
        }
        &'meshctl;help;wait'= {
        }
        &'meshctl;help;snapshot'= {
        }
        &'meshctl;help;explain'= {
        }
        &'meshctl;help;completions'= {
        }
        &'meshctl;help;man'= {
        }
        &'meshctl;help;help'= {
        }
    ]
    $completions[$command]
}
