#!/usr/bin/env bash
# Bad input in the real app under Xvfb: the app must show the error and keep running with
# what it had.
#   1. started on a dataset path that does not exist: the trainer's load error is shown,
#      the built-in set stays loaded, training still works;
#   2. a path typed into the Dataset field, then Reset: the UI's own check names it;
#   3. an existing file that is no IDX file: the loader's message is shown;
#   4. a checkpoint file that is not one, typed into the Load field: the trainer's message.
# Each case ends with Ctrl+Q and exit status 0.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"
# Replaces the text of the field under the pointer: Ctrl held across frames, then A, then
# Backspace (ImGui 1.86 samples keys once a frame; slow keys are seen whatever the load).
clear_field() {
  xdotool keydown ctrl; sleep 0.15; xdotool key a; sleep 0.15; xdotool keyup ctrl; sleep 0.15
  xdotool key BackSpace; sleep 0.2
}
start() {
  : >"$tmp/out"  # wait_for may look before the app has started
  "$app" --print-layout "$@" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  wait_for '^READY' 30
}
quit() {
  xdotool mousemove 640 400; sleep 0.2; xdotool key ctrl+q
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "Ctrl+Q did not close the app"
  local status=0
  wait "$pid" || status=$?
  pid=
  ((status == 0)) || fail "exit status $status"
}

# 1. A dataset that is not there, given on the command line.
start --data idx:/nonexistent/latentlab-data --latent 2 --autostart
wait_for '^ERROR .*/nonexistent/latentlab-data' 30
sleep 1
kill -0 "$pid" || fail "the app died after the load error"
# It kept the built-in set and trains on it.
wait_for '^STATUS running' 20
echo "case 1: $(grep -m1 '^ERROR' "$tmp/out")"
quit

# 2. A wrong path typed into the Dataset field, then Reset.
start --data idx:/nonexistent/first --latent 2
wait_for '^ERROR .*/nonexistent/first' 30
wait_for '^LAYOUT data-path ' 10
sleep 1  # the error box above the field moves it: let the new LAYOUT land first
errors_before=$(grep -c '^ERROR' "$tmp/out")
click data-path
clear_field
xdotool type --delay 30 "/still/not/here"; sleep 0.5
click button-reset
wait_for '^ERROR idx:/still/not/here:' 10
(( $(grep -c '^ERROR' "$tmp/out") > errors_before )) || fail "Reset with a bad path showed no new error"
kill -0 "$pid" || fail "the app died after a bad Reset"
echo "case 2: $(grep '^ERROR' "$tmp/out" | tail -n 1)"
quit

# 3. A file that exists but is no IDX file: the loader reads it and says what is wrong.
head -c 5000 /dev/urandom >"$tmp/garbage-images.idx"
start --data "idx:$tmp/garbage-images.idx" --latent 2
wait_for '^ERROR .*garbage-images.idx' 30
sleep 1
kill -0 "$pid" || fail "the app died on an unreadable dataset"
echo "case 3: $(grep -m1 '^ERROR' "$tmp/out")"
quit

# 4. A checkpoint that is not one.
head -c 3000 /dev/urandom >"$tmp/not-a-checkpoint.safetensors"
start --data synthetic --latent 2
wait_for '^LAYOUT load-path ' 10
click load-path
clear_field
xdotool type --delay 20 "$tmp/not-a-checkpoint.safetensors"; sleep 0.5
click button-load
wait_for "^ERROR load failed: $tmp/not-a-checkpoint.safetensors:" 15
kill -0 "$pid" || fail "the app died on a bad checkpoint"
echo "case 4: $(grep -m1 '^ERROR' "$tmp/out")"
quit
