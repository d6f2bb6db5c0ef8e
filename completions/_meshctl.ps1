
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'meshctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'meshctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'meshctl' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)')
            [CompletionResult]::new('--sarif-root', '--sarif-root', [CompletionResultType]::ParameterName, 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)')
            [CompletionResult]::new('--junit-flavor', '--junit-flavor', [CompletionResultType]::ParameterName, 'JUnit for Jenkins'' junit-4.xsd (file and line in `classname`), or GitLab''s (`file` and `line` attributes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check one proposed Mesh: a lint alone, or a change against --current')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Print every step from current to target, each with its gate')
            [CompletionResult]::new('next-step', 'next-step', [CompletionResultType]::ParameterValue, 'Emit the manifest of the next step, if its gate holds (exit 3: wait; 4: done)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where the rotation stands: phase, per-backend trust and issuance')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Poll a live control plane until the next step''s gate holds (exit 0) or --timeout (exit 3)')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Write the Mesh and every proxy of a live control plane as one complete JSON file, which --current and --state both read')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Print the documentation of a diagnostic code')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff): meshctl(1), or a command''s; `--dir DIR` writes every page')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'meshctl;validate' {
            [CompletionResult]::new('--current', '--current', [CompletionResultType]::ParameterName, 'The Mesh as applied now (a file, or a directory of the Meshes as applied); adds the transition and gate checks')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Observed proxy state (kumactl inspect dataplanes -o json|yaml, REST pages, a DataplaneInsight List or a MeshInsight); repeatable, pages are merged')
            [CompletionResult]::new('--upgrade-to', '--upgrade-to', [CompletionResultType]::ParameterName, 'Judge upgrading the control plane to this Kuma version (`3.0`, `2.14`) with PROPOSED as the manifests kept: proxies that would go plaintext or stay on a legacy certificate, and pairs of proxies whose authorization the upgrade changes')
            [CompletionResult]::new('--mesh', '--mesh', [CompletionResultType]::ParameterName, 'The Mesh to use when an input holds several (required with --control-plane)')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'Refuse inputs larger than this many bytes [default: 536870912]')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('-W', '-W ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('--warn', '--warn', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs')
            [CompletionResult]::new('--min-ca-validity', '--min-ca-validity', [CompletionResultType]::ParameterName, 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y) [default: 60d]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the repository''s settings from FILE instead of the `meshctl.toml` found upwards from the working directory (stopping at the repository''s root)')
            [CompletionResult]::new('--secrets', '--secrets', [CompletionResultType]::ParameterName, 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state')
            [CompletionResult]::new('--zone-egresses', '--zone-egresses', [CompletionResultType]::ParameterName, 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state')
            [CompletionResult]::new('--changed-at', '--changed-at', [CompletionResultType]::ParameterName, 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time')
            [CompletionResult]::new('--policies', '--policies', [CompletionResultType]::ParameterName, 'The mesh''s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set')
            [CompletionResult]::new('--kuma-version', '--kuma-version', [CompletionResultType]::ParameterName, 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once')
            [CompletionResult]::new('--dataplane-status-flush-interval', '--dataplane-status-flush-interval', [CompletionResultType]::ParameterName, 'Kuma''s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane''s `GET /config` cannot be read: how often insights are written')
            [CompletionResult]::new('--dataplane-configuration-refresh-interval', '--dataplane-configuration-refresh-interval', [CompletionResultType]::ParameterName, 'Kuma''s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)')
            [CompletionResult]::new('--store-cache-expiration', '--store-cache-expiration', [CompletionResultType]::ParameterName, 'Kuma''s `store.cache.expirationTime` (default 1s)')
            [CompletionResult]::new('--mesh-min-resync-interval', '--mesh-min-resync-interval', [CompletionResultType]::ParameterName, 'Kuma''s `metrics.mesh.minResyncInterval` (default 1s)')
            [CompletionResult]::new('--control-plane', '--control-plane', [CompletionResultType]::ParameterName, 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the control plane''s API')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Connect and read timeout of each request to the control plane')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)')
            [CompletionResult]::new('--sarif-root', '--sarif-root', [CompletionResultType]::ParameterName, 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)')
            [CompletionResult]::new('--junit-flavor', '--junit-flavor', [CompletionResultType]::ParameterName, 'JUnit for Jenkins'' junit-4.xsd (file and line in `classname`), or GitLab''s (`file` and `line` attributes)')
            [CompletionResult]::new('--skip-other-kinds', '--skip-other-kinds', [CompletionResultType]::ParameterName, 'Skip inputs that hold no Mesh, even when no Mesh is found at all (pre-commit passes every changed YAML file); without it a lone file without a Mesh is an input error')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no `meshctl.toml`')
            [CompletionResult]::new('--ignore-offline', '--ignore-offline', [CompletionResultType]::ParameterName, 'Leave every disconnected proxy out of the gates (registrations known to be gone)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'meshctl;plan' {
            [CompletionResult]::new('--current', '--current', [CompletionResultType]::ParameterName, 'The Mesh as applied now (live mode reads it from the control plane)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'The Mesh wanted at the end of the rotation')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Observed proxy state; repeatable, pages are merged')
            [CompletionResult]::new('--mesh', '--mesh', [CompletionResultType]::ParameterName, 'The Mesh to use when an input holds several (required with --control-plane)')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'Refuse inputs larger than this many bytes [default: 536870912]')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('-W', '-W ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('--warn', '--warn', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs')
            [CompletionResult]::new('--min-ca-validity', '--min-ca-validity', [CompletionResultType]::ParameterName, 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y) [default: 60d]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the repository''s settings from FILE instead of the `meshctl.toml` found upwards from the working directory (stopping at the repository''s root)')
            [CompletionResult]::new('--secrets', '--secrets', [CompletionResultType]::ParameterName, 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state')
            [CompletionResult]::new('--zone-egresses', '--zone-egresses', [CompletionResultType]::ParameterName, 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state')
            [CompletionResult]::new('--changed-at', '--changed-at', [CompletionResultType]::ParameterName, 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time')
            [CompletionResult]::new('--policies', '--policies', [CompletionResultType]::ParameterName, 'The mesh''s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set')
            [CompletionResult]::new('--kuma-version', '--kuma-version', [CompletionResultType]::ParameterName, 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once')
            [CompletionResult]::new('--dataplane-status-flush-interval', '--dataplane-status-flush-interval', [CompletionResultType]::ParameterName, 'Kuma''s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane''s `GET /config` cannot be read: how often insights are written')
            [CompletionResult]::new('--dataplane-configuration-refresh-interval', '--dataplane-configuration-refresh-interval', [CompletionResultType]::ParameterName, 'Kuma''s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)')
            [CompletionResult]::new('--store-cache-expiration', '--store-cache-expiration', [CompletionResultType]::ParameterName, 'Kuma''s `store.cache.expirationTime` (default 1s)')
            [CompletionResult]::new('--mesh-min-resync-interval', '--mesh-min-resync-interval', [CompletionResultType]::ParameterName, 'Kuma''s `metrics.mesh.minResyncInterval` (default 1s)')
            [CompletionResult]::new('--control-plane', '--control-plane', [CompletionResultType]::ParameterName, 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the control plane''s API')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Connect and read timeout of each request to the control plane')
            [CompletionResult]::new('--write-steps', '--write-steps', [CompletionResultType]::ParameterName, 'Write every step''s manifest into DIR (01-add-backend.yaml, ...)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)')
            [CompletionResult]::new('--sarif-root', '--sarif-root', [CompletionResultType]::ParameterName, 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)')
            [CompletionResult]::new('--junit-flavor', '--junit-flavor', [CompletionResultType]::ParameterName, 'JUnit for Jenkins'' junit-4.xsd (file and line in `classname`), or GitLab''s (`file` and `line` attributes)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no `meshctl.toml`')
            [CompletionResult]::new('--ignore-offline', '--ignore-offline', [CompletionResultType]::ParameterName, 'Leave every disconnected proxy out of the gates (registrations known to be gone)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'meshctl;next-step' {
            [CompletionResult]::new('--current', '--current', [CompletionResultType]::ParameterName, 'The Mesh as applied now (live mode reads it from the control plane)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'The Mesh wanted at the end of the rotation')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Observed proxy state; repeatable, pages are merged')
            [CompletionResult]::new('--mesh', '--mesh', [CompletionResultType]::ParameterName, 'The Mesh to use when an input holds several (required with --control-plane)')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'Refuse inputs larger than this many bytes [default: 536870912]')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('-W', '-W ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('--warn', '--warn', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs')
            [CompletionResult]::new('--min-ca-validity', '--min-ca-validity', [CompletionResultType]::ParameterName, 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y) [default: 60d]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the repository''s settings from FILE instead of the `meshctl.toml` found upwards from the working directory (stopping at the repository''s root)')
            [CompletionResult]::new('--secrets', '--secrets', [CompletionResultType]::ParameterName, 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state')
            [CompletionResult]::new('--zone-egresses', '--zone-egresses', [CompletionResultType]::ParameterName, 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state')
            [CompletionResult]::new('--changed-at', '--changed-at', [CompletionResultType]::ParameterName, 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time')
            [CompletionResult]::new('--policies', '--policies', [CompletionResultType]::ParameterName, 'The mesh''s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set')
            [CompletionResult]::new('--kuma-version', '--kuma-version', [CompletionResultType]::ParameterName, 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once')
            [CompletionResult]::new('--dataplane-status-flush-interval', '--dataplane-status-flush-interval', [CompletionResultType]::ParameterName, 'Kuma''s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane''s `GET /config` cannot be read: how often insights are written')
            [CompletionResult]::new('--dataplane-configuration-refresh-interval', '--dataplane-configuration-refresh-interval', [CompletionResultType]::ParameterName, 'Kuma''s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)')
            [CompletionResult]::new('--store-cache-expiration', '--store-cache-expiration', [CompletionResultType]::ParameterName, 'Kuma''s `store.cache.expirationTime` (default 1s)')
            [CompletionResult]::new('--mesh-min-resync-interval', '--mesh-min-resync-interval', [CompletionResultType]::ParameterName, 'Kuma''s `metrics.mesh.minResyncInterval` (default 1s)')
            [CompletionResult]::new('--control-plane', '--control-plane', [CompletionResultType]::ParameterName, 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the control plane''s API')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Connect and read timeout of each request to the control plane')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the manifest to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the manifest to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)')
            [CompletionResult]::new('--sarif-root', '--sarif-root', [CompletionResultType]::ParameterName, 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)')
            [CompletionResult]::new('--junit-flavor', '--junit-flavor', [CompletionResultType]::ParameterName, 'JUnit for Jenkins'' junit-4.xsd (file and line in `classname`), or GitLab''s (`file` and `line` attributes)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no `meshctl.toml`')
            [CompletionResult]::new('--ignore-offline', '--ignore-offline', [CompletionResultType]::ParameterName, 'Leave every disconnected proxy out of the gates (registrations known to be gone)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'meshctl;status' {
            [CompletionResult]::new('--current', '--current', [CompletionResultType]::ParameterName, 'The Mesh as applied now (live mode reads it from the control plane)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Observed proxy state; repeatable, pages are merged (live mode reads it from the control plane)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'The rotation''s target, to tell the added phase from the switched one')
            [CompletionResult]::new('--mesh', '--mesh', [CompletionResultType]::ParameterName, 'The Mesh to use when an input holds several (required with --control-plane)')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'Refuse inputs larger than this many bytes [default: 536870912]')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('-W', '-W ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('--warn', '--warn', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs')
            [CompletionResult]::new('--min-ca-validity', '--min-ca-validity', [CompletionResultType]::ParameterName, 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y) [default: 60d]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the repository''s settings from FILE instead of the `meshctl.toml` found upwards from the working directory (stopping at the repository''s root)')
            [CompletionResult]::new('--secrets', '--secrets', [CompletionResultType]::ParameterName, 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state')
            [CompletionResult]::new('--zone-egresses', '--zone-egresses', [CompletionResultType]::ParameterName, 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state')
            [CompletionResult]::new('--changed-at', '--changed-at', [CompletionResultType]::ParameterName, 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time')
            [CompletionResult]::new('--policies', '--policies', [CompletionResultType]::ParameterName, 'The mesh''s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set')
            [CompletionResult]::new('--kuma-version', '--kuma-version', [CompletionResultType]::ParameterName, 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once')
            [CompletionResult]::new('--dataplane-status-flush-interval', '--dataplane-status-flush-interval', [CompletionResultType]::ParameterName, 'Kuma''s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane''s `GET /config` cannot be read: how often insights are written')
            [CompletionResult]::new('--dataplane-configuration-refresh-interval', '--dataplane-configuration-refresh-interval', [CompletionResultType]::ParameterName, 'Kuma''s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)')
            [CompletionResult]::new('--store-cache-expiration', '--store-cache-expiration', [CompletionResultType]::ParameterName, 'Kuma''s `store.cache.expirationTime` (default 1s)')
            [CompletionResult]::new('--mesh-min-resync-interval', '--mesh-min-resync-interval', [CompletionResultType]::ParameterName, 'Kuma''s `metrics.mesh.minResyncInterval` (default 1s)')
            [CompletionResult]::new('--control-plane', '--control-plane', [CompletionResultType]::ParameterName, 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the control plane''s API')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Connect and read timeout of each request to the control plane')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)')
            [CompletionResult]::new('--sarif-root', '--sarif-root', [CompletionResultType]::ParameterName, 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)')
            [CompletionResult]::new('--junit-flavor', '--junit-flavor', [CompletionResultType]::ParameterName, 'JUnit for Jenkins'' junit-4.xsd (file and line in `classname`), or GitLab''s (`file` and `line` attributes)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no `meshctl.toml`')
            [CompletionResult]::new('--ignore-offline', '--ignore-offline', [CompletionResultType]::ParameterName, 'Leave every disconnected proxy out of the gates (registrations known to be gone)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'meshctl;wait' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'The Mesh wanted at the end of the rotation')
            [CompletionResult]::new('--current', '--current', [CompletionResultType]::ParameterName, 'The Mesh as applied now, when not the control plane''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this long (exit 3)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between polls')
            [CompletionResult]::new('--mesh', '--mesh', [CompletionResultType]::ParameterName, 'The Mesh to use when an input holds several (required with --control-plane)')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'Refuse inputs larger than this many bytes [default: 536870912]')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('-W', '-W ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('--warn', '--warn', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs')
            [CompletionResult]::new('--min-ca-validity', '--min-ca-validity', [CompletionResultType]::ParameterName, 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y) [default: 60d]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the repository''s settings from FILE instead of the `meshctl.toml` found upwards from the working directory (stopping at the repository''s root)')
            [CompletionResult]::new('--secrets', '--secrets', [CompletionResultType]::ParameterName, 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state')
            [CompletionResult]::new('--zone-egresses', '--zone-egresses', [CompletionResultType]::ParameterName, 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state')
            [CompletionResult]::new('--changed-at', '--changed-at', [CompletionResultType]::ParameterName, 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time')
            [CompletionResult]::new('--policies', '--policies', [CompletionResultType]::ParameterName, 'The mesh''s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set')
            [CompletionResult]::new('--kuma-version', '--kuma-version', [CompletionResultType]::ParameterName, 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once')
            [CompletionResult]::new('--dataplane-status-flush-interval', '--dataplane-status-flush-interval', [CompletionResultType]::ParameterName, 'Kuma''s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane''s `GET /config` cannot be read: how often insights are written')
            [CompletionResult]::new('--dataplane-configuration-refresh-interval', '--dataplane-configuration-refresh-interval', [CompletionResultType]::ParameterName, 'Kuma''s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)')
            [CompletionResult]::new('--store-cache-expiration', '--store-cache-expiration', [CompletionResultType]::ParameterName, 'Kuma''s `store.cache.expirationTime` (default 1s)')
            [CompletionResult]::new('--mesh-min-resync-interval', '--mesh-min-resync-interval', [CompletionResultType]::ParameterName, 'Kuma''s `metrics.mesh.minResyncInterval` (default 1s)')
            [CompletionResult]::new('--control-plane', '--control-plane', [CompletionResultType]::ParameterName, 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the control plane''s API')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Connect and read timeout of each request to the control plane')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)')
            [CompletionResult]::new('--sarif-root', '--sarif-root', [CompletionResultType]::ParameterName, 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)')
            [CompletionResult]::new('--junit-flavor', '--junit-flavor', [CompletionResultType]::ParameterName, 'JUnit for Jenkins'' junit-4.xsd (file and line in `classname`), or GitLab''s (`file` and `line` attributes)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no `meshctl.toml`')
            [CompletionResult]::new('--ignore-offline', '--ignore-offline', [CompletionResultType]::ParameterName, 'Leave every disconnected proxy out of the gates (registrations known to be gone)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'meshctl;snapshot' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the snapshot to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the snapshot to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--mesh', '--mesh', [CompletionResultType]::ParameterName, 'The Mesh to use when an input holds several (required with --control-plane)')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which')
            [CompletionResult]::new('--max-input-size', '--max-input-size', [CompletionResultType]::ParameterName, 'Refuse inputs larger than this many bytes [default: 536870912]')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an error (a code given to --warn or --allow keeps that level)')
            [CompletionResult]::new('-W', '-W ', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('--warn', '--warn', [CompletionResultType]::ParameterName, 'Treat diagnostic CODE as a warning (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Do not report diagnostic CODE (repeatable)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs')
            [CompletionResult]::new('--min-ca-validity', '--min-ca-validity', [CompletionResultType]::ParameterName, 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y) [default: 60d]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the repository''s settings from FILE instead of the `meshctl.toml` found upwards from the working directory (stopping at the repository''s root)')
            [CompletionResult]::new('--secrets', '--secrets', [CompletionResultType]::ParameterName, 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable')
            [CompletionResult]::new('--control-plane', '--control-plane', [CompletionResultType]::ParameterName, 'Read the current Mesh and the proxies'' state from this Kuma API (e.g. http://127.0.0.1:5681)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Bearer token for the control plane''s API')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Connect and read timeout of each request to the control plane')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)')
            [CompletionResult]::new('--sarif-root', '--sarif-root', [CompletionResultType]::ParameterName, 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)')
            [CompletionResult]::new('--junit-flavor', '--junit-flavor', [CompletionResultType]::ParameterName, 'JUnit for Jenkins'' junit-4.xsd (file and line in `classname`), or GitLab''s (`file` and `line` attributes)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no `meshctl.toml`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'meshctl;explain' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)')
            [CompletionResult]::new('--sarif-root', '--sarif-root', [CompletionResultType]::ParameterName, 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)')
            [CompletionResult]::new('--junit-flavor', '--junit-flavor', [CompletionResultType]::ParameterName, 'JUnit for Jenkins'' junit-4.xsd (file and line in `classname`), or GitLab''s (`file` and `line` attributes)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List every code with its default severity and summary')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'meshctl;completions' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)')
            [CompletionResult]::new('--sarif-root', '--sarif-root', [CompletionResultType]::ParameterName, 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)')
            [CompletionResult]::new('--junit-flavor', '--junit-flavor', [CompletionResultType]::ParameterName, 'JUnit for Jenkins'' junit-4.xsd (file and line in `classname`), or GitLab''s (`file` and `line` attributes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'meshctl;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write every page (`meshctl.1`, `meshctl-validate.1`, …) into DIR')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)')
            [CompletionResult]::new('--sarif-root', '--sarif-root', [CompletionResultType]::ParameterName, 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository''s root)')
            [CompletionResult]::new('--junit-flavor', '--junit-flavor', [CompletionResultType]::ParameterName, 'JUnit for Jenkins'' junit-4.xsd (file and line in `classname`), or GitLab''s (`file` and `line` attributes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Human output: the summary line only (and an input error). Other formats are unchanged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'meshctl;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check one proposed Mesh: a lint alone, or a change against --current')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Print every step from current to target, each with its gate')
            [CompletionResult]::new('next-step', 'next-step', [CompletionResultType]::ParameterValue, 'Emit the manifest of the next step, if its gate holds (exit 3: wait; 4: done)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where the rotation stands: phase, per-backend trust and issuance')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Poll a live control plane until the next step''s gate holds (exit 0) or --timeout (exit 3)')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Write the Mesh and every proxy of a live control plane as one complete JSON file, which --current and --state both read')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Print the documentation of a diagnostic code')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff): meshctl(1), or a command''s; `--dir DIR` writes every page')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'meshctl;help;validate' {
            break
        }
        'meshctl;help;plan' {
            break
        }
        'meshctl;help;next-step' {
            break
        }
        'meshctl;help;status' {
            break
        }
        'meshctl;help;wait' {
            break
        }
        'meshctl;help;snapshot' {
            break
        }
        'meshctl;help;explain' {
            break
        }
        'meshctl;help;completions' {
            break
        }
        'meshctl;help;man' {
            break
        }
        'meshctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
