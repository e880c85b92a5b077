#!/usr/bin/env bash
# Quick start, command 1: set up and build the graph of every report in data/reports
# into build/ (graph.ttl, graph.trig, graph.jsonld, graph.graphml, graph.html).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/kg build "$@"
