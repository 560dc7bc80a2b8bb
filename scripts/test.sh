#!/usr/bin/env bash
# Run rjkernel's whole test suite on a fresh Debian/Ubuntu machine: installs what the
# tests need (OpenSSH's sshd for the SSH tests, Chromium for the browser tests), makes a
# virtualenv in .venv, installs rjkernel with its test extras, checks the code with ruff,
# and runs pytest. Extra arguments go to pytest (e.g. `bash scripts/test.sh -k receive`).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# Playwright's node driver needs libatomic, which minimal images lack.
ldconfig -p 2>/dev/null | grep -q libatomic.so.1 || need_apt+=(libatomic1)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "== installing ${need_apt[*]} (apt-get)"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    # The tests start their own sshd on loopback; the package must not start the
    # system one (on 0.0.0.0:22). policy-rc.d = 101 tells invoke-rc.d "don't start".
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
        $sudo chmod +x "$policy"
    fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
    [ -z "$policy" ] || $sudo rm -f "$policy"
fi

source scripts/venv.sh
ensure_venv test,dev

echo "== ruff"
.venv/bin/ruff check rjkernel tests benchmarks

echo "== pytest"
export RJKERNEL_REQUIRE_SSHD=1 RJKERNEL_REQUIRE_BROWSER=1
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
