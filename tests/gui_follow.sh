#!/usr/bin/env bash
# The explorer follows a run it did not start, in the real app under Xvfb: started on an
# empty folder, it shows each checkpoint pair renamed into it (two FOLLOWED events, at the
# runs' steps); a truncated file renamed in gives an ERROR naming it, and the last good model
# stays (the status still says so, and the map still decodes under the cursor). Needs
# LATENTLAB_APP and LATENTLAB_CLI (set by ctest), xvfb-run, xdotool.
set -euo pipefail

source "$(dirname "$0")/lib/gui_harness.bash"
cli=${LATENTLAB_CLI:?LATENTLAB_CLI must name latentlab-cli}
run="$tmp/run"
mkdir -p "$run"
# Two small runs of different lengths: their checkpoints stand in for one run's saves.
"$cli" train --data synthetic:600 --latent 2 --compare --epochs 1 --batch 50 --out "$tmp/a" >/dev/null
"$cli" train --data synthetic:600 --latent 2 --compare --epochs 2 --batch 50 --out "$tmp/b" >/dev/null

touch "$tmp/out" "$tmp/err"
"$app" --data synthetic:600 --follow "$run" --print-layout >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_for '^READY' 30
wait_for '^STATUS following' 30
wait_for '^MESSAGE following .*no checkpoint yet' 10

for k in vae ae; do cp "$tmp/a/$k.safetensors" "$run/.$k.part"; done
mv "$run/.vae.part" "$run/vae.safetensors"; mv "$run/.ae.part" "$run/ae.safetensors"
wait_for '^FOLLOWED step=12 file=.*/ae.safetensors' 20
grep -qE '^FOLLOWED step=12 file=.*/vae.safetensors' "$tmp/out" || fail "the first VAE checkpoint was not followed"
wait_for '^LAYOUT latent-ae ' 10

cp "$tmp/b/vae.safetensors" "$run/vae.safetensors.tmp-1"
cp "$tmp/b/metrics.csv" "$run/metrics.csv.tmp-1"
mv "$run/metrics.csv.tmp-1" "$run/metrics.csv"
mv "$run/vae.safetensors.tmp-1" "$run/vae.safetensors"
wait_for '^FOLLOWED step=24 file=.*/vae.safetensors' 20
[[ $(grep -c '^FOLLOWED ' "$tmp/out") == 3 ]] || fail "expected three FOLLOWED events (two files, then one)"
grep -E '^FOLLOWED ' "$tmp/out"

# A truncated file renamed into place: an error naming it, and the step-24 model stays.
size=$(stat -c %s "$run/vae.safetensors")
head -c $((size / 2)) "$run/vae.safetensors" >"$run/vae.cut"
mv "$run/vae.cut" "$run/vae.safetensors"
wait_for '^ERROR follow: .*vae.safetensors.*the last good model stays' 20
grep -E '^ERROR follow' "$tmp/out"
[[ $(grep -c '^FOLLOWED ' "$tmp/out") == 3 ]] || fail "the truncated file was followed"
# The map still draws the last good model: the cursor decodes under a click.
read -r x0 y0 x1 y1 <<<"$(region latent-vae)"
decoded=$(grep -c '^DECODED vae ' "$tmp/out" || true)
xdotool mousemove $(((x0 + x1) / 2 + 20)) $(((y0 + y1) / 2 + 10)); sleep 0.3; xdotool click 1; sleep 1
[[ $(grep -c '^DECODED vae ' "$tmp/out" || true) -gt "$decoded" ]] || fail "the map no longer decodes after the bad file"
kill -0 "$pid" || fail "the app died"
xdotool key ctrl+q
wait "$pid" || fail "exit status $?"
pid=
grep -q '^BYE' "$tmp/out" || fail "no BYE"
echo "follow: OK"
