#!/usr/bin/env bash
# Crash-safe checkpoints: `train --checkpoint-every 5` killed with SIGKILL at random instants,
# again and again into the same folder, so kills land while a checkpoint is being written
# over an older one. Whenever vae.safetensors exists it must be a whole checkpoint that
# `eval` loads. Env: LATENTLAB_KILL_ITERATIONS (30), LATENTLAB_KILL_SECONDS (60, the budget),
# LATENTLAB_KILL_SEED (random), to replay a failure.
set -uo pipefail
cli=${LATENTLAB_CLI:?set by ctest}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
iterations=${LATENTLAB_KILL_ITERATIONS:-30}
budget=${LATENTLAB_KILL_SECONDS:-60}
seed=${LATENTLAB_KILL_SEED:-$$}
RANDOM=$seed
out="$work/out"
data=synthetic:600
failures=0 killed=0 checked=0 absent=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

start=$SECONDS
for ((i = 1; i <= iterations; i++)); do
  # Stop early rather than blow the budget on a slow (sanitized) build; the count is checked below.
  if ((SECONDS - start >= budget)); then break; fi
  # Delays from 0 to 1.2 s: some kills land during start-up, most mid-training, many during a save.
  ms=$((RANDOM % 1200))
  delay=$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))
  "$cli" train --data "$data" --latent 2 --hidden 32 --batch 20 --epochs 100000 \
    --checkpoint-every 5 --quiet --out "$out" >/dev/null 2>"$work/train.err" &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null
  pid=
  if [[ -e "$out/vae.safetensors" ]]; then
    checked=$((checked + 1))
    if ! "$cli" eval --checkpoint "$out/vae.safetensors" --data "$data" >/dev/null 2>"$work/eval.err"; then
      fail "iteration $i (seed $seed, killed after ${delay}s): the latest checkpoint does not load: $(cat "$work/eval.err")"
      cp "$out/vae.safetensors" "$work/../latentlab-unloadable-$seed.safetensors" 2>/dev/null
    fi
  else
    absent=$((absent + 1))
  fi
done
temps=$(find "$out" -name '*.tmp-*' 2>/dev/null | wc -l)
echo "reliability_kill: $((i - 1)) runs in $((SECONDS - start)) s, $killed killed with SIGKILL, checkpoint loaded $checked times, absent $absent times (killed before the first save), $temps temporary files left by killed saves (seed $seed)"
# A run this short proves nothing: most kills must have found a checkpoint to check.
((checked >= 10)) || fail "only $checked checkpoints checked; expected at least 10"
[[ $failures -eq 0 ]]
