#!/usr/bin/env bash
# Why the trick, measured, in the real app under Xvfb: `--tab gradients --autostart` on the
# synthetic set with a 2-D VAE beside an AE. The Gradients tab and its content report their
# LAYOUT regions; a round of the off-thread measurement lands as a GRADVAR event whose three
# variances are finite and positive, and a THEORY event, if one landed, has finite exact
# log p(x), IWAE and ELBO; Ctrl+Q exits 0. (Which estimator is noisier is a finding, not asserted.)
# Needs LATENTLAB_APP (set by ctest), xvfb-run, xdotool.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"

touch "$tmp/out" "$tmp/err"
"$app" --data synthetic --latent 2 --compare --autostart --tab gradients --print-layout >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_for '^READY' 30
wait_for '^LAYOUT tab-gradients ' 10
wait_for '^LAYOUT gradients ' 10
wait_for '^STATUS running' 30
wait_for "^GRADVAR " 120

line=$(grep -m1 '^GRADVAR ' "$tmp/out")
echo "gradients: $line"
for k in reparam score baseline; do
  v=$(sed -nE "s/.* $k=([^ ]+).*/\1/p" <<<"$line")
  awk -v v="$v" 'BEGIN { exit !(v + 0 == v && v > 0 && v < 1e300) }' ||
    fail "GRADVAR $k=$v is not a finite positive number: $line"
done
# The exact round follows the gradients' (a grid per image: seconds of a low-priority
# thread); its numbers are checked when it landed by now.
line=$(grep -m1 '^THEORY ' "$tmp/out" || true)
echo "collapse: ${line:-no THEORY round yet}"
[[ -z "$line" ]] || for k in log_px iwae elbo; do
  v=$(sed -nE "s/.* $k=([^ ]+).*/\1/p" <<<"$line")
  awk -v v="$v" 'BEGIN { exit !(v + 0 == v && v > -1e300 && v < 1e300) }' ||
    fail "THEORY $k=$v is not a finite number: $line"
done

read -r x0 y0 x1 y1 <<<"$(region gradients)"
((x1 - x0 > 100 && y1 - y0 > 50)) || fail "the gradients region is too small: $x0 $y0 $x1 $y1"
xdotool mousemove $(((x0 + x1) / 2)) $(((y0 + y1) / 2)); sleep 0.2
quit_with_ctrl_q
