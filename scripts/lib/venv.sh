# Sourced by the scripts: make .venv if missing and install the project into it when
# pyproject.toml changed since the last install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "opsledger: creating .venv with $($python --version)" >&2
    "$python" -m venv .venv
fi
stamp=".venv/.opsledger-installed"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ] || ! .venv/bin/python -c "import infrastructure" 2>/dev/null; then
    echo "opsledger: installing the project and its tools into .venv" >&2
    .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
    .venv/bin/python -m pip install --quiet -e ".[dev]"
    echo "$wanted" > "$stamp"
fi
