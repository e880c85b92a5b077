#!/usr/bin/env bash
# Set up everything kg needs on a fresh Debian machine with Python 3.11, as root or not.
#   scripts/setup.sh          Python environment in .venv with kg and its runtime dependencies
#                             (and dask distributed, for kg build --scheduler)
#   scripts/setup.sh --test   also the test tools, Chromium, a CJK font and Java (for the browser,
#                             notebook, reasoner and Jena tests)
# Idempotent: a second run only checks. Nothing is downloaded at run time afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.kg-installed"
if [ $want_test = 1 ]; then stamp=".venv/.kg-installed-test"; fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  if [ $want_test = 1 ]; then
    .venv/bin/python -m pip install -q -e ".[test,cluster]"
  else
    .venv/bin/python -m pip install -q -e ".[cluster]"
  fi
  touch "$stamp"
fi
# kg's bytecode, as pip writes it when it installs a wheel: a shell where Python may not write
# bytecode (PYTHONDONTWRITEBYTECODE) then starts kg without compiling its sources every run.
# Only changed files are compiled again.
.venv/bin/python -m compileall -q kg >/dev/null

if [ $want_test = 1 ]; then
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  fc-list 2>/dev/null | grep -qi "noto sans cjk sc" || need+=(fonts-noto-cjk)   # the notebooks' chart font
  [ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)   # TrueType CJK: test PDFs (fpdf2)
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  command -v riot >/dev/null 2>&1 || [ -e /usr/share/java/jena-arq.jar ] || need+=(libapache-jena-java)
  command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
  if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
