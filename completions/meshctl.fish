# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_meshctl_global_optspecs
    string join \n format= color= sarif-root= h/help V/version
end

function __fish_meshctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_meshctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_meshctl_using_subcommand
    set -l cmd (__fish_meshctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c meshctl -n "__fish_meshctl_needs_command" -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c meshctl -n "__fish_meshctl_needs_command" -l color -d 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_needs_command" -l sarif-root -d 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository\'s root)' -r
complete -c meshctl -n "__fish_meshctl_needs_command" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_needs_command" -s V -l version -d 'Print version'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "validate" -d 'Check one proposed Mesh: a lint alone, or a change against --current'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "plan" -d 'Print every step from current to target, each with its gate'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "next-step" -d 'Emit the manifest of the next step, if its gate holds (exit 3: wait; 4: done)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "status" -d 'Show where the rotation stands: phase, per-backend trust and issuance'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "wait" -d 'Poll a live control plane until the next step\'s gate holds (exit 0) or --timeout (exit 3)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "snapshot" -d 'Write the Mesh and every proxy of a live control plane as one complete JSON file, which --current and --state both read'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "explain" -d 'Print the documentation of a diagnostic code'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c meshctl -n "__fish_meshctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l current -d 'The Mesh as applied now; adds the transition and gate checks' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l state -d 'Observed proxy state (kumactl inspect dataplanes -o json|yaml, REST pages, a DataplaneInsight List or a MeshInsight); repeatable, pages are merged' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l upgrade-to -d 'Judge upgrading the control plane to this Kuma version (`3.0`, `2.14`) with PROPOSED as the manifests kept: proxies that would go plaintext or stay on a legacy certificate, and pairs of proxies whose authorization the upgrade changes' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l mesh -d 'The Mesh to use when an input holds several (required with --control-plane)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l product -d 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which' -r -f -a "kong-mesh\t''
kuma\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l max-input-size -d 'Refuse inputs larger than this many bytes' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l deny -d 'Treat diagnostic CODE as an error (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l warn -d 'Treat diagnostic CODE as a warning (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l allow -d 'Do not report diagnostic CODE (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l now -d 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l min-ca-validity -d 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l secrets -d 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l zones -d 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l zone-egresses -d 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l changed-at -d 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l policies -d 'The mesh\'s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l kuma-version -d 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l dataplane-status-flush-interval -d 'Kuma\'s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane\'s `GET /config` cannot be read: how often insights are written' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l dataplane-configuration-refresh-interval -d 'Kuma\'s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l store-cache-expiration -d 'Kuma\'s `store.cache.expirationTime` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l mesh-min-resync-interval -d 'Kuma\'s `metrics.mesh.minResyncInterval` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l control-plane -d 'Read the current Mesh and the proxies\' state from this Kuma API (e.g. http://127.0.0.1:5681)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l token -d 'Bearer token for the control plane\'s API' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l ca-cert -d 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l request-timeout -d 'Connect and read timeout of each request to the control plane' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l color -d 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l sarif-root -d 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository\'s root)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -l ignore-offline -d 'Leave every disconnected proxy out of the gates (registrations known to be gone)'
complete -c meshctl -n "__fish_meshctl_using_subcommand validate" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l current -d 'The Mesh as applied now (live mode reads it from the control plane)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l target -d 'The Mesh wanted at the end of the rotation' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l state -d 'Observed proxy state; repeatable, pages are merged' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l mesh -d 'The Mesh to use when an input holds several (required with --control-plane)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l product -d 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which' -r -f -a "kong-mesh\t''
kuma\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l max-input-size -d 'Refuse inputs larger than this many bytes' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l deny -d 'Treat diagnostic CODE as an error (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l warn -d 'Treat diagnostic CODE as a warning (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l allow -d 'Do not report diagnostic CODE (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l now -d 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l min-ca-validity -d 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l secrets -d 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l zones -d 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l zone-egresses -d 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l changed-at -d 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l policies -d 'The mesh\'s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l kuma-version -d 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l dataplane-status-flush-interval -d 'Kuma\'s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane\'s `GET /config` cannot be read: how often insights are written' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l dataplane-configuration-refresh-interval -d 'Kuma\'s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l store-cache-expiration -d 'Kuma\'s `store.cache.expirationTime` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l mesh-min-resync-interval -d 'Kuma\'s `metrics.mesh.minResyncInterval` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l control-plane -d 'Read the current Mesh and the proxies\' state from this Kuma API (e.g. http://127.0.0.1:5681)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l token -d 'Bearer token for the control plane\'s API' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l ca-cert -d 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l request-timeout -d 'Connect and read timeout of each request to the control plane' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l write-steps -d 'Write every step\'s manifest into DIR (01-add-backend.yaml, ...)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l color -d 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l sarif-root -d 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository\'s root)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -l ignore-offline -d 'Leave every disconnected proxy out of the gates (registrations known to be gone)'
complete -c meshctl -n "__fish_meshctl_using_subcommand plan" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l current -d 'The Mesh as applied now (live mode reads it from the control plane)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l target -d 'The Mesh wanted at the end of the rotation' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l state -d 'Observed proxy state; repeatable, pages are merged' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l mesh -d 'The Mesh to use when an input holds several (required with --control-plane)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l product -d 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which' -r -f -a "kong-mesh\t''
kuma\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l max-input-size -d 'Refuse inputs larger than this many bytes' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l deny -d 'Treat diagnostic CODE as an error (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l warn -d 'Treat diagnostic CODE as a warning (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l allow -d 'Do not report diagnostic CODE (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l now -d 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l min-ca-validity -d 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l secrets -d 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l zones -d 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l zone-egresses -d 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l changed-at -d 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l policies -d 'The mesh\'s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l kuma-version -d 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l dataplane-status-flush-interval -d 'Kuma\'s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane\'s `GET /config` cannot be read: how often insights are written' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l dataplane-configuration-refresh-interval -d 'Kuma\'s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l store-cache-expiration -d 'Kuma\'s `store.cache.expirationTime` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l mesh-min-resync-interval -d 'Kuma\'s `metrics.mesh.minResyncInterval` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l control-plane -d 'Read the current Mesh and the proxies\' state from this Kuma API (e.g. http://127.0.0.1:5681)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l token -d 'Bearer token for the control plane\'s API' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l ca-cert -d 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l request-timeout -d 'Connect and read timeout of each request to the control plane' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -s o -l output -d 'Write the manifest to FILE (atomically) instead of stdout' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l color -d 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l sarif-root -d 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository\'s root)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -l ignore-offline -d 'Leave every disconnected proxy out of the gates (registrations known to be gone)'
complete -c meshctl -n "__fish_meshctl_using_subcommand next-step" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l current -d 'The Mesh as applied now (live mode reads it from the control plane)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l state -d 'Observed proxy state; repeatable, pages are merged (live mode reads it from the control plane)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l target -d 'The rotation\'s target, to tell the added phase from the switched one' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l mesh -d 'The Mesh to use when an input holds several (required with --control-plane)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l product -d 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which' -r -f -a "kong-mesh\t''
kuma\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l max-input-size -d 'Refuse inputs larger than this many bytes' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l deny -d 'Treat diagnostic CODE as an error (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l warn -d 'Treat diagnostic CODE as a warning (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l allow -d 'Do not report diagnostic CODE (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l now -d 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l min-ca-validity -d 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l secrets -d 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l zones -d 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l zone-egresses -d 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l changed-at -d 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l policies -d 'The mesh\'s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l kuma-version -d 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l dataplane-status-flush-interval -d 'Kuma\'s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane\'s `GET /config` cannot be read: how often insights are written' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l dataplane-configuration-refresh-interval -d 'Kuma\'s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l store-cache-expiration -d 'Kuma\'s `store.cache.expirationTime` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l mesh-min-resync-interval -d 'Kuma\'s `metrics.mesh.minResyncInterval` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l control-plane -d 'Read the current Mesh and the proxies\' state from this Kuma API (e.g. http://127.0.0.1:5681)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l token -d 'Bearer token for the control plane\'s API' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l ca-cert -d 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l request-timeout -d 'Connect and read timeout of each request to the control plane' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l color -d 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l sarif-root -d 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository\'s root)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -l ignore-offline -d 'Leave every disconnected proxy out of the gates (registrations known to be gone)'
complete -c meshctl -n "__fish_meshctl_using_subcommand status" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l target -d 'The Mesh wanted at the end of the rotation' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l current -d 'The Mesh as applied now, when not the control plane\'s' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l timeout -d 'Give up after this long (exit 3)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l interval -d 'Time between polls' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l mesh -d 'The Mesh to use when an input holds several (required with --control-plane)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l product -d 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which' -r -f -a "kong-mesh\t''
kuma\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l max-input-size -d 'Refuse inputs larger than this many bytes' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l deny -d 'Treat diagnostic CODE as an error (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l warn -d 'Treat diagnostic CODE as a warning (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l allow -d 'Do not report diagnostic CODE (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l now -d 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l min-ca-validity -d 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l secrets -d 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l zones -d 'The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`): a disconnected zone holds every gated step. Repeatable; read with the state' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l zone-egresses -d 'Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route through zone egress. Repeatable; read with the state' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l changed-at -d 'When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l policies -d 'The mesh\'s MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`; an empty List: there are none). Repeatable; the files together are the whole set' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l kuma-version -d 'The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the snapshot, else every 2.x behaviour at once' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l dataplane-status-flush-interval -d 'Kuma\'s `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane\'s `GET /config` cannot be read: how often insights are written' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l dataplane-configuration-refresh-interval -d 'Kuma\'s `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l store-cache-expiration -d 'Kuma\'s `store.cache.expirationTime` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l mesh-min-resync-interval -d 'Kuma\'s `metrics.mesh.minResyncInterval` (default 1s)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l control-plane -d 'Read the current Mesh and the proxies\' state from this Kuma API (e.g. http://127.0.0.1:5681)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l token -d 'Bearer token for the control plane\'s API' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l ca-cert -d 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l request-timeout -d 'Connect and read timeout of each request to the control plane' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l color -d 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l sarif-root -d 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository\'s root)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -l ignore-offline -d 'Leave every disconnected proxy out of the gates (registrations known to be gone)'
complete -c meshctl -n "__fish_meshctl_using_subcommand wait" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -s o -l output -d 'Write the snapshot to FILE (atomically) instead of stdout' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l mesh -d 'The Mesh to use when an input holds several (required with --control-plane)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l product -d 'Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does not. In live mode the control plane says which' -r -f -a "kong-mesh\t''
kuma\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l max-input-size -d 'Refuse inputs larger than this many bytes' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l deny -d 'Treat diagnostic CODE as an error (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l warn -d 'Treat diagnostic CODE as a warning (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l allow -d 'Do not report diagnostic CODE (repeatable)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l now -d 'Evaluate time-based checks at this instant (RFC 3339), for reproducible runs' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l min-ca-validity -d 'Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l secrets -d 'Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`); repeatable' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l control-plane -d 'Read the current Mesh and the proxies\' state from this Kuma API (e.g. http://127.0.0.1:5681)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l token -d 'Bearer token for the control plane\'s API' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l ca-cert -d 'Trust this CA (PEM) for an https control plane (needs the `tls` feature)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l request-timeout -d 'Connect and read timeout of each request to the control plane' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l color -d 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -l sarif-root -d 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository\'s root)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand snapshot" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand explain" -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand explain" -l color -d 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand explain" -l sarif-root -d 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository\'s root)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand explain" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand completions" -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand completions" -l color -d 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand completions" -l sarif-root -d 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository\'s root)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand man" -l format -d 'Output format' -r -f -a "human\t''
json\t''
sarif\t''
junit\t''
github\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand man" -l color -d 'When to colour human output (auto honours NO_COLOR and a non-terminal stdout)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c meshctl -n "__fish_meshctl_using_subcommand man" -l sarif-root -d 'SARIF artifact paths are relative to this directory (default: the working directory, which in CI is the repository\'s root)' -r
complete -c meshctl -n "__fish_meshctl_using_subcommand man" -s h -l help -d 'Print help'
complete -c meshctl -n "__fish_meshctl_using_subcommand help; and not __fish_seen_subcommand_from validate plan next-step status wait snapshot explain completions man help" -f -a "validate" -d 'Check one proposed Mesh: a lint alone, or a change against --current'
complete -c meshctl -n "__fish_meshctl_using_subcommand help; and not __fish_seen_subcommand_from validate plan next-step status wait snapshot explain completions man help" -f -a "plan" -d 'Print every step from current to target, each with its gate'
complete -c meshctl -n "__fish_meshctl_using_subcommand help; and not __fish_seen_subcommand_from validate plan next-step status wait snapshot explain completions man help" -f -a "next-step" -d 'Emit the manifest of the next step, if its gate holds (exit 3: wait; 4: done)'
complete -c meshctl -n "__fish_meshctl_using_subcommand help; and not __fish_seen_subcommand_from validate plan next-step status wait snapshot explain completions man help" -f -a "status" -d 'Show where the rotation stands: phase, per-backend trust and issuance'
complete -c meshctl -n "__fish_meshctl_using_subcommand help; and not __fish_seen_subcommand_from validate plan next-step status wait snapshot explain completions man help" -f -a "wait" -d 'Poll a live control plane until the next step\'s gate holds (exit 0) or --timeout (exit 3)'
complete -c meshctl -n "__fish_meshctl_using_subcommand help; and not __fish_seen_subcommand_from validate plan next-step status wait snapshot explain completions man help" -f -a "snapshot" -d 'Write the Mesh and every proxy of a live control plane as one complete JSON file, which --current and --state both read'
complete -c meshctl -n "__fish_meshctl_using_subcommand help; and not __fish_seen_subcommand_from validate plan next-step status wait snapshot explain completions man help" -f -a "explain" -d 'Print the documentation of a diagnostic code'
complete -c meshctl -n "__fish_meshctl_using_subcommand help; and not __fish_seen_subcommand_from validate plan next-step status wait snapshot explain completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c meshctl -n "__fish_meshctl_using_subcommand help; and not __fish_seen_subcommand_from validate plan next-step status wait snapshot explain completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c meshctl -n "__fish_meshctl_using_subcommand help; and not __fish_seen_subcommand_from validate plan next-step status wait snapshot explain completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
