#!/usr/bin/env bash
# Divergence on the command line: an absurd learning rate makes the loss or the weights
# non-finite; train must stop with exit 3 and a message saying so, and leave a checkpoint of
# the last finite weights that eval loads.
set -uo pipefail
cli=${LATENTLAB_CLI:?set by ctest}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for arms in "" --compare; do
  "$cli" train --data synthetic:600 --latent 2 --hidden 32 --batch 20 --epochs 50 --lr 1e9 $arms \
    --checkpoint-every 5 --out "$work/run$arms" >"$work/out" 2>"$work/err"
  rc=$?
  [[ $rc -eq 3 ]] || fail "train --lr 1e9 $arms exited $rc, expected 3: $(tail -3 "$work/err")"
  grep -q diverged "$work/err" || fail "train --lr 1e9 $arms: no 'diverged' in stderr: $(tail -3 "$work/err")"
  echo "train --lr 1e9 $arms: exit $rc: $(grep diverged "$work/err" | head -1)"
  for model in vae ${arms:+ae}; do
    "$cli" eval --checkpoint "$work/run$arms/$model.safetensors" --data synthetic:600 >"$work/eval" 2>&1 ||
      fail "the $model checkpoint left after divergence does not load: $(cat "$work/eval")"
    grep -qi nan "$work/eval" && fail "eval of the restored $model weights prints NaN: $(cat "$work/eval")"
  done
done
[[ $failures -eq 0 ]]
