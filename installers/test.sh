#!/usr/bin/env bash
# Sets up (with the dev extra), then lints, checks the Qt-free contract, and runs the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
SHOTGRAPH_EXTRAS=dev bash installers/setup.sh

export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check app nodes tests bench main.py
.venv/bin/lint-imports
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
  echo "test: pytest collected no tests; that is a failure here" >&2
  exit 1
fi
exit $status
