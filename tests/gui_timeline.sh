#!/usr/bin/env bash
# Travel back in training, in the real app under Xvfb: after a few seconds of training
# (paused, so the present stands still), dragging the timeline's knob to the start of the
# track shows step 0 — the latent map changes (a screenshot crop of latent-vae against a
# control pair taken without touching the timeline) — while the run itself is untouched
# (its step does not go back); Live returns to the present, and Resume while scrubbed does
# too. Ctrl+Q exits 0. Needs LATENTLAB_APP (set by ctest), xvfb-run, xdotool, ImageMagick.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"
touch "$tmp/out" "$tmp/err"
"$app" --data synthetic --latent 2 --compare --autostart --print-layout --print-stats >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_for '^READY' 30
wait_for '^LAYOUT timeline ' 10
wait_for '^LAYOUT latent-vae ' 10
wait_for '^STATUS running' 30
sleep 6  # the history keeps frames as the views refresh (twice a second)

click button-train  # Pause: the present stands still
wait_for '^STATUS paused' 15
paused_step=$(grep '^STATUS paused' "$tmp/out" | tail -n 1 | sed -E 's/.*step=([0-9]+).*/\1/')
xdotool mousemove 5 5  # no hover ring on the map
# The last model's manifold lands and the view's glide ends a moment after the pause (on a
# busy machine more than a moment): wait until two shots a second apart agree.
control=-1
for _ in $(seq 1 10); do
  sleep 1
  shot latent-vae "$tmp/live.png"
  sleep 1
  shot latent-vae "$tmp/control.png"
  control=$(differing_pixels "$tmp/live.png" "$tmp/control.png")
  [[ "$control" == 0 ]] && break
done
[[ "$control" == 0 ]] || fail "the paused map keeps changing by itself ($control pixels): the test would prove nothing"

drag_track 0
wait_for '^TIMELINE step=0 ' 10
xdotool mousemove 5 5
sleep 2.5  # the past decoder's manifold lands and the view glides to the early codes
shot latent-vae "$tmp/start.png"
changed=$(differing_pixels "$tmp/live.png" "$tmp/start.png")
read -r x0 y0 x1 y1 <<<"$(region latent-vae)"
area=$(((x1 - x0) * (y1 - y0)))
# Step 0 is another picture (an untrained decoder's noise, the codes in a clump), not the
# present nudged by a pixel: most of the map must differ.
((changed * 10 > area * 4)) ||
  fail "the latent map barely changed at the timeline's start ($changed of $area pixels differ)"
echo "timeline: step 0 differs from the present in $changed of $area pixels of latent-vae"
grep -qE "^LAYOUT latent-vae " "$tmp/out" || fail "no latent-vae region"
# Scrubbing never touches the run: no new STATUS, and Live brings the present back.
[[ $(grep -c '^STATUS ' "$tmp/out") -ge 1 ]] || fail "no STATUS lines"
# The Collapse tab follows the timeline too: at step 0 it shows the untrained models'
# diagnostics (no active units, a tiny KL), in the present the trained ones.
click tab-collapse
xdotool mousemove 5 5
sleep 1
shot collapse "$tmp/collapse-start.png"
click timeline-live
wait_for '^TIMELINE live ' 10
grep -qE "^TIMELINE live step=${paused_step}\$" "$tmp/out" ||
  fail "back to the present at another step than the paused run's ($paused_step)"
xdotool mousemove 5 5
sleep 1
shot collapse "$tmp/collapse-live.png"
changed=$(differing_pixels "$tmp/collapse-start.png" "$tmp/collapse-live.png")
read -r x0 y0 x1 y1 <<<"$(region collapse)"
area=$(((x1 - x0) * (y1 - y0)))
((changed * 50 > area)) ||
  fail "the Collapse tab shows the same at step 0 as in the present ($changed of $area pixels differ)"
echo "timeline: the Collapse tab at step 0 differs from the present in $changed of $area pixels"
click tab-interp

# Resume while a past frame is shown: the view returns to the present.
drag_track 0.3
wait_for '^TIMELINE step=' 10
lines_before=$(grep -c '^TIMELINE live ' "$tmp/out")
click button-train  # Resume
wait_for '^STATUS running' 15
deadline=$((SECONDS + 10))
until (($(grep -c '^TIMELINE live ' "$tmp/out") > lines_before)); do
  ((SECONDS < deadline)) || fail "Resume while scrubbed did not return the view to the present"
  sleep 0.1
done
echo "timeline: Live and Resume return to the present"

xdotool mousemove 700 300; sleep 0.2
quit_with_ctrl_q
echo "stats: $(grep '^{"frames"' "$tmp/out")"
