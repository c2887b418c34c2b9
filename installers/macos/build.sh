#!/usr/bin/env bash
# Builds ShotGraph.app and a drag-to-Applications DMG on a Mac (Apple silicon or Intel:
# the app runs on the architecture it was built on).
#   bash installers/macos/build.sh
# Output: dist/ShotGraph.app and dist/shotgraph-<version>-macos-<arch>.dmg
# Set SHOTGRAPH_CODESIGN_IDENTITY="Developer ID Application: …" to sign with your
# certificate; otherwise the app keeps PyInstaller's ad-hoc signature, which runs on the
# build Mac but is stopped by Gatekeeper elsewhere (installers/README.md, "macOS").
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "$(uname -s)" != Darwin ]]; then
  echo "build: this script builds the macOS app and must run on macOS" >&2
  exit 1
fi
PY=.venv/bin/python
if [[ ! -x "$PY" ]]; then
  echo "build: no .venv here; create it: python3 -m venv .venv && .venv/bin/pip install -e '.[build]'" >&2
  exit 1
fi
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  "$PY" -m pip install --quiet -e ".[build]"
fi
version=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
dmg="dist/shotgraph-$version-macos-$(uname -m).dmg"

rm -rf dist/shotgraph dist/ShotGraph.app "$dmg"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installers/shotgraph.spec
# The executable inside the bundle is also the command line.
dist/ShotGraph.app/Contents/MacOS/shotgraph --version

if [[ -n "${SHOTGRAPH_CODESIGN_IDENTITY:-}" ]]; then
  codesign --force --deep --options runtime --timestamp \
    --sign "$SHOTGRAPH_CODESIGN_IDENTITY" dist/ShotGraph.app
  codesign --verify --deep --strict dist/ShotGraph.app
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R dist/ShotGraph.app "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "ShotGraph $version" -srcfolder "$staging" -fs HFS+ \
  -format UDZO -ov "$dmg"
echo "build: $dmg ($(du -sh "$dmg" | cut -f1))"
