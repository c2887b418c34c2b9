#!/usr/bin/env bash
# Adds the unpacked ShotGraph folder to the desktop menu and to the command line,
# for the current user only (~/.local). Run it from the unpacked folder:
#   ./install.sh              # menu entry, icon, ~/.local/bin/shotgraph
#   ./install.sh --uninstall  # removes the three again (the folder stays)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
apps="$data/applications"
icons="$data/icons/hicolor/scalable/apps"
bin="$HOME/.local/bin"

if [[ "${1:-}" == "--uninstall" ]]; then
  rm -f "$apps/shotgraph.desktop" "$icons/shotgraph.svg" "$bin/shotgraph"
  echo "install: removed the menu entry, the icon and $bin/shotgraph"
  exit 0
fi
if [[ ! -x "$here/shotgraph" ]]; then
  echo "install: $here/shotgraph is missing; run this script from the unpacked folder" >&2
  exit 1
fi
mkdir -p "$apps" "$icons" "$bin"
cp "$here/shotgraph.svg" "$icons/shotgraph.svg"
# The menu entry runs this folder's executable by its full path, so it works without PATH.
sed "s|^Exec=shotgraph|Exec=\"$here/shotgraph\"|" "$here/shotgraph.desktop" > "$apps/shotgraph.desktop"
ln -sfn "$here/shotgraph" "$bin/shotgraph"
if command -v update-desktop-database >/dev/null; then
  update-desktop-database "$apps" || true  # only refreshes a cache; the entry works without it
fi
echo "install: ShotGraph is in the applications menu; the command is $bin/shotgraph"
