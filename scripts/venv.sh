# Sourced by scripts/demo.sh and scripts/test.sh: make .venv (with $PYTHON, default
# python3) if it is missing, then install rjkernel into it with the extras given.
ensure_venv() {
    local extras=$1
    if [ ! -x .venv/bin/python ]; then
        echo "== creating .venv"
        "${PYTHON:-python3}" -m venv .venv
    fi
    echo "== installing rjkernel[$extras] into .venv"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[$extras]"
}
