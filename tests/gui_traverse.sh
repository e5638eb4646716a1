#!/usr/bin/env bash
# The Traverse tab in the real app under Xvfb: with `--latent 8 --tab traverse` on a small
# synthetic set, the tab and its content report their LAYOUT regions, both models' grids land
# as TRAVERSE events with eight rows (one per latent dimension) and seven columns, decoded from
# the mean code or the image in focus, and the region shows decoded images (many grey levels,
# not a blank panel). Training on, the grids follow the models (more TRAVERSE events);
# hovering a dot on a map makes that test image the grids' base (source=hover:<i>). With
# `--latent 2` the tab says why the maps already show it and decodes nothing. Ctrl+Q exits 0.
# Needs LATENTLAB_APP (set by ctest), xvfb-run, xdotool, ImageMagick.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"

touch "$tmp/out" "$tmp/err"
"$app" --data synthetic:1200 --latent 8 --compare --autostart --tab traverse --print-layout >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_for '^READY' 30
wait_for '^LAYOUT tab-traverse ' 10
wait_for '^LAYOUT traverse ' 10
for m in vae ae; do
  wait_for "^TRAVERSE model=$m rows=8 cols=7 source=(mean|hover:[0-9]+|pinned:[0-9]+|point) " 60
done
echo "traverse: $(grep -m1 '^TRAVERSE model=vae' "$tmp/out")"
grep -qE '^ERROR' "$tmp/out" && fail "an error was shown"
# Training moves the models, and the grids are decoded again from the new ones.
wait_for '^STATUS running' 30
deadline=$((SECONDS + 60))
until (($(grep -c '^TRAVERSE model=vae' "$tmp/out") >= 3)); do
  ((SECONDS < deadline)) || fail "the traversal did not follow training (one grid in 60 s)"
  sleep 0.2
done
# The image in focus drives the grid: hovering dots on the VAE's map (a small spiral around
# the middle of its fitted cloud) makes a hovered test image the base of both grids.
read -r mx0 my0 mx1 my1 <<<"$(region latent-vae)"
cx=$(((mx0 + mx1) / 2)); cy=$(((my0 + my1) / 2))
for k in $(seq 0 24); do
  xdotool mousemove $((cx + (k % 5 - 2) * 6)) $((cy + (k / 5 - 2) * 6)); sleep 0.15
  grep -qE '^TRAVERSE model=vae rows=8 cols=7 source=hover:[0-9]+ ' "$tmp/out" && break
done
wait_for '^TRAVERSE model=ae rows=8 cols=7 source=hover:[0-9]+ ' 10
echo "hovered: $(grep -m1 -E '^TRAVERSE model=vae .*source=hover' "$tmp/out")"
read -r x0 y0 x1 y1 <<<"$(region traverse)"
((x1 - x0 > 200 && y1 - y0 > 100)) || fail "the traverse region is too small: $x0 $y0 $x1 $y1"
sleep 0.5
shot traverse "$tmp/traverse.png"
colours=$(/usr/bin/identify -format %k "$tmp/traverse.png")
((colours > 40)) || fail "the traverse region has $colours colours: no decoded images drawn"
echo "traverse region: $colours colours"
[[ -n "${LL_KEEP_SHOT:-}" ]] && cp "$tmp/traverse.png" "$LL_KEEP_SHOT"
xdotool mousemove $(((x0 + x1) / 2)) $(((y0 + y1) / 2)); sleep 0.2
quit_with_ctrl_q

# A 2-D latent space: no grid, a line saying why.
: >"$tmp/out"
"$app" --data synthetic:1200 --latent 2 --compare --tab traverse --print-layout >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_for '^READY' 30
wait_for '^LAYOUT traverse ' 10
sleep 1
grep -q '^TRAVERSE' "$tmp/out" && fail "a 2-D latent space decoded a traversal"
xdotool mousemove 640 400; sleep 0.2
quit_with_ctrl_q
echo "latent 2: no traversal, as expected"
