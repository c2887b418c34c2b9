#!/usr/bin/env bash
# Builds the Linux download and proves it works on its own:
#   1. PyInstaller one-folder bundle from installers/shotgraph.spec -> dist/shotgraph/
#   2. tarball with a .desktop entry, an icon and install.sh
#      -> dist/shotgraph-<version>-linux-<arch>.tar.gz
#   3. smoke test of the unpacked tarball with a clean environment (env -i, and a PATH
#      holding only espeak-ng and fc-match: no Python, no system ffmpeg or ffprobe):
#      --version, doctor, new + run --export of the demo, verify of its labels, ffprobe
#      of the MP4 (from the build machine), and the editor under xvfb-run with a screenshot.
# Usage: bash installers/linux/build.sh [--no-smoke]
# Needs: ./.venv (installers/setup.sh), and for the smoke test xvfb-run, xwininfo, bc,
# ffmpeg and ffprobe on the build machine (installers/setup-system.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
smoke=1
case "${1:-}" in
  "") ;;
  --no-smoke) smoke=0 ;;
  *) echo "usage: bash installers/linux/build.sh [--no-smoke]" >&2; exit 2 ;;
esac

if [[ ! -x "$PY" ]]; then
  echo "build: no .venv here; run 'bash installers/setup.sh' first" >&2
  exit 1
fi
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
build_start=$(now)

# -- 1. the bundle --------------------------------------------------------------------
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  echo "build: installing PyInstaller (the 'build' extra of pyproject.toml)"
  "$PY" -m pip install --quiet -e ".[build]"
fi
version=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(uname -m)
name="shotgraph-$version-linux-$arch"
rm -rf dist/shotgraph "dist/$name" "dist/$name.tar.gz"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installers/shotgraph.spec
bundle_s=$(since "$build_start")

# -- 2. the tarball -------------------------------------------------------------------
cp installers/linux/shotgraph.desktop installers/linux/shotgraph.svg \
  installers/linux/install.sh dist/shotgraph/
mv dist/shotgraph "dist/$name"
tar -C dist -czf "dist/$name.tar.gz" "$name"
mv "dist/$name" dist/shotgraph
build_s=$(since "$build_start")

echo
echo "== build"
printf 'bundle built in %.0f s, tarball done after %.0f s\n' "$bundle_s" "$build_s"
echo "bundle size:  $(du -sh dist/shotgraph | cut -f1)  (dist/shotgraph)"
echo "tarball size: $(du -sh "dist/$name.tar.gz" | cut -f1)  (dist/$name.tar.gz)"
[[ $smoke -eq 1 ]] || exit 0

# -- 3. smoke test of the unpacked tarball --------------------------------------------
for tool in xvfb-run xwininfo bc ffmpeg ffprobe espeak-ng fc-match; do
  command -v "$tool" >/dev/null || {
    echo "build: the smoke test needs $tool; run installers/setup-system.sh" >&2; exit 1; }
done
tmp=$(mktemp -d /tmp/shotgraph-smoke.XXXXXX)
mkdir -p "$tmp/home" "$tmp/bin" "$tmp/x"
tar -C "$tmp" -xzf "dist/$name.tar.gz"
app="$tmp/$name/shotgraph"
# The only outside programs the bundle runs: the offline voice and the CJK font lookup.
# No ffprobe: the bundled imageio ffmpeg has none, and the app must not need it.
ln -s "$(command -v espeak-ng)" "$(command -v fc-match)" "$tmp/bin/"
clean() { env -i HOME="$tmp/home" PATH="$tmp/bin" "$@"; }
for missing in python python3 ffmpeg ffprobe; do
  if clean /bin/sh -c "command -v $missing" >/dev/null; then
    echo "build: $missing is on the clean PATH; the smoke test would prove nothing" >&2
    exit 1
  fi
done

echo
echo "== smoke test in $tmp (env -i, PATH=$tmp/bin: $(ls "$tmp/bin" | tr '\n' ' '))"
t=$(now); clean "$app" --version; printf 'cold start (--version): %.2f s\n' "$(since "$t")"
t=$(now); clean "$app" --version >/dev/null; printf 'warm start (--version): %.2f s\n' "$(since "$t")"
clean "$app" doctor
clean "$app" new "$tmp/x/ep1" --template demo
t=$(now)
clean "$app" run "$tmp/x/ep1" --export "$tmp/x/ep1.mp4"
printf 'demo run + export: %.1f s\n' "$(since "$t")"

streams=$(ffprobe -v error -show_entries stream=codec_type,codec_name,width,height \
  -of compact=p=0:nk=0 "$tmp/x/ep1.mp4")
duration=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$tmp/x/ep1.mp4")
echo "ffprobe: $(echo "$streams" | tr '\n' ' ')duration=$duration"
grep -q "codec_name=h264|codec_type=video|width=1080|height=1920" <<<"$streams" || {
  echo "build: the exported MP4 is not 1080x1920 H.264" >&2; exit 1; }
grep -q "codec_name=aac|codec_type=audio" <<<"$streams" || {
  echo "build: the exported MP4 has no AAC audio" >&2; exit 1; }

clean "$app" verify "$tmp/x/ep1.mp4"  # both AI labels read back by the frozen app

xvfb-run -a -s "-screen 0 1600x1000x24" bash installers/linux/gui-smoke.sh \
  "$app" "$tmp/home" "$tmp/bin" "$tmp/x/ep1" "$tmp/gui.png"
printf 'whole build + smoke test: %.0f s\n' "$(since "$build_start")"
echo "smoke test passed; screenshot at $tmp/gui.png (delete $tmp when done)"
