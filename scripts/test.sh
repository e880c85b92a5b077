#!/usr/bin/env bash
# Quick start, command 2: set up everything the tests need (Python packages, Chromium,
# a CJK font, Java) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
