#!/usr/bin/env bash
# What the app ships besides code (assets/), in the real app under Xvfb. From a build, the
# source tree's assets/ is found (ASSETS event) and used without a complaint; in the Draw tab
# an example drawing loads onto the canvas and both models encode it (ENCODED events: the
# canvas changed). Pointed at a folder whose icon, colour table and drawing
# are broken (LATENTLAB_ASSETS), the app says so in one ERROR line naming the files, keeps
# its built-in icon and colours, runs on, says why the drawing cannot be loaded, and Ctrl+Q
# exits 0. Needs LATENTLAB_APP (set by ctest), LATENTLAB_SRC, xvfb-run, xdotool.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"
src=${LATENTLAB_SRC:?LATENTLAB_SRC must name the source tree}

start() {
  : >"$tmp/out"
  "$app" --data synthetic --latent 2 --compare --tab draw --print-layout >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  wait_for '^READY' 30
  wait_for '^LAYOUT draw-load-example ' 10
}

start
grep -qx "ASSETS dir=$(realpath "$src/assets")" "$tmp/out" || fail "the source tree's assets/ was not the one used"
grep -qE '^ERROR' "$tmp/out" && fail "a good assets folder gave an error"
[[ -s "$tmp/err" ]] && fail "a good assets folder printed on stderr"
before=$(grep -c '^ENCODED ' "$tmp/out" || true)
click draw-load-example
sleep 1
(($(grep -c '^ENCODED ' "$tmp/out") - before >= 2)) || fail "the example drawing was not encoded by both models"
echo "example drawing: $(grep -E '^ENCODED vae ' "$tmp/out" | tail -n 1)"
xdotool mousemove 640 400; sleep 0.2
quit_with_ctrl_q

# A broken assets folder: not an image, a colour table with a bad line, a drawing of garbage.
bad="$tmp/bad"
mkdir -p "$bad/colormaps" "$bad/drawings"
echo "not a png" >"$bad/icon.png"
printf '440154\nnot-a-colour\n' >"$bad/colormaps/viridis.txt"
cp "$src/assets/colormaps/magma.txt" "$bad/colormaps/"
head -c 300 /dev/urandom >"$bad/drawings/broken.png"
export LATENTLAB_ASSETS=$bad
start
grep -qx "ASSETS dir=$bad" "$tmp/out" || fail "LATENTLAB_ASSETS was not the folder used"
errors=$(grep -c '^ERROR' "$tmp/out" || true)
((errors == 1)) || fail "$errors ERROR lines for the broken assets, expected one"
line=$(grep -m1 '^ERROR' "$tmp/out")
for f in icon.png viridis.txt; do
  grep -q "$f" <<<"$line" || fail "the message does not name $f: $line"
done
grep -q "line 2" <<<"$line" || fail "the colour table's message does not say which line: $line"
echo "broken assets: $line"
click draw-load-example
wait_for '^ERROR .*broken\.png' 10
kill -0 "$pid" 2>/dev/null || fail "the app died on a broken asset"
xdotool mousemove 640 400; sleep 0.2
quit_with_ctrl_q
