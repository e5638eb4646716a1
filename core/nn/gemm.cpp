#include "core/nn/gemm.h"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/nn/eigen_maps.h"
#include "core/nn/side_thread.h"

#ifdef LATENTLAB_OPENBLAS
#include <cblas.h>
#endif

namespace ll {

namespace {

// C block (M, N) with row strides lda, ldb, ldc: one library call on the calling thread.
void gemm_block(bool trans_a, bool trans_b, int M, int N, int K, const float* A, int lda,
                const float* B, int ldb, float beta, float* C, int ldc) {
#ifdef LATENTLAB_OPENBLAS
  // beta = 0 lets sgemm write C without reading it: no zeroing pass (Eigen's `=` has one).
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, M, N, K, 1.f, A, lda, B, ldb, beta, C, ldc);
#else
  using Stride = Eigen::OuterStride<>;
  using CMap = Eigen::Map<const MatrixRM, 0, Stride>;
  Eigen::Map<MatrixRM, 0, Stride> c(C, M, N, Stride(ldc));
  const CMap a(A, trans_a ? K : M, trans_a ? M : K, Stride(lda));
  const CMap b(B, trans_b ? N : K, trans_b ? K : N, Stride(ldb));
  auto product = [&](const auto& x, const auto& y) {
    if (beta == 0.f)
      c.noalias() = x * y;
    else
      c.noalias() += x * y;
  };
  if (trans_a && trans_b) product(a.transpose(), b.transpose());
  else if (trans_a) product(a.transpose(), b);
  else if (trans_b) product(a, b.transpose());
  else product(a, b);
#endif
}

// Threads for products, and the side threads that take their slices. Both libraries' own
// threading stays at 1: theirs spins while waiting, which on a loaded 2-core machine made
// 2 threads 2-10x slower than 1; ours blocks, so a busy machine costs at worst a wake-up.
std::atomic<int> gemm_threads{1};

struct Pool {
  std::mutex mutex;
  std::vector<std::unique_ptr<SideThread>> threads;  // grows to gemm_threads − 1, never shrinks
  std::vector<bool> busy;
};
// Never destroyed: a product may still be running on another thread while statics are torn
// down at exit.
Pool& pool() {
  static Pool* p = new Pool;
  return *p;
}

// A slice gets at least this many FLOPs (2·M·N·K): less is not worth a hand-off (~10 µs),
// and it keeps every slice on OpenBLAS's regular blocked kernel (its small-matrix kernel,
// for M·N·K up to 1e6, sums in another order), which is what makes slicing bit-exact.
constexpr double kMinSliceFlops = 4e6;

// Claims up to n idle side threads (another thread's product may hold some). The list is the
// calling thread's own, reused: products in the training loop do not allocate.
const std::vector<SideThread*>& claim(int n) {
  thread_local std::vector<SideThread*> got;
  got.clear();
  Pool& p = pool();
  std::lock_guard lock(p.mutex);
  for (size_t i = 0; i < p.threads.size() && int(got.size()) < n; ++i)
    if (!p.busy[i]) {
      p.busy[i] = true;
      got.push_back(p.threads[i].get());
    }
  return got;
}

void release(const std::vector<SideThread*>& got) {
  Pool& p = pool();
  std::lock_guard lock(p.mutex);
  for (size_t i = 0; i < p.threads.size(); ++i)
    if (std::find(got.begin(), got.end(), p.threads[i].get()) != got.end()) p.busy[i] = false;
}

const bool kSingleThreadedLibraries = [] {
  Eigen::setNbThreads(1);
#ifdef LATENTLAB_OPENBLAS
  openblas_set_num_threads(1);
#endif
  return true;
}();

}  // namespace

void gemm(bool trans_a, bool trans_b, int M, int N, int K, const float* A, const float* B,
          float beta, float* C) {
  const int lda = trans_a ? M : K, ldb = trans_b ? K : N, ldc = N;
#ifdef LATENTLAB_OPENBLAS
  const int want = std::min<double>(gemm_threads.load(std::memory_order_relaxed),
                                    2.0 * M * N * K / kMinSliceFlops);
#else
  // Eigen picks its K blocking from M and N too, so a slice would sum in another order than
  // the whole product: without OpenBLAS, products stay on one thread (determinism first).
  const int want = 1;
#endif
  if (want < 2) {
    gemm_block(trans_a, trans_b, M, N, K, A, lda, B, ldb, beta, C, ldc);
    return;
  }
  // Slices of C along its longer side, in multiples of 16 (one AVX-512 register of floats).
  // OpenBLAS blocks K by a fixed size whatever M and N are, so each element of C is the same
  // dot product in the same order: the result does not depend on the number of slices.
  const std::vector<SideThread*>& side = claim(want - 1);
  const int parts = int(side.size()) + 1;
  const bool split_rows = M >= N;
  const int len = split_rows ? M : N;
  auto slice_begin = [&](int p) { return std::min(len, (len * p / parts + 15) / 16 * 16); };
  auto run_slice = [=](int p) {
    const int s0 = slice_begin(p), s1 = slice_begin(p + 1);
    if (s1 <= s0) return;
    if (split_rows) {
      const float* a = trans_a ? A + s0 : A + size_t(s0) * lda;
      gemm_block(trans_a, trans_b, s1 - s0, N, K, a, lda, B, ldb, beta, C + size_t(s0) * ldc, ldc);
    } else {
      const float* b = trans_b ? B + size_t(s0) * ldb : B + s0;
      gemm_block(trans_a, trans_b, M, s1 - s0, K, A, lda, b, ldb, beta, C + s0, ldc);
    }
  };
  for (int p = 1; p < parts; ++p) side[p - 1]->run([&run_slice, p] { run_slice(p); });
  run_slice(0);
  for (SideThread* t : side) t->wait();
  release(side);
}

void set_gemm_threads(int n) {
  n = std::max(1, n);
  Pool& p = pool();
  std::lock_guard lock(p.mutex);
  while (int(p.threads.size()) < n - 1) {
    p.threads.push_back(std::make_unique<SideThread>());
    p.busy.push_back(false);
  }
  gemm_threads = n;
}

const char* gemm_library() {
#ifdef LATENTLAB_OPENBLAS
  // e.g. "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64": the
  // version and the kernel it picked for this CPU.
  return openblas_get_config();
#else
  static const std::string name = "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
                                  std::to_string(EIGEN_MAJOR_VERSION) + "." +
                                  std::to_string(EIGEN_MINOR_VERSION);
  return name.c_str();
#endif
}

}  // namespace ll
