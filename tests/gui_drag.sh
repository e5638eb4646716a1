#!/usr/bin/env bash
# The real app under Xvfb: it starts, trains on the synthetic set, a mouse drag on the VAE's
# latent map moves the shared cursor and changes the image decoded under it (compared
# against a control pair of screenshots taken without a drag), and Ctrl+Q exits 0 with
# frame statistics. Needs LATENTLAB_APP (set by ctest), xvfb-run, xdotool, ImageMagick.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"

touch "$tmp/out" "$tmp/err"  # wait_for may look before the app has started
"$app" --data synthetic --latent 2 --compare --autostart --print-layout --print-stats >"$tmp/out" 2>"$tmp/err" &
pid=$!

wait_for '^READY' 30
wait_for '^LAYOUT latent-vae ' 10
wait_for '^LAYOUT decoded-vae ' 10
wait_for '^LAYOUT button-train ' 10
wait_for '^STATUS running' 30
sleep 4  # let it learn something, so decoded images differ from place to place
grep -qE '^ERROR' "$tmp/out" && fail "an error was shown on a clean start"

# Pause so the models stop changing: then only the cursor can change the decoded image.
read -r bx0 by0 bx1 by1 <<<"$(region button-train)"
xdotool mousemove $(((bx0 + bx1) / 2)) $(((by0 + by1) / 2)); sleep 0.3; xdotool click 1
wait_for '^STATUS paused' 15
sleep 1.5
shot decoded-vae "$tmp/before.png"
sleep 1
shot decoded-vae "$tmp/control.png"
control=$(differing_pixels "$tmp/before.png" "$tmp/control.png")
[[ "$control" == 0 ]] || fail "the decoded image changed without a drag ($control pixels): the test would prove nothing"

# Drag on the VAE map from its centre towards the lower right, slowly: ImGui 1.86 polls the
# mouse once a frame, so each step must last a few frames.
read -r mx0 my0 mx1 my1 <<<"$(region latent-vae)"
cx=$(((mx0 + mx1) / 2)); cy=$(((my0 + my1) / 2))
before_cursor=$(grep -c '^CURSOR ' "$tmp/out" || true)
xdotool mousemove "$cx" "$cy"; sleep 0.3
xdotool mousedown 1; sleep 0.3
for k in $(seq 1 12); do
  xdotool mousemove $((cx + 8 * k)) $((cy + 6 * k)); sleep 0.1
done
xdotool mouseup 1; sleep 1

moves=$(( $(grep -c '^CURSOR ' "$tmp/out") - before_cursor ))
((moves >= 5)) || fail "the drag moved the cursor only $moves times (expected a path of positions)"
grep -qE '^DECODED vae ' "$tmp/out" || fail "no DECODED event for the VAE"
grep -qE '^DECODED ae ' "$tmp/out" || fail "the AE did not decode the shared cursor"
last=$(grep '^CURSOR ' "$tmp/out" | tail -n 1)
read -r _ lx ly <<<"$last"
awk -v x="$lx" -v y="$ly" 'BEGIN { exit !(x > 0 && y < 0) }' || fail "cursor ended at ($lx, $ly): expected right of and below the centre"

shot decoded-vae "$tmp/after.png"
changed=$(differing_pixels "$tmp/before.png" "$tmp/after.png")
((changed > 200)) || fail "the decoded image barely changed after the drag ($changed pixels differ)"
echo "drag: $moves cursor moves, $changed decoded pixels changed, cursor at ($lx, $ly)"

# Ctrl+Q with the pointer over the window (no window manager: focus follows the pointer).
xdotool mousemove "$cx" "$cy"; sleep 0.2
quit_with_ctrl_q
stats=$(grep '^{"frames"' "$tmp/out") || fail "no --print-stats line"
echo "stats: $stats"
