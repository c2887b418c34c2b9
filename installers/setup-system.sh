#!/usr/bin/env bash
# Installs the system packages ShotGraph needs (DESIGN.md §6): ffmpeg, a CJK font,
# espeak-ng for the offline voice, Xvfb and Qt's xcb libraries for a real window.
# Runs apt only when something is missing, so a prepared machine is left untouched.
set -euo pipefail

PACKAGES=(ffmpeg fonts-noto-cjk espeak-ng xvfb xauth libxcb-cursor0 libxkbcommon-x11-0
  libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0
  libxcb-xinerama0 libxcb-randr0 libegl1 libgl1 libfontconfig1 libdbus-1-3 fontconfig
  libchromaprint-tools g++  # fpcalc: audio fingerprints; g++ builds pdqhash (issue 17)
  x11-utils bc)  # the last two: the installer smoke test (xwininfo, timings)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup-system: not a Debian/Ubuntu machine; install these yourself: ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "setup-system: all system packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup-system: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
