#!/usr/bin/env bash
# Python suites: creates/updates the repo's .venv, then runs mypy --strict on the
# hand-written package and pytest on test/python.
set -euo pipefail
cd "$(dirname "$0")/.."
py="$(bash scripts/ensure-venv.sh)"
export PYTHONPATH="python:bindings/python${PYTHONPATH:+:$PYTHONPATH}"
if [ -d python/omendb ]; then
  "$py" -m mypy --strict python/omendb
fi
"$py" -m pytest -q "${@:-test/python}"
