#!/usr/bin/env bash
# Try rjkernel with no servers of your own: installs rjkernel into .venv, starts three
# demo SSH hosts (Server01..03) on 127.0.0.1 — no root, no system sshd — and opens the
# about_Remote_Jobs tour in JupyterLab. With --headless it runs the tour instead and
# prints what each cell shows.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv demo
exec .venv/bin/rjkernel demo "$@"
