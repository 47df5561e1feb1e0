#!/usr/bin/env bash
# Install everything the tests need (system packages included) and run them:
# lint (ruff), the layering contract (import-linter: no Qt in the core), then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff"
.venv/bin/ruff check workbench tests bench scripts
echo "== import-linter"
.venv/bin/lint-imports --no-cache
echo "== pytest"
.venv/bin/python -m pytest "$@"
