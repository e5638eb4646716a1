#!/usr/bin/env bash
# The Samples tab in the real app under Xvfb: `--tab samples` on a small synthetic set with a
# 2-D VAE beside an AE (not training, so the maps hold still). The tab and its grids report
# LAYOUT regions; the feature space is built (a classifier: the set is labelled) in a cache
# folder of the test's own; an FD of the prior's samples arrives for both models as a SAMPLES
# event whose fd and floor are finite and non-negative; hovering a sample marks its code on
# the VAE's map (its pixels change, and go back when the mouse leaves); Ctrl+Q exits 0.
# Needs LATENTLAB_APP (set by ctest), xvfb-run, xdotool, ImageMagick.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"

touch "$tmp/out" "$tmp/err"
XDG_CACHE_HOME="$tmp/cache" "$app" --data synthetic:1500 --latent 2 --compare --tab samples --print-layout \
  >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_for '^READY' 30
wait_for '^LAYOUT tab-samples ' 10
wait_for '^LAYOUT samples ' 10
wait_for '^LAYOUT samples-vae ' 10
wait_for '^FEATURES kind=classifier ' 120
ls "$tmp/cache/latentlab/"features-*.safetensors >/dev/null 2>&1 || fail "no feature cache file was written"
wait_for '^SAMPLES model=vae sampler=prior ' 120
wait_for '^SAMPLES model=ae sampler=prior ' 60

for arm in vae ae; do
  line=$(grep -m1 "^SAMPLES model=$arm " "$tmp/out")
  echo "samples: $line"
  for k in fd floor; do
    v=$(sed -nE "s/.* $k=([^ ]+).*/\1/p" <<<"$line")
    awk -v v="$v" 'BEGIN { exit !(v + 0 == v && v >= 0 && v < 1e300) }' ||
      fail "SAMPLES $k=$v is not a finite non-negative number: $line"
  done
done

# Hovering a sample marks its code on the map; leaving takes the mark away.
sleep 1
shot latent-vae "$tmp/before.png"
read -r x0 y0 x1 y1 <<<"$(region samples-vae)"
((x1 - x0 > 40 && y1 - y0 > 40)) || fail "the VAE's sample grid is too small: $x0 $y0 $x1 $y1"
xdotool mousemove $((x0 + 5)) $((y0 + 5)); sleep 0.3
xdotool mousemove $((x0 + 12)) $((y0 + 12)); sleep 1
shot latent-vae "$tmp/hover.png"
read -r sx0 sy0 sx1 sy1 <<<"$(region samples)"
xdotool mousemove $((sx1 - 5)) $((sy1 - 5)); sleep 1
shot latent-vae "$tmp/after.png"
marked=$(differing_pixels "$tmp/before.png" "$tmp/hover.png")
left=$(differing_pixels "$tmp/before.png" "$tmp/after.png")
echo "map pixels changed by the hover: $marked; after leaving: $left"
((marked > 30)) || fail "hovering a sample did not mark the VAE's map ($marked pixels changed)"
((left < marked / 4)) || fail "the mark stayed after the mouse left the grid ($left pixels still differ)"

quit_with_ctrl_q
