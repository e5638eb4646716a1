#!/usr/bin/env bash
# latentlab_torch.train data-parallel (DistributedDataParallel over gloo, the samples sharded by
# DistributedSampler): --nproc 2 trains 200 steps on Fashion-MNIST and latentlab-cli evaluates
# its checkpoint; two processes started by hand with the env:// variables, as a launcher (a
# current torchrun, Slurm) would start them, train together to the very same bytes, and only
# rank 0 writes. Every run also checks at its end that all ranks hold bit-identical weights.
set -uo pipefail
cli=${LATENTLAB_CLI:?set by ctest}
src=${LATENTLAB_SRC:?set by ctest}
py=/usr/bin/python3  # Debian's, with python3-torch: never whichever python3 is first on PATH
export PYTHONPATH="$src/python" PYTHONDONTWRITEBYTECODE=1
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
json_get() { "$py" -c "import json,sys; j=json.loads(open(sys.argv[1]).read().strip().splitlines()[-1]); print($2)" "$1"; }
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] \
  || { echo "FAIL: Fashion-MNIST missing (scripts/deps installs dataset-fashion-mnist)"; exit 1; }
"$py" -c 'import torch, numpy' || { echo "FAIL: $py cannot import torch and numpy (scripts/deps installs python3-torch)"; exit 1; }

run=(--data fashion-mnist --latent 2 --hidden 64 --epochs 1 --steps 200 --checkpoint-every 100 --seed 3)

# --- --nproc 2 --------------------------------------------------------------------------------
if (cd "$src/python" && "$py" -m latentlab_torch.train "${run[@]}" --nproc 2 --json --out "$work/nproc") \
    >"$work/nproc.out" 2>"$work/nproc.err"; then
  py_loss=$(json_get "$work/nproc.out" "j['models']['vae']['test_loss']")
  echo "--nproc 2, 200 steps of Fashion-MNIST, 784-64-2: test -ELBO $py_loss (one sampled z)"
  grep -q "2 rank(s)" "$work/nproc.err" || fail "--nproc 2 did not run 2 ranks: $(cat "$work/nproc.err")"
  awk -v l="$py_loss" 'BEGIN { exit !(l > 200 && l < 330) }' || fail "test -ELBO $py_loss after 200 steps is out of range"
  # 10 training points (every 20 steps), and a test point at step 200.
  [ "$(grep -c '^vae,train,' "$work/nproc/metrics.csv")" = 10 ] || fail "metrics.csv: expected 10 train rows"
  grep -q '^vae,test,200,' "$work/nproc/metrics.csv" || fail "metrics.csv: no test row at step 200"
else
  fail "--nproc 2 exited $?: $(tail -5 "$work/nproc.err")"
fi

# The CLI evaluates the checkpoint (trained on fashion-mnist, so found there from its metadata).
if "$cli" eval --checkpoint "$work/nproc/vae.safetensors" --json >"$work/eval.out" 2>"$work/eval.err"; then
  [ -s "$work/eval.err" ] && fail "latentlab-cli eval complained: $(cat "$work/eval.err")"
  cli_loss=$(json_get "$work/eval.out" "j['models']['vae']['test_loss']")
  cli_kl=$(json_get "$work/eval.out" "j['models']['vae']['test_kl']")
  (cd "$src/python" && "$py" -m latentlab_torch.eval --checkpoint "$work/nproc/vae.safetensors" --threads 1 --json) \
    >"$work/py_eval.out" 2>&1 || fail "latentlab_torch.eval: $(tail -3 "$work/py_eval.out")"
  py_kl=$(json_get "$work/py_eval.out" "j['models']['vae']['test_kl']")
  echo "latentlab-cli eval of it: test -ELBO $cli_loss, KL $cli_kl (latentlab_torch.eval: KL $py_kl)"
  awk -v a="$cli_loss" -v b="${py_loss:-0}" 'BEGIN { d = a - b; exit !(d < 2 && d > -2) }' \
    || fail "the CLI's -ELBO $cli_loss is far from the trainer's $py_loss (only the sampled eps differ)"
  awk -v a="$cli_kl" -v b="$py_kl" 'BEGIN { d = a - b; exit !(d <= 1e-3 && d >= -1e-3) }' || fail "KL differs"
else
  fail "latentlab-cli eval: $(cat "$work/eval.err")"
fi

# --- two ranks by hand, env:// -------------------------------------------------------------------
port=$("$py" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
for rank in 0 1; do
  (cd "$src/python" && RANK=$rank WORLD_SIZE=2 LOCAL_RANK=$rank MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
    exec "$py" -m latentlab_torch.train "${run[@]}" --out "$work/env$rank") >"$work/env$rank.out" 2>&1 &
  pids+=($!)
done
for rank in 0 1; do
  wait "${pids[$rank]}" || fail "env:// rank $rank exited $?: $(tail -5 "$work/env$rank.out")"
done
pids=()
grep -q "2 rank(s)" "$work/env0.out" || fail "env:// rank 0 did not train with 2 ranks: $(cat "$work/env0.out")"
[ -e "$work/env1" ] && fail "rank 1 wrote $(ls -R "$work/env1")"
# Same seed, config, world size and threads: the same bytes, whichever way the ranks started.
for f in vae.safetensors metrics.csv; do
  cmp -s "$work/env0/$f" "$work/nproc/$f" && echo "env:// ranks by hand and --nproc 2: identical $f" \
    || fail "env:// and --nproc 2 runs differ in $f"
done

# One rank's data is bad: it says so and every rank stops at once (exit 2), instead of the good
# rank waiting out the rendezvous timeout for a rank that never joined.
port=$("$py" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
start=$SECONDS
for rank in 0 1; do
  data=fashion-mnist
  [ $rank = 1 ] && data="idx:$work/no-such-idx-folder"
  (cd "$src/python" && RANK=$rank WORLD_SIZE=2 LOCAL_RANK=$rank MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
    exec timeout 120 "$py" -m latentlab_torch.train "${run[@]}" --data "$data" --out "$work/badrank") \
    >"$work/badrank$rank.out" 2>&1 &
  pids+=($!)
done
codes=()
for rank in 0 1; do
  code=0; wait "${pids[$rank]}" || code=$?
  codes+=($code)
done
pids=()
took=$((SECONDS - start))
if [ "${codes[*]}" = "2 2" ] && ((took < 60)) && grep -q "rank 1: .*no-such-idx-folder" "$work/badrank1.out" \
  && grep -q "another rank's input is bad" "$work/badrank0.out"; then
  echo "env:// with rank 1's data missing: both ranks exit 2 in ${took} s, $(tail -1 "$work/badrank1.out")"
else
  fail "bad data on rank 1: exit codes ${codes[*]} after ${took} s: $(tail -2 "$work/badrank0.out") / $(tail -2 "$work/badrank1.out")"
fi

# A launcher's variables with one missing is bad input, refused before any rank starts.
(cd "$src/python" && RANK=0 WORLD_SIZE=2 "$py" -m latentlab_torch.train "${run[@]}" --out "$work/bad") >"$work/bad.out" 2>&1
code=$?
[ $code = 2 ] && grep -q "LOCAL_RANK, MASTER_ADDR, MASTER_PORT not set" "$work/bad.out" \
  && echo "env:// without MASTER_ADDR etc.: exit 2, $(tail -1 "$work/bad.out")" || fail "incomplete env://: exit $code, $(cat "$work/bad.out")"

[ $failures = 0 ] && echo "python_ddp: all checks passed" || echo "python_ddp: $failures failure(s)"
exit $((failures > 0))
