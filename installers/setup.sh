#!/usr/bin/env bash
# Sets ShotGraph up on a fresh Debian/Ubuntu machine with Python 3.11+:
# system packages (only when missing), then a local virtualenv with pinned deps.
set -euo pipefail
cd "$(dirname "$0")/.."

bash installers/setup-system.sh

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: ShotGraph needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version))" >&2
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
EXTRAS="${SHOTGRAPH_EXTRAS:-}"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".${EXTRAS:+[$EXTRAS]}"
# An editable install leaves ShotGraph's own modules uncompiled: compile them now, so the
# first launch does not (and a machine with PYTHONDONTWRITEBYTECODE set is not slower at
# every launch, compiling them again each time).
.venv/bin/python -m compileall -q app nodes main.py >/dev/null
echo "setup: ready (.venv)"
