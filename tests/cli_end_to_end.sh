#!/usr/bin/env bash
# The CLI as a user runs it: train, eval and export on the built-in synthetic set and a short
# Fashion-MNIST run, then every kind of bad input, which must exit 2 with a message naming
# what was wrong.
set -uo pipefail
cli=${LATENTLAB_CLI:?set by ctest}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# json_get FILE EXPR: evaluates EXPR on the last line of FILE parsed as JSON (variable j).
json_get() { /usr/bin/env python3 -c "import json,sys; j=json.loads(open(sys.argv[1]).read().strip().splitlines()[-1]); print($2)" "$1"; }

# --- train, eval, export on synthetic -------------------------------------------------------
if "$cli" train --data synthetic:3000 --latent 2 --hidden 64 --compare --epochs 2 --out "$work/run" --json \
    >"$work/train.out" 2>"$work/train.err"; then
  for f in metrics.csv vae.safetensors ae.safetensors vae-reconstructions.png ae-reconstructions.png \
           vae-samples.png vae-manifold.png ae-manifold.png vae-codes.csv ae-codes.csv; do
    [ -s "$work/run/$f" ] || fail "train did not write $f"
  done
  vae_loss=$(json_get "$work/train.out" 'j["models"]["vae"]["test_loss"]') || fail "no JSON line: $(tail -2 "$work/train.out")"
  ae_kl=$(json_get "$work/train.out" 'j["models"]["ae"]["test_kl"]')
  echo "synthetic: VAE test -ELBO $vae_loss, AE KL $ae_kl"
  awk -v l="$vae_loss" 'BEGIN { exit !(l > 20 && l < 400) }' || fail "VAE test loss $vae_loss out of range"
  [ "$ae_kl" = "0" ] || fail "AE has KL $ae_kl"
  # metrics.csv: a header, train and test rows for both models.
  grep -q '^model,split,step,epoch,neg_elbo,reconstruction,kl$' "$work/run/metrics.csv" || fail "metrics.csv header"
  [ "$(grep -c '^vae,test,' "$work/run/metrics.csv")" = 2 ] || fail "metrics.csv: expected 2 VAE test rows"
else
  fail "train exited $?: $(cat "$work/train.err")"
fi

if "$cli" eval --checkpoint "$work/run/vae.safetensors" --data synthetic:3000 --iwae 5 --iwae-images 50 --json >"$work/eval.out" 2>&1; then
  eval_loss=$(json_get "$work/eval.out" 'j["models"]["vae"]["test_loss"]')
  iwae=$(json_get "$work/eval.out" 'j["models"]["vae"]["iwae"]')
  echo "eval: -ELBO $eval_loss, IWAE(5) $iwae"
  # The train run's final test point and eval use the same weights and the same ε seed; only
  # the GEMM's thread split (and so float rounding) may differ.
  awk -v a="$eval_loss" -v b="$vae_loss" 'BEGIN { d = a - b; exit !(d < 1e-3 && d > -1e-3) }' \
    || fail "eval gives $eval_loss, train said $vae_loss"
else
  fail "eval: $(cat "$work/eval.out")"
fi

"$cli" export --checkpoint "$work/run/ae.safetensors" --data synthetic:3000 --out "$work/export" >"$work/export.out" 2>&1 \
  || fail "export: $(cat "$work/export.out")"
[ -s "$work/export/ae-manifold.png" ] || fail "export wrote no manifold"

# --- a short real run on Fashion-MNIST ------------------------------------------------------
if [ -d /usr/share/datasets/fashion-mnist ]; then
  if "$cli" train --data fashion-mnist --latent 2 --hidden 128 --epochs 1 --out "$work/fm" --json --quiet \
      >"$work/fm.out" 2>&1; then
    fm_loss=$(json_get "$work/fm.out" 'j["models"]["vae"]["test_loss"]')
    echo "fashion-mnist, 1 epoch, 784-128-2: test -ELBO $fm_loss"
    awk -v l="$fm_loss" 'BEGIN { exit !(l > 200 && l < 330) }' || fail "Fashion-MNIST test loss $fm_loss out of range"
  else
    fail "fashion-mnist train: $(cat "$work/fm.out")"
  fi
else
  echo "SKIP fashion-mnist run: package dataset-fashion-mnist not installed"
fi

# --- bench: the report's fields (its timings are not judged here) ---------------------------
# Two threads, so that the run at one thread beside it is reported too; a small model, as the
# sanitizer builds run this too.
if "$cli" bench --data synthetic:3000 --hidden 100 --threads 2 --steps 200 --json >"$work/bench.out" 2>&1; then
  grep -q '^GEMM ceiling .*trainer at [0-9]*% of it' "$work/bench.out" || fail "bench: no ceiling line"
  grep -q '^beside .*median of 2 windows' "$work/bench.out" || fail "bench: no per-window line"
  grep -q '^1 thread .*% of the 1-thread ceiling' "$work/bench.out" || fail "bench: no one-thread line"
  grep -q '^2 threads vs 1 .*x as fast (median of 2 paired windows' "$work/bench.out" || fail "bench: no 2-vs-1 line"
  ok=$(json_get "$work/bench.out" 'all(j[k] > 0 for k in ("samples_per_s", "gflops", "gemm_ceiling_gflops", "eval_ms", "grid20_ms", "encode_ms", "peak_rss_mb", "speedup_over_one_thread", "speedup_over_one_thread_windows_median")) and j["windows"] == 2 and j["threads"] == 2 and abs(j["fraction_of_ceiling"] - j["gflops"] / j["gemm_ceiling_gflops"]) < 1e-6 and 0 < j["fraction_of_ceiling_beside"] < 2 and j["tile_gemm_bits"] in (0, 256, 512) and all(j["one_thread"][k] > 0 for k in ("samples_per_s", "gflops", "gemm_ceiling_gflops", "fraction_of_ceiling_beside")) and abs(j["one_thread"]["fraction_of_ceiling"] - j["one_thread"]["gflops"] / j["one_thread"]["gemm_ceiling_gflops"]) < 1e-6 and abs(j["speedup_over_one_thread"] - j["samples_per_s"] / j["one_thread"]["samples_per_s"]) < 1e-6') \
    || fail "bench: JSON line unreadable or a field missing: $(tail -1 "$work/bench.out")"
  [ "$ok" = True ] || fail "bench: JSON fields missing or inconsistent: $(tail -1 "$work/bench.out")"
else
  fail "bench exited $?: $(tail -3 "$work/bench.out")"
fi

# --- help: on the program and on every command, exit 0 on stdout, with the defaults ----------
for c in "" train eval export bench; do
  if out=$("$cli" $c --help 2>"$work/help.err"); then
    [[ "$out" == *"Usage: latentlab-cli${c:+ $c}"* ]] || fail "'$c --help' prints no usage: $out"
    [ -s "$work/help.err" ] && fail "'$c --help' wrote to stderr: $(cat "$work/help.err")"
  else
    fail "'$c --help' exited $?"
  fi
done
out=$("$cli" train --help)
[[ "$out" == *"--latent N=20"* && "$out" == *"--warmup"* && "$out" == *"--out DIR REQUIRED"* ]] \
  || fail "train --help lacks a flag or a default: $out"

# --- bad input: exit 2 and a message naming the problem -------------------------------------
expect_error() {  # expect_error "needle" args...
  local needle=$1
  shift
  local out code
  out=$("$cli" "$@" 2>&1 >/dev/null)
  code=$?
  if [ "$code" != 2 ]; then
    fail "'$*' exited $code (expected 2): $out"
  elif [[ "$out" != *"$needle"* ]]; then
    fail "'$*': message lacks '$needle': $out"
  elif [ "$(printf '%s\n' "$out" | wc -l)" != 1 ]; then
    fail "'$*': the message is not one line: $out"
  else
    echo "ok: $* -> $out"
  fi
}
mkdir -p "$work/empty" "$work/bad"
printf 'definitely not gzip' >"$work/bad/train-images-idx3-ubyte.gz"
head -c 100 /dev/urandom >"$work/bad/t10k-images-idx3-ubyte"
printf '\x00\x00\x08\x03\x7f\xff\xff\xff\x00\x00\x00\x1c\x00\x00\x00\x1c' >"$work/huge-idx3-ubyte"
head -c 4000 "$work/run/vae.safetensors" >"$work/truncated.safetensors"
printf 'garbage' >"$work/garbage.safetensors"

expect_error "unknown data spec" train --data nonsense --out "$work/x"
expect_error "$work/nothing" train --data "idx:$work/nothing" --out "$work/x"
expect_error "$work/empty" train --data "folder:$work/empty" --out "$work/x"
expect_error "train-images-idx3-ubyte.gz" train --data "idx:$work/bad" --out "$work/x"
expect_error "huge-idx3-ubyte" train --data "idx:$work/huge-idx3-ubyte" --out "$work/x"
expect_error "--lr" train --data synthetic --lr 0 --out "$work/x"
expect_error "--latent" train --data synthetic --latent -3 --out "$work/x"
expect_error "--hidden" train --data synthetic --hidden 400,abc --out "$work/x"
expect_error "--epochs" train --data synthetic --epochs many --out "$work/x"
expect_error "--out is required" train --data synthetic
expect_error "unknown flag --lern-rate" train --data synthetic --lern-rate 1 --out "$work/x"
expect_error "--latent given twice" train --data synthetic --latent 2 --latent=3 --out "$work/x"
expect_error "--compare takes no value" train --data synthetic --compare=1 --out "$work/x"
expect_error "choose one of" train --data synthetic --ae --compare-beta 4 --out "$work/x"
expect_error "--iwae needs a value" eval --checkpoint "$work/run/vae.safetensors" --iwae
expect_error "unknown command 'trian'" trian --data synthetic
expect_error "garbage.safetensors" eval --checkpoint "$work/garbage.safetensors" --data synthetic
expect_error "truncated.safetensors" eval --checkpoint "$work/truncated.safetensors" --data synthetic
expect_error "missing.safetensors" eval --checkpoint "$work/missing.safetensors" --data synthetic
# A checkpoint of 28x28 images against 8x8 images.
mkdir -p "$work/small/a"
/usr/bin/env python3 - "$work/small/a" <<'PY'
import sys, zlib, struct
def png(path, w, h):
    raw = b"".join(b"\x00" + bytes((x * 30) % 256 for x in range(w)) for _ in range(h))
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
for i in range(4): png(f"{sys.argv[1]}/{i}.png", 8, 8)
PY
expect_error "784 inputs" eval --checkpoint "$work/run/vae.safetensors" --data "folder:$work/small@8x8"

# --- eval --exact and --grad-variance: the evidence, the bound's gaps, the two estimators -----
# On the synthetic run's 2-D VAE, the first 100 test images. What must hold, and why:
#   nll_exact <= neg_elbo: their difference is the mean KL(q(z|x) || p(z|x)) >= 0, exactly, up
#     to the quadratures' disagreement, which identity_error bounds per image;
#   nll_exact <= nll_iwae and nll_iwae <= neg_elbo: log p(x) >= E[IWAE_k] >= ELBO for every k,
#     in expectation over the draws; the bound here is one Monte Carlo estimate (k=100, 100
#     images), so each side gets 0.05 nats for its noise and the grid's error;
#   amortization_gap >= 0: q* starts from the encoder's q and is kept only if its ELBO is higher;
#   approximation_gap >= -identity_error: log p(x) - ELBO(q*) = KL(q* || p(z|x)) >= 0, by the
#     same identity;
#   identity_error <= 0.1: the issue asks for 0.01, which the core meets on its Fashion-MNIST
#     test model but not on this one (0.06 nats on its worst image, an encoder whose q sits tens
#     of nats from the posterior): the looser bound keeps the plumbing checked here, the core's
#     own tests hold the 0.01.
vae=$work/run/vae.safetensors
if "$cli" eval --checkpoint "$vae" --data synthetic:3000 --exact --images 100 --iwae 100 --json \
    >"$work/exact.out" 2>&1; then
  sed -n '/^exact/p' "$work/exact.out"
  for what in '^exact, over the first 100 test images .*-log p(x) [0-9.]* nats$' '^exact: -ELBO ' \
              '^exact: IWAE (k=100) on the same images' '^exact: log p(x) - ELBO = .*approximation gap .*amortization gap' \
              '^exact: the identity .* holds to '; do
    grep -q "$what" "$work/exact.out" || fail "eval --exact: no line matching '$what'"
  done
  verdict=$(json_get "$work/exact.out" '(lambda v: "ok" if all(isinstance(v.get(k), float) and abs(v[k]) < 1e6 for k in ("nll_exact", "neg_elbo", "nll_iwae", "iwae", "approximation_gap", "amortization_gap", "identity_error")) and v["exact_images"] == 100 and v["nll_iwae"] == -v["iwae"] and v["nll_exact"] <= v["neg_elbo"] + v["identity_error"] and v["nll_exact"] <= v["nll_iwae"] + 0.05 and v["nll_iwae"] <= v["neg_elbo"] + 0.05 and v["amortization_gap"] >= 0 and v["approximation_gap"] >= -v["identity_error"] and v["identity_error"] <= 0.1 else "bad: " + str(v))(j["models"]["vae"])') \
    || fail "eval --exact: JSON line unreadable: $(tail -1 "$work/exact.out")"
  [ "$verdict" = ok ] && echo "ok: eval --exact: nll_exact <= nll_iwae <= neg_elbo, gaps >= 0, identity <= 0.1" \
    || fail "eval --exact: $verdict"
else
  fail "eval --exact exited $?: $(tail -3 "$work/exact.out")"
fi

# The score-function estimator's variance above the reparameterized one's is the issue's claim,
# measured on a real (trained) model: a failure here is a finding to report, not to tune away.
if "$cli" eval --checkpoint "$vae" --data synthetic:3000 --grad-variance --draws 16 --json >"$work/gv.out" 2>&1; then
  grep '^gradient variance' "$work/gv.out"
  verdict=$(json_get "$work/gv.out" '(lambda v: "ok" if v["grad_var_draws"] == 16 and v["grad_var_batch"] == 128 and 0 < v["grad_var_reparam"] < v["grad_var_score"] and v["grad_var_score_baseline"] > 0 and abs(v["grad_var_score_ratio"] - v["grad_var_score"] / v["grad_var_reparam"]) < 1e-5 * v["grad_var_score_ratio"] else "bad: " + str(v))(j["models"]["vae"])') \
    || fail "eval --grad-variance: JSON line unreadable: $(tail -1 "$work/gv.out")"
  [ "$verdict" = ok ] && echo "ok: eval --grad-variance: score-function variance above the reparameterized one's" \
    || fail "eval --grad-variance: $verdict"
else
  fail "eval --grad-variance exited $?: $(tail -3 "$work/gv.out")"
fi

# --images and its older name --iwae-images are one flag: the same bound, and not both at once.
"$cli" eval --checkpoint "$vae" --data synthetic:3000 --iwae 5 --images 50 --json >"$work/images.out" 2>&1 \
  || fail "eval --images: $(tail -3 "$work/images.out")"
[ "$(json_get "$work/images.out" 'j["models"]["vae"]["iwae"]')" = "$(json_get "$work/eval.out" 'j["models"]["vae"]["iwae"]')" ] \
  || fail "eval --images 50 and --iwae-images 50 give different IWAE bounds"
expect_error "--iwae-images given twice" eval --checkpoint "$vae" --data synthetic:3000 --iwae 5 --images 5 --iwae-images 6
expect_error "--images 'x'" eval --checkpoint "$vae" --iwae-images x
expect_error "--draws" eval --checkpoint "$vae" --grad-variance --draws 1
# What the readout cannot do is refused before any work, in one line saying why.
"$cli" train --data synthetic:600 --latent 3 --hidden 16 --epochs 1 --quiet --out "$work/z3" >"$work/z3.out" 2>&1 \
  || fail "train latent 3: $(tail -3 "$work/z3.out")"
expect_error "--exact: exact log p(x) needs a VAE" eval --checkpoint "$work/run/ae.safetensors" --data synthetic:3000 --exact
expect_error "needs a latent size of 1 or 2 (a grid over z), this VAE has 3" eval --checkpoint "$work/z3/vae.safetensors" --exact
expect_error "--grad-variance needs a VAE" eval --checkpoint "$work/run/ae.safetensors" --data synthetic:3000 --grad-variance

echo "cli_end_to_end: $failures failure(s)"
[ "$failures" = 0 ]
