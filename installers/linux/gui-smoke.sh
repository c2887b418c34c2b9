#!/usr/bin/env bash
# Opens the frozen editor on a project inside an X server that xvfb-run started, waits for
# its main window to be mapped, takes a screenshot of the screen and closes the editor.
# The editor runs with a clean environment: only HOME, PATH and the X display.
#   xvfb-run -a -s "-screen 0 1280x960x24" bash gui-smoke.sh BINARY HOME PATH PROJECT OUT.png
# Prints "window shown after N.NN s" (from launch to the mapped main window).
set -euo pipefail
if [[ $# -ne 5 ]]; then
  echo "usage: gui-smoke.sh BINARY HOME PATH PROJECT OUT.png (inside xvfb-run)" >&2
  exit 2
fi
binary=$1 home=$2 clean_path=$3 project=$4 png=$5
: "${DISPLAY:?gui-smoke.sh needs an X display: run it under xvfb-run}"
log="$png.log"
settle_s=4      # after mapping, time for the canvas and preview to paint
timeout_s=90

main_window() {  # id of the mapped top-level window titled "<project> — ShotGraph"
  local id
  for id in $(xwininfo -root -tree | awk '/ShotGraph"/ {print $1}'); do
    if xwininfo -id "$id" | grep -q "Map State: IsViewable"; then
      echo "$id"
      return 0
    fi
  done
  return 1
}

start=$(date +%s.%N)
env -i HOME="$home" PATH="$clean_path" DISPLAY="$DISPLAY" XAUTHORITY="${XAUTHORITY:-}" \
  "$binary" gui "$project" >"$log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true' EXIT

until window=$(main_window); do
  if ! kill -0 "$app" 2>/dev/null; then
    echo "gui-smoke: the editor exited before showing its window; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  if (( $(date +%s) - ${start%.*} > timeout_s )); then
    echo "gui-smoke: no ShotGraph window after ${timeout_s}s; the editor's output:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.05
done
shown=$(date +%s.%N)
printf 'window shown after %.2f s (window %s)\n' "$(echo "$shown - $start" | bc)" "$window"

sleep "$settle_s"
size=$(xwininfo -root | awk '/^  Width:/ {w=$2} /^  Height:/ {h=$2} END {print w "x" h}')
ffmpeg -v error -y -f x11grab -video_size "$size" -i "$DISPLAY" -frames:v 1 "$png"
kill "$app"
wait "$app" 2>/dev/null || true
trap - EXIT
if [[ -s "$log" ]]; then
  echo "gui-smoke: the editor printed (kept in $log):"
  sed 's/^/  /' "$log" | tail -20
fi
echo "screenshot: $png ($size)"
