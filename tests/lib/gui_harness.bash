# Sourced by the tests/gui_*.sh scripts (not a test itself: ctest globs tests/*.sh only).
# Re-runs the calling script under its own Xvfb (ctest runs tests in parallel, so each needs
# its own display), and gives it: $app, $tmp (removed at exit; the app's stdout/stderr go to
# $tmp/out and $tmp/err), $pid (killed at exit), and the helpers below.
if [[ -z "${LL_UNDER_XVFB:-}" ]]; then
  exec env LL_UNDER_XVFB=1 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" "$@"
fi

app=${LATENTLAB_APP:?LATENTLAB_APP must name the latentlab binary}
tmp=$(mktemp -d)
pid=
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "--- app stdout (tail) ---" >&2; tail -n 30 "$tmp/out" >&2 || true
  echo "--- app stderr ---" >&2; cat "$tmp/err" >&2 || true
  exit 1
}
wait_for() {  # wait_for REGEX SECONDS: a line of the app's stdout
  local deadline=$((SECONDS + $2))
  until grep -qE "$1" "$tmp/out"; do
    kill -0 "$pid" 2>/dev/null || fail "app exited while waiting for /$1/"
    ((SECONDS < deadline)) || fail "no /$1/ within $2 s"
    sleep 0.1
  done
}
# quit_with_ctrl_q: Ctrl+Q (focus follows the pointer: move it over the window first); the app
# must exit 0 within 10 s, having shut down in order (BYE).
quit_with_ctrl_q() {
  xdotool key ctrl+q
  local status=0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "Ctrl+Q did not close the app within 10 s"
  wait "$pid" || status=$?
  pid=
  ((status == 0)) || fail "exit status $status after Ctrl+Q"
  grep -q '^BYE' "$tmp/out" || fail "no BYE: the app did not shut down in order"
}
region() { grep -E "^LAYOUT $1 " "$tmp/out" | tail -n 1 | cut -d' ' -f3-; }  # "x0 y0 x1 y1"
click() {  # click REGION: a click in its centre
  read -r x0 y0 x1 y1 <<<"$(region "$1")"
  [[ -n "${y1:-}" ]] || fail "no layout for $1"
  xdotool mousemove $(((x0 + x1) / 2)) $(((y0 + y1) / 2)); sleep 0.3; xdotool click 1; sleep 0.3
}
shot() {  # shot REGION FILE: a screenshot of the region, straight from the X server
  read -r x0 y0 x1 y1 <<<"$(region "$1")"
  /usr/bin/import -window root -crop "$((x1 - x0))x$((y1 - y0))+$x0+$y0" +repage "$2"
}
differing_pixels() { /usr/bin/compare -metric AE "$1" "$2" null: 2>&1 | cut -d' ' -f1 || true; }
# drag_track TO_FRACTION: drag the timeline knob from the right end (the present) to a
# fraction of the track, a step every few frames.
drag_track() {
  read -r x0 y0 x1 y1 <<<"$(region timeline)"
  local cy=$(((y0 + y1) / 2)) from=$((x1 - 8)) to
  to=$(awk -v a="$x0" -v b="$x1" -v f="$1" 'BEGIN { printf "%d", a + 2 + f * (b - a - 4) }')
  xdotool mousemove "$from" "$cy"; sleep 0.3
  xdotool mousedown 1; sleep 0.3
  for k in $(seq 1 8); do xdotool mousemove $((from + (to - from) * k / 8)) "$cy"; sleep 0.1; done
  # ImGui 1.86 reads the button as frame state: a release in the same frame as the last move
  # leaves the knob where the frame before saw it, so give the app time to draw the end.
  sleep 0.6
  xdotool mouseup 1; sleep 0.3
}
