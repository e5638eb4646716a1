#!/usr/bin/env bash
# An idle app must not spin: with training not started and no input it waits for events, so
# in 5 s it draws only a handful of frames and uses little CPU. While training it stays
# responsive: the image under the cursor decodes in well under a millisecond.
set -euo pipefail

if [[ -z "${LL_UNDER_XVFB:-}" ]]; then
  exec env LL_UNDER_XVFB=1 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" "$@"
fi
app=${LATENTLAB_APP:?LATENTLAB_APP must name the latentlab binary}

field() { grep -oE "\"$1\": ?[0-9.]*" <<<"$2" | sed 's/.*: \?//'; }

idle=$("$app" --data synthetic --print-stats --quit-after 5 | grep '^{"frames"')
echo "idle: $idle"
frames=$(field frames "$idle"); cpu=$(field process_cpu_s "$idle")
((frames <= 40)) || { echo "FAIL: $frames frames in 5 s with nothing happening: the loop spins" >&2; exit 1; }
awk -v c="$cpu" 'BEGIN { exit !(c < 1.0) }' || { echo "FAIL: $cpu s of CPU in 5 idle seconds" >&2; exit 1; }

busy=$("$app" --data synthetic --autostart --print-stats --quit-after 6 | grep '^{"frames"')
echo "training: $busy"
decode=$(field cursor_decode_ms_p50 "$busy"); p50=$(field frame_ms_p50 "$busy"); sps=$(field train_samples_per_s "$busy")
# Timings are the benchmark's business (they depend on what else runs on the machine): here
# only that the cursor was decoded and frames were drawn while training.
awk -v d="$decode" 'BEGIN { exit !(d > 0) }' || { echo "FAIL: no cursor decode measured" >&2; exit 1; }
awk -v f="$p50" 'BEGIN { exit !(f > 0) }' || { echo "FAIL: no frame time measured" >&2; exit 1; }
awk -v s="$sps" 'BEGIN { exit !(s > 0) }' || { echo "FAIL: no training throughput measured" >&2; exit 1; }
echo "ok: idle $frames frames / $cpu s CPU; training: frame p50 $p50 ms, decode p50 $decode ms, $sps samples/s"
