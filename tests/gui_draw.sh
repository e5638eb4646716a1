#!/usr/bin/env bash
# Draw to encode, in the real app under Xvfb: open the Draw tab, pause training (so only the
# canvas can change what the models show), draw a stroke on the canvas with the mouse, and
# both models' reconstructions of the canvas change (screenshot crops of draw-recon-vae and
# draw-recon-ae against a control pair taken without a stroke), each model reports the new
# code (ENCODED events); dragging the timeline to step 0 has that step's models encode the
# same drawing elsewhere; and Ctrl+Q exits 0 with statistics that include history_bytes.
# Needs LATENTLAB_APP (set by ctest), xvfb-run, xdotool, ImageMagick.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"

touch "$tmp/out" "$tmp/err"
"$app" --data synthetic --latent 2 --compare --autostart --print-layout --print-stats >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_for '^READY' 30
wait_for '^LAYOUT tab-draw ' 10
wait_for '^LAYOUT timeline ' 10
wait_for '^STATUS running' 30
sleep 4  # let the models learn something, so different drawings encode differently

click tab-draw
wait_for '^LAYOUT draw ' 10
wait_for '^LAYOUT draw-recon-vae ' 10
wait_for '^LAYOUT draw-recon-ae ' 10
click button-train  # Pause: from now on only the canvas changes the reconstructions
wait_for '^STATUS paused' 15
# The last snapshot before the pause may still land: wait until two shots a second apart agree.
for _ in $(seq 1 10); do
  sleep 1
  shot draw-recon-vae "$tmp/vae-before.png"
  shot draw-recon-ae "$tmp/ae-before.png"
  sleep 1
  shot draw-recon-vae "$tmp/vae-control.png"
  shot draw-recon-ae "$tmp/ae-control.png"
  cv=$(differing_pixels "$tmp/vae-before.png" "$tmp/vae-control.png")
  ca=$(differing_pixels "$tmp/ae-before.png" "$tmp/ae-control.png")
  [[ "$cv" == 0 && "$ca" == 0 ]] && break
done
[[ "$cv" == 0 && "$ca" == 0 ]] ||
  fail "the reconstructions keep changing without a stroke (VAE $cv, AE $ca pixels): the test would prove nothing"

# A thick diagonal stroke across the canvas, slowly (ImGui polls the mouse once a frame).
read -r x0 y0 x1 y1 <<<"$(region draw)"
w=$((x1 - x0)); h=$((y1 - y0))
before=$(grep -c '^ENCODED ' "$tmp/out" || true)
xdotool mousemove $((x0 + w / 5)) $((y0 + h / 5)); sleep 0.3
xdotool mousedown 1; sleep 0.3
for k in $(seq 1 12); do
  xdotool mousemove $((x0 + w / 5 + k * w / 20)) $((y0 + h / 5 + k * h / 20)); sleep 0.1
done
xdotool mouseup 1; sleep 1

encoded=$(( $(grep -c '^ENCODED ' "$tmp/out") - before ))
((encoded >= 4)) || fail "only $encoded ENCODED events during the stroke (expected both models, several times)"
grep -qE '^ENCODED vae ' "$tmp/out" || fail "the VAE did not encode the canvas"
grep -qE '^ENCODED ae ' "$tmp/out" || fail "the AE did not encode the canvas"
shot draw-recon-vae "$tmp/vae-after.png"
shot draw-recon-ae "$tmp/ae-after.png"
for m in vae ae; do
  c=$(differing_pixels "$tmp/$m-before.png" "$tmp/$m-after.png")
  ((c > 200)) || fail "the $m reconstruction barely changed after the stroke ($c pixels differ)"
  echo "draw: $m reconstruction changed in $c pixels"
done
grep '^ENCODED ' "$tmp/out" | tail -n 2

# Back to step 0: the untrained models of then encode the drawing, somewhere else than the
# present ones do (the code printed with each ENCODED line).
live_code=$(grep -E '^ENCODED vae ' "$tmp/out" | tail -n 1 | cut -d' ' -f3-4)
drag_track 0
wait_for '^TIMELINE step=0 ' 10
wait_for '^ENCODED vae .* step=0$' 10
wait_for '^ENCODED ae .* step=0$' 10
past_code=$(grep -E '^ENCODED vae .* step=0$' "$tmp/out" | tail -n 1 | cut -d' ' -f3-4)
[[ "$past_code" != "$live_code" ]] ||
  fail "step 0's VAE encodes the drawing at the same code as the present one ($live_code)"
echo "draw: the VAE puts the drawing at ($live_code) now and at ($past_code) at step 0"

read -r x0 y0 x1 y1 <<<"$(region draw)"
xdotool mousemove $(((x0 + x1) / 2)) $(((y0 + y1) / 2)); sleep 0.2
quit_with_ctrl_q
stats=$(grep '^{"frames"' "$tmp/out") || fail "no --print-stats line"
grep -qE '"history_bytes": ?[1-9][0-9]*' <<<"$stats" || fail "--print-stats has no (non-zero) history_bytes: $stats"
echo "stats: $stats"
