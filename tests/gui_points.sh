#!/usr/bin/env bash
# The real app under Xvfb draws every code on the GPU: by default every test code of each
# map, with --points all the training codes too (a synthetic set of 60,000 training and
# 10,000 test images: at least 140,000 points over the two maps), with --points N a subset;
# the density grid is computed with --density and not without.
# Waits for both maps' CODES events, then reads --print-stats' points_drawn after Ctrl+Q.
# Needs LATENTLAB_APP (set by ctest), xvfb-run, xdotool.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"

run() {  # run N_PER_MAP ARGS...: prints points_drawn once both maps drew N_PER_MAP codes
  local per_map=$1
  shift
  : >"$tmp/out"
  "$app" --data synthetic:60000 --latent 2 --compare --print-layout --print-stats "$@" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  # The window opens on the built-in synthetic set and then loads the one asked for: only
  # codes encoded after those new models count (the first set may also have N test images).
  wait_for "^MESSAGE new models" 90
  local deadline=$((SECONDS + 90)) m
  for m in vae ae; do
    until awk -v re="^CODES map=$m n=$per_map " '/^MESSAGE new models/ { c = 0 } $0 ~ re { c++ } END { exit !c }' "$tmp/out"; do
      kill -0 "$pid" 2>/dev/null || fail "app exited while waiting for the $m map's codes"
      ((SECONDS < deadline)) || fail "no CODES map=$m n=$per_map after the new models within 90 s"
      sleep 0.1
    done
  done
  sleep 0.5
  xdotool mousemove 640 400; sleep 0.2; xdotool key ctrl+q
  wait "$pid" || fail "the app exited with $? ($*)"
  pid=
  grep -qE '^ERROR' "$tmp/out" && fail "an error was shown ($*)"
  local stats
  stats=$(grep '^{"frames"' "$tmp/out") || fail "no --print-stats line ($*)"
  sed -E 's/.*"points_drawn":([0-9]+).*/\1/' <<<"$stats"
}

n=$(run 10000)
((n == 20000)) || fail "default: $n points drawn, expected every test code (2 × 10,000)"
echo "default: $n points"
# The density layer is off by default, and its grid is not computed for nothing ...
after_new() { awk '/^MESSAGE new models/ { c = 1; next } c && /^CODES /' "$tmp/out"; }
after_new | grep -qvE 'density_ms=0\.0$' && fail "density computed while the layer is hidden: $(after_new | head -n 2)"
n=$(run 500 --points 500 --density)
((n == 1000)) || fail "--points 500: $n points drawn, expected 2 × 500"
echo "--points 500: $n points"
# ... and with --density every refresh of both maps carries it.
after_new | grep -qE 'density_ms=0\.0$' && fail "--density: a refresh without the density: $(after_new | head -n 2)"
echo "density: computed only while shown ($(after_new | tail -n 1))"
n=$(run 70000 --points all)
((n >= 140000)) || fail "--points all: $n points drawn, expected at least 2 × 70,000"
echo "--points all: $n points"
