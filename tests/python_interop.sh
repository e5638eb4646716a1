#!/usr/bin/env bash
# LatentLab and PyTorch (python/latentlab_torch) read each other's checkpoints and compute the
# same numbers: for checkpoints written by latentlab-cli and by the Python trainer (ReLU and
# tanh, Bernoulli and Gaussian with fixed and learned variance, one and two hidden layers, VAE
# and AE), the test reconstruction at z = mu and the KL per image agree to 1e-3 nats. At z = mu
# (latentlab-cli eval's test_rec_at_mu) no random draw enters, so the two sides can be compared
# without sharing their generators.
set -uo pipefail
cli=${LATENTLAB_CLI:?set by ctest}
src=${LATENTLAB_SRC:?set by ctest}
py=/usr/bin/python3  # Debian's, with python3-torch: never whichever python3 is first on PATH
export PYTHONPATH="$src/python" PYTHONDONTWRITEBYTECODE=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
fm=/usr/share/datasets/fashion-mnist
[ -f "$fm/train-images-idx3-ubyte.gz" ] || { echo "FAIL: $fm missing (scripts/deps installs dataset-fashion-mnist)"; exit 1; }
"$py" -c 'import torch, numpy' || { echo "FAIL: $py cannot import torch and numpy (scripts/deps installs python3-torch)"; exit 1; }

# A small IDX folder cut from Fashion-MNIST: 6000 train images gzipped, 1000 t10k raw, so both
# loaders read both forms and every run stays short.
"$py" - "$fm" "$work/small" <<'PY' || { echo "FAIL: could not cut the small IDX set"; exit 1; }
import gzip, os, struct, sys
import numpy as np
fm, out = sys.argv[1:]
os.makedirs(out)
def images(name, n):
    b = gzip.open(os.path.join(fm, name)).read()
    return np.frombuffer(b, np.uint8, offset=16).reshape(-1, 28, 28)[:n]
def write(path, a, opener):
    with opener(path, "wb") as f:
        f.write(struct.pack(">IIII", 0x803, *a.shape) + a.tobytes())
write(os.path.join(out, "train-images-idx3-ubyte.gz"), images("train-images-idx3-ubyte.gz", 6000), gzip.open)
write(os.path.join(out, "t10k-images-idx3-ubyte"), images("t10k-images-idx3-ubyte.gz", 1000), open)
PY
data="idx:$work/small"

# --- checkpoints from both sides ------------------------------------------------------------
"$cli" train --data "$data" --latent 2 --hidden 64 --compare --epochs 1 --threads 1 --quiet --out "$work/cli_relu" \
  >"$work/cli_relu.out" 2>&1 || fail "latentlab-cli train (relu): $(tail -3 "$work/cli_relu.out")"
"$cli" train --data "$data" --latent 3 --hidden 48,24 --activation tanh --likelihood gaussian --learn-variance \
  --epochs 1 --threads 1 --quiet --out "$work/cli_tanh" >"$work/cli_tanh.out" 2>&1 \
  || fail "latentlab-cli train (tanh gaussian): $(tail -3 "$work/cli_tanh.out")"
(cd "$src/python" && "$py" -m latentlab_torch.train --data "$data" --latent 2 --hidden 64 --compare --epochs 2 \
  --steps 60 --checkpoint-every 25 --quiet --out "$work/py_relu") >"$work/py_relu.out" 2>&1 \
  || fail "latentlab_torch.train (relu): $(tail -3 "$work/py_relu.out")"
(cd "$src/python" && "$py" -m latentlab_torch.train --data "$data" --latent 3 --hidden 40 --activation tanh \
  --likelihood gaussian --epochs 1 --steps 40 --quiet --out "$work/py_tanh") >"$work/py_tanh.out" 2>&1 \
  || fail "latentlab_torch.train (tanh gaussian): $(tail -3 "$work/py_tanh.out")"
checkpoints=("$work/cli_relu/vae.safetensors" "$work/cli_relu/ae.safetensors" "$work/cli_tanh/vae.safetensors"
             "$work/py_relu/vae.safetensors" "$work/py_relu/ae.safetensors" "$work/py_tanh/vae.safetensors")

# --- the Python side: evaluate every checkpoint, round-trip one -----------------------------
"$py" - "$work" "${checkpoints[@]}" >"$work/py_eval.out" 2>&1 <<'PY' || fail "Python evaluation: $(tail -5 "$work/py_eval.out")"
import json, sys
import numpy as np, torch
from latentlab_torch import checkpoint, safetensors_np
from latentlab_torch.data import load_dataset
from latentlab_torch.evaluate import means, split_sums
torch.set_num_threads(1)
work, paths = sys.argv[1], sys.argv[2:]
results = {}
for path in paths:
    ck = checkpoint.load(path)
    data = load_dataset(ck.info.data, ck.info.seed)
    results[path] = means(split_sums(ck.model, data.test))
# idx:FILE: the test split is LatentLab's seeded hold-out (1/6 of the file), drawn alike here.
ck = checkpoint.load(paths[1])
results["idx-file"] = means(split_sums(ck.model, load_dataset("idx:" + work + "/small/t10k-images-idx3-ubyte", ck.info.seed).test))
json.dump(results, open(work + "/py_eval.json", "w"))
# A LatentLab checkpoint through Python and back: the same metadata and the same tensors,
# Adam's state included.
src = paths[0]
ck = checkpoint.load(src)
model, info = ck.model, ck.info
opt = torch.optim.Adam(model.parameters())
checkpoint.adam_state_into(opt, ck)
checkpoint.save(work + "/resaved.safetensors", model, info, opt)
a_t, a_m = safetensors_np.load(src)
b_t, b_m = safetensors_np.load(work + "/resaved.safetensors")
assert a_m == b_m, f"metadata differs: {a_m} vs {b_m}"
assert sorted(a_t) == sorted(b_t), f"tensor names differ: {sorted(a_t)} vs {sorted(b_t)}"
for k in a_t:
    assert a_t[k].shape == b_t[k].shape and np.array_equal(a_t[k], b_t[k]), f"tensor {k} differs"
print(f"round trip: {len(a_t)} tensors (with Adam's m and v) and {len(a_m)} metadata fields of {src} unchanged")
PY
cat "$work/py_eval.out"

# --- the C++ side and the comparison ---------------------------------------------------------
json_get() { "$py" -c "import json,sys; j=json.loads(open(sys.argv[1]).read().strip().splitlines()[-1]); print($2)" "$1"; }
for ck in "${checkpoints[@]}"; do
  name=${ck#"$work/"}
  kind=$(basename "$ck" .safetensors)
  if ! "$cli" eval --checkpoint "$ck" --json >"$work/e.out" 2>"$work/e.err"; then
    fail "$name: latentlab-cli eval: $(cat "$work/e.err")"; continue
  fi
  [ -s "$work/e.err" ] && fail "$name: latentlab-cli eval complained: $(cat "$work/e.err")"
  cli_kl=$(json_get "$work/e.out" "j['models']['$kind']['test_kl']")
  cli_rec=$(json_get "$work/e.out" "j['models']['$kind']['test_rec_at_mu']")
  py_rec=$(json_get "$work/py_eval.json" "j['$ck']['test_rec_at_mu']")
  py_kl=$(json_get "$work/py_eval.json" "j['$ck']['test_kl']")
  echo "$name: reconstruction at z = mu: LatentLab $cli_rec, PyTorch $py_rec; KL: LatentLab $cli_kl, PyTorch $py_kl"
  awk -v a="$cli_rec" -v b="$py_rec" 'BEGIN { d = a - b; exit !(d <= 1e-3 && d >= -1e-3 && a > 0) }' \
    || fail "$name: reconstruction at z = mu differs by more than 1e-3 nats"
  awk -v a="$cli_kl" -v b="$py_kl" 'BEGIN { d = a - b; exit !(d <= 1e-3 && d >= -1e-3) }' \
    || fail "$name: KL differs by more than 1e-3 nats"
done

"$cli" eval --checkpoint "$work/cli_relu/ae.safetensors" --data "idx:$work/small/t10k-images-idx3-ubyte" --json >"$work/f.out" 2>&1 \
  || fail "latentlab-cli eval on idx:FILE: $(cat "$work/f.out")"
cli_rec=$(json_get "$work/f.out" "j['models']['ae']['test_rec']")
py_rec=$(json_get "$work/py_eval.json" "j['idx-file']['test_rec_at_mu']")
echo "idx:FILE (seeded hold-out of 166 images), the CLI's AE: reconstruction LatentLab $cli_rec, PyTorch $py_rec"
awk -v a="$cli_rec" -v b="$py_rec" 'BEGIN { d = a - b; exit !(d <= 1e-3 && d >= -1e-3 && a > 0) }' \
  || fail "idx:FILE: the two hold-outs differ (reconstruction $cli_rec vs $py_rec)"

# The re-saved LatentLab checkpoint holds the very same weights: LatentLab's eval prints the same.
"$cli" eval --checkpoint "$work/cli_relu/vae.safetensors" --json | tail -1 >"$work/orig.json"
"$cli" eval --checkpoint "$work/resaved.safetensors" --json | tail -1 >"$work/resaved.json"
cmp -s "$work/orig.json" "$work/resaved.json" && echo "re-saved by Python: latentlab-cli eval prints the same JSON" \
  || fail "re-saved checkpoint evaluates differently: $(cat "$work/orig.json") vs $(cat "$work/resaved.json")"

# The Python trainer's run folder as LatentLab writes one: the final step in the metadata, the
# curves in metrics.csv's columns (train points every 20 steps; test points at the end of epoch 1,
# step 47, and where --steps stopped it, step 60).
step=$("$py" -c "import sys; from latentlab_torch import safetensors_np as s; print(s.load(sys.argv[1])[1]['step'])" \
  "$work/py_relu/vae.safetensors")
[ "$step" = 60 ] || fail "py_relu/vae.safetensors says step $step, expected 60"
head -1 "$work/py_relu/metrics.csv" | grep -qx 'model,split,step,epoch,neg_elbo,reconstruction,kl' || fail "metrics.csv header"
[ "$(grep -c '^vae,train,' "$work/py_relu/metrics.csv")" = 3 ] || fail "metrics.csv: expected 3 VAE train rows"
grep -q '^ae,test,60,' "$work/py_relu/metrics.csv" || fail "metrics.csv: no AE test row at step 60"
ls "$work/py_relu" | grep -q tmp && fail "a temporary file was left in the run folder: $(ls "$work/py_relu")"

# Bad input is refused with the file and what was expected, on both sides.
head -c 1000 "$work/py_relu/vae.safetensors" >"$work/cut.safetensors"
(cd "$src/python" && "$py" -m latentlab_torch.eval --checkpoint "$work/cut.safetensors") >"$work/cut.out" 2>&1
code=$?
[ $code = 2 ] && grep -q "cut.safetensors: header length .* exceeds the file size 1000\|cut.safetensors: .*data buffer" "$work/cut.out" \
  && echo "truncated checkpoint: exit 2, $(tail -1 "$work/cut.out")" || fail "truncated checkpoint: exit $code, $(cat "$work/cut.out")"

[ $failures = 0 ] && echo "python_interop: all checks passed" || echo "python_interop: $failures failure(s)"
exit $((failures > 0))
