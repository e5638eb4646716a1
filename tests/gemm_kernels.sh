#!/usr/bin/env bash
# The product tests, the thread-count determinism tests and the gradient and loss
# checks under each OpenBLAS kernel this CPU runs, whatever the environment picked for the
# suite: where slice edges may fall differs between kernels (AVX-512: multiples of 16
# columns; Haswell's AVX2: multiples of 12 rows), and the products gemm() keeps on the library
# beside tile_gemm (which runs at the CPU's width whatever the kernel: Gemm.TileWidthIs...)
# differ with it. A fixed cut that suited only the AVX-512 kernel broke on a machine that sets
# OPENBLAS_CORETYPE=Haswell. The sharded step's thread-count tests run under both too.
set -uo pipefail
tests=${LATENTLAB_TESTS:?set by ctest}
filter='Gemm.*:Trainer.ThreadCountDoesNotChangeTheNumbers:Trainer.ShardedSteps*:Gradients*:GradientShards*'
kernels=()
grep -qw avx2 /proc/cpuinfo && kernels+=(Haswell)
grep -qw avx512f /proc/cpuinfo && grep -qw avx512bw /proc/cpuinfo && grep -qw avx512vl /proc/cpuinfo &&
  kernels+=(SkylakeX)
if [[ ${#kernels[@]} -eq 0 ]]; then
  echo "FAIL: neither AVX2 nor AVX-512 on this CPU: no OpenBLAS kernel of the two to test"
  exit 1
fi
failures=0
for k in "${kernels[@]}"; do
  out=$(OPENBLAS_CORETYPE=$k "$tests" --gtest_filter="$filter" 2>&1)
  rc=$?
  ran=$(grep -c '^\[       OK \]' <<<"$out")
  echo "OPENBLAS_CORETYPE=$k: exit $rc, $ran test(s) passed"
  if [[ $rc -ne 0 || $ran -lt 15 ]]; then
    echo "$out" | grep -E 'FAILED|Failure|^[0-9]+x[0-9]+' | head -20
    failures=$((failures + 1))
  fi
done
[[ $failures -eq 0 ]]
