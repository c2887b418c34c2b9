#!/usr/bin/env bash
# Sets up, then makes the demo episode with the offline defaults (no account, no network):
# demo-episode/ holds the project; demo-episode/episode.mp4 (+ .srt) is the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installers/setup.sh
PROJECT="${1:-demo-episode}"
TEMPLATE="${SHOTGRAPH_TEMPLATE:-demo}"
if ! ls "$PROJECT"/*.shotgraph >/dev/null 2>&1; then
  .venv/bin/shotgraph new "$PROJECT" --template "$TEMPLATE"
fi
.venv/bin/shotgraph run "$PROJECT" --export "$PROJECT/episode.mp4"
