_meshctl() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="meshctl"
                ;;
            meshctl,completions)
                cmd="meshctl__subcmd__completions"
                ;;
            meshctl,explain)
                cmd="meshctl__subcmd__explain"
                ;;
            meshctl,help)
                cmd="meshctl__subcmd__help"
                ;;
            meshctl,man)
                cmd="meshctl__subcmd__man"
                ;;
            meshctl,next-step)
                cmd="meshctl__subcmd__next__subcmd__step"
                ;;
            meshctl,plan)
                cmd="meshctl__subcmd__plan"
                ;;
            meshctl,snapshot)
                cmd="meshctl__subcmd__snapshot"
                ;;
            meshctl,status)
                cmd="meshctl__subcmd__status"
                ;;
            meshctl,validate)
                cmd="meshctl__subcmd__validate"
                ;;
            meshctl,wait)
                cmd="meshctl__subcmd__wait"
                ;;
            meshctl__subcmd__help,completions)
                cmd="meshctl__subcmd__help__subcmd__completions"
                ;;
            meshctl__subcmd__help,explain)
                cmd="meshctl__subcmd__help__subcmd__explain"
                ;;
            meshctl__subcmd__help,help)
                cmd="meshctl__subcmd__help__subcmd__help"
                ;;
            meshctl__subcmd__help,man)
                cmd="meshctl__subcmd__help__subcmd__man"
                ;;
            meshctl__subcmd__help,next-step)
                cmd="meshctl__subcmd__help__subcmd__next__subcmd__step"
                ;;
            meshctl__subcmd__help,plan)
                cmd="meshctl__subcmd__help__subcmd__plan"
                ;;
            meshctl__subcmd__help,snapshot)
                cmd="meshctl__subcmd__help__subcmd__snapshot"
                ;;
            meshctl__subcmd__help,status)
                cmd="meshctl__subcmd__help__subcmd__status"
                ;;
            meshctl__subcmd__help,validate)
                cmd="meshctl__subcmd__help__subcmd__validate"
                ;;
            meshctl__subcmd__help,wait)
                cmd="meshctl__subcmd__help__subcmd__wait"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        meshctl)
            opts="-q -h -V --format --color --sarif-root --junit-flavor --quiet --help --version validate plan next-step status wait snapshot explain completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "human json sarif junit github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --sarif-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit-flavor)
                    COMPREPLY=($(compgen -W "jenkins gitlab" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__completions)
            opts="-q -h --format --color --sarif-root --junit-flavor --quiet --help bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "human json sarif junit github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --sarif-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit-flavor)
                    COMPREPLY=($(compgen -W "jenkins gitlab" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__explain)
            opts="-q -h --list --format --color --sarif-root --junit-flavor --quiet --help duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "human json sarif junit github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --sarif-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit-flavor)
                    COMPREPLY=($(compgen -W "jenkins gitlab" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help)
            opts="validate plan next-step status wait snapshot explain completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help__subcmd__explain)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help__subcmd__man)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help__subcmd__next__subcmd__step)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help__subcmd__plan)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help__subcmd__snapshot)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help__subcmd__validate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__help__subcmd__wait)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__man)
            opts="-q -h --dir --format --color --sarif-root --junit-flavor --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json sarif junit github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --sarif-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit-flavor)
                    COMPREPLY=($(compgen -W "jenkins gitlab" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__next__subcmd__step)
            opts="-D -W -A -o -q -h --current --target --state --mesh --product --max-input-size --deny --warn --allow --now --min-ca-validity --config --no-config --secrets --zones --zone-egresses --changed-at --ignore-offline --policies --kuma-version --dataplane-status-flush-interval --dataplane-configuration-refresh-interval --store-cache-expiration --mesh-min-resync-interval --control-plane --token --ca-cert --request-timeout --output --format --color --sarif-root --junit-flavor --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --current)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --product)
                    COMPREPLY=($(compgen -W "kong-mesh kuma" -- "${cur}"))
                    return 0
                    ;;
                --max-input-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deny)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -D)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --warn)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -W)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --allow)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -A)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --now)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ca-validity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secrets)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zones)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zone-egresses)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --changed-at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --policies)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kuma-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dataplane-status-flush-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dataplane-configuration-refresh-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store-cache-expiration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh-min-resync-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --control-plane)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-cert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json sarif junit github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --sarif-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit-flavor)
                    COMPREPLY=($(compgen -W "jenkins gitlab" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__plan)
            opts="-D -W -A -q -h --current --target --state --mesh --product --max-input-size --deny --warn --allow --now --min-ca-validity --config --no-config --secrets --zones --zone-egresses --changed-at --ignore-offline --policies --kuma-version --dataplane-status-flush-interval --dataplane-configuration-refresh-interval --store-cache-expiration --mesh-min-resync-interval --control-plane --token --ca-cert --request-timeout --write-steps --format --color --sarif-root --junit-flavor --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --current)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --product)
                    COMPREPLY=($(compgen -W "kong-mesh kuma" -- "${cur}"))
                    return 0
                    ;;
                --max-input-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deny)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -D)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --warn)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -W)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --allow)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -A)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --now)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ca-validity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secrets)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zones)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zone-egresses)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --changed-at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --policies)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kuma-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dataplane-status-flush-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dataplane-configuration-refresh-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store-cache-expiration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh-min-resync-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --control-plane)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-cert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --write-steps)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json sarif junit github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --sarif-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit-flavor)
                    COMPREPLY=($(compgen -W "jenkins gitlab" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__snapshot)
            opts="-o -D -W -A -q -h --output --mesh --product --max-input-size --deny --warn --allow --now --min-ca-validity --config --no-config --secrets --control-plane --token --ca-cert --request-timeout --format --color --sarif-root --junit-flavor --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --product)
                    COMPREPLY=($(compgen -W "kong-mesh kuma" -- "${cur}"))
                    return 0
                    ;;
                --max-input-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deny)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -D)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --warn)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -W)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --allow)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -A)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --now)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ca-validity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secrets)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --control-plane)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-cert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json sarif junit github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --sarif-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit-flavor)
                    COMPREPLY=($(compgen -W "jenkins gitlab" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__status)
            opts="-D -W -A -q -h --current --state --target --mesh --product --max-input-size --deny --warn --allow --now --min-ca-validity --config --no-config --secrets --zones --zone-egresses --changed-at --ignore-offline --policies --kuma-version --dataplane-status-flush-interval --dataplane-configuration-refresh-interval --store-cache-expiration --mesh-min-resync-interval --control-plane --token --ca-cert --request-timeout --format --color --sarif-root --junit-flavor --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --current)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --product)
                    COMPREPLY=($(compgen -W "kong-mesh kuma" -- "${cur}"))
                    return 0
                    ;;
                --max-input-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deny)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -D)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --warn)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -W)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --allow)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -A)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --now)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ca-validity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secrets)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zones)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zone-egresses)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --changed-at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --policies)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kuma-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dataplane-status-flush-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dataplane-configuration-refresh-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store-cache-expiration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh-min-resync-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --control-plane)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-cert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json sarif junit github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --sarif-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit-flavor)
                    COMPREPLY=($(compgen -W "jenkins gitlab" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__validate)
            opts="-D -W -A -q -h --current --state --upgrade-to --skip-other-kinds --mesh --product --max-input-size --deny --warn --allow --now --min-ca-validity --config --no-config --secrets --zones --zone-egresses --changed-at --ignore-offline --policies --kuma-version --dataplane-status-flush-interval --dataplane-configuration-refresh-interval --store-cache-expiration --mesh-min-resync-interval --control-plane --token --ca-cert --request-timeout --format --color --sarif-root --junit-flavor --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --current)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --upgrade-to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --product)
                    COMPREPLY=($(compgen -W "kong-mesh kuma" -- "${cur}"))
                    return 0
                    ;;
                --max-input-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deny)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -D)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --warn)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -W)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --allow)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -A)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --now)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ca-validity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secrets)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zones)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zone-egresses)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --changed-at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --policies)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kuma-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dataplane-status-flush-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dataplane-configuration-refresh-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store-cache-expiration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh-min-resync-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --control-plane)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-cert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json sarif junit github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --sarif-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit-flavor)
                    COMPREPLY=($(compgen -W "jenkins gitlab" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        meshctl__subcmd__wait)
            opts="-D -W -A -q -h --target --current --timeout --interval --mesh --product --max-input-size --deny --warn --allow --now --min-ca-validity --config --no-config --secrets --zones --zone-egresses --changed-at --ignore-offline --policies --kuma-version --dataplane-status-flush-interval --dataplane-configuration-refresh-interval --store-cache-expiration --mesh-min-resync-interval --control-plane --token --ca-cert --request-timeout --format --color --sarif-root --junit-flavor --quiet --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --target)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --current)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --product)
                    COMPREPLY=($(compgen -W "kong-mesh kuma" -- "${cur}"))
                    return 0
                    ;;
                --max-input-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deny)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -D)
                    COMPREPLY=($(compgen -W "warnings duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --warn)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -W)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --allow)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                -A)
                    COMPREPLY=($(compgen -W "duplicate-backend-name unknown-enabled-backend invalid-duration unknown-backend-type too-many-backends missing-ca-source invalid-data-source zone-egress-requires-mtls mesh-name-too-long invalid-mesh-name invalid-backend-name invalid-backend-conf unknown-field invalid-mesh-identity invalid-mesh-trust invalid-mesh-tls invalid-mesh-traffic-permission ca-unreadable ca-not-ca ca-missing-key-cert-sign ca-key-agreement-set ca-key-mismatch ca-expired ca-not-yet-valid ca-expires-soon ca-outlived-by-proxy-certs ca-weak-key ca-weak-signature ca-chain-incomplete ca-name-constraints ca-key-in-cert ca-self-signed-not-allowed ca-reused secret-unresolved switch-to-unadded-backend switch-and-remove in-place-ca-change mode-mismatch mtls-disabled switch-forbidden-on-kuma enable-into-strict disable-from-strict mesh-managed-by-global multiple-steps builtin-ca-settings unrelated-changes meshservices-not-exclusive meshtls-permissive-needed legacy-ca-unavailable identity-loses-selection identity-spiffe-id-changed identity-ca-deleted new-backend-not-trusted old-backend-still-issued strict-not-ready config-not-converged zone-offline zone-egress-offline zone-egress-not-converged zone-egress-unchecked proxy-state-unknown offline-certificate-unknown proxies-offline insight-stale config-rejected permissive-plaintext-window mesh-identity-managed proxy-cert-expired state-empty state-incomplete duplicate-proxies identity-not-ready authorization-lost authorization-opened authorization-deny-all authorization-enforced authorization-inexpressible authorization-unchecked upgrade-no-identity upgrade-legacy-certificate secret-missing gate-unchecked input-error" -- "${cur}"))
                    return 0
                    ;;
                --now)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-ca-validity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secrets)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zones)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --zone-egresses)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --changed-at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --policies)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kuma-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dataplane-status-flush-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dataplane-configuration-refresh-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store-cache-expiration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mesh-min-resync-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --control-plane)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-cert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json sarif junit github" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --sarif-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --junit-flavor)
                    COMPREPLY=($(compgen -W "jenkins gitlab" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _meshctl -o nosort -o bashdefault -o default meshctl
else
    complete -F _meshctl -o bashdefault -o default meshctl
fi
