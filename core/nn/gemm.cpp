#include "core/nn/gemm.h"

#include <Eigen/Core>
#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/nn/eigen_maps.h"
#include "core/nn/rng.h"
#include "core/nn/side_thread.h"
#include "core/nn/tile_gemm.h"

#ifdef LATENTLAB_OPENBLAS
#include <cblas.h>
#endif

namespace ll {

namespace {

// Where a product is cut: along the rows or the columns of C, at multiples of grain.
struct SlicePlan {
  bool split_rows = false;
  int grain = 0;  // 0: not cut
};

// C block (M, N) with row strides lda, ldb, ldc, on the calling thread: our register-tile
// product when `tiled`, else one library call.
void gemm_block(bool tiled, bool trans_a, bool trans_b, int M, int N, int K, const float* A,
                int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  if (tiled) {
    tile_gemm(M, N, K, A, trans_a ? 1 : lda, trans_a ? lda : 1, B, ldb, beta, C, ldc);
    return;
  }
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

// The calling thread's budget (GemmThreads), and the side threads that take the slices. Both
// libraries' own threading stays at 1: theirs spins while waiting, which on a loaded machine
// made 2 threads many times slower than 1; ours blocks, so a busy machine costs at worst a
// wake-up.
thread_local int thread_budget = 1;

struct Pool {
  std::mutex mutex;
  std::vector<std::unique_ptr<SideThread>> threads;  // grows to the largest budget − 1, never shrinks
  std::vector<bool> busy;
};
// Never destroyed: a product may still be running on another thread while statics are torn
// down at exit.
Pool& pool() {
  static Pool* p = new Pool;
  return *p;
}

// A slice gets at least this many FLOPs (2·M·N·K): less is not worth a hand-off (a wake-up),
// and it keeps slices off OpenBLAS's small-matrix kernel (for M·N·K up to 1e6), which sums
// in another order than its blocked one, so that an exact cut exists (see slice_plan).
constexpr double kMinSliceFlops = 4e6;

// The large products with a row-major B go through tile_gemm where it is enabled: shapes of
// the kind it was measured on (bench/bench_tile_gemm.cpp); the small ones were not measured.
bool use_tile_gemm(bool trans_b, int M, int N, int K) {
  return !trans_b && 2.0 * M * N * K >= kMinSliceFlops && tile_gemm_enabled();
}

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

// One product's operands, and the call for all of it or for one slice of C.
struct Product {
  bool tiled;  // through tile_gemm (decided for the whole product, so every slice agrees)
  bool trans_a, trans_b;
  int M, N, K;
  const float* A;
  int lda;
  const float* B;
  int ldb;
  float beta;
  float* C;
  int ldc;

  void run() const { gemm_block(tiled, trans_a, trans_b, M, N, K, A, lda, B, ldb, beta, C, ldc); }

  // Slice p of `parts` along rows or columns of C; its edges are multiples of plan.grain.
  void run_slice(const SlicePlan& plan, int parts, int p) const {
    const int len = plan.split_rows ? M : N;
    auto edge = [&](int q) {
      const int g = plan.grain;
      return std::min(len, (len * q / parts + g - 1) / g * g);
    };
    const int s0 = edge(p), s1 = edge(p + 1);
    if (s1 <= s0) return;
    if (plan.split_rows) {
      const float* a = trans_a ? A + s0 : A + size_t(s0) * lda;
      gemm_block(tiled, trans_a, trans_b, s1 - s0, N, K, a, lda, B, ldb, beta, C + size_t(s0) * ldc, ldc);
    } else {
      const float* b = trans_b ? B + size_t(s0) * ldb : B + s0;
      gemm_block(tiled, trans_a, trans_b, M, s1 - s0, K, A, lda, b, ldb, beta, C + s0, ldc);
    }
  }
};

// Whether this shape cut this way gives the whole product's bits: both computed here, on
// random operands, and compared bit for bit (C starts random too, for beta = 1).
bool slicing_is_exact(const Product& shape, const SlicePlan& plan, int parts) {
  Rng rng(0x511CE);
  auto random = [&](size_t n) {
    std::vector<float> v(n);
    for (float& x : v) x = 2.f * rng.uniform() - 1.f;
    return v;
  };
  const auto a = random(size_t(shape.M) * shape.K), b = random(size_t(shape.K) * shape.N);
  const auto c0 = random(size_t(shape.M) * shape.N);
  auto whole = c0, sliced = c0;
  Product p = shape;
  p.A = a.data();
  p.B = b.data();
  p.C = whole.data();
  p.run();
  p.C = sliced.data();
  for (int q = 0; q < parts; ++q) p.run_slice(plan, parts, q);
  return std::memcmp(whole.data(), sliced.data(), whole.size() * sizeof(float)) == 0;
}

// How a shape may be cut into `parts` slices without changing a bit, found once per shape
// and remembered. OpenBLAS's micro-kernel computes a tile of C at a time and the edge of a
// block (the rows or columns left over from the tile) with other code that sums in another
// order; where those edges fall depends on the kernel it runs. Its AVX-512 kernels are exact
// at multiples of 16 columns, its AVX2 (Haswell) kernel only at multiples of 12 rows; which
// one runs depends on the CPU and on OPENBLAS_CORETYPE (set to Haswell on some machines).
// So the cut is not assumed but measured; a shape no candidate cuts exactly stays whole.
SlicePlan slice_plan(const Product& shape, int parts) {
  struct Known {
    bool trans_a, trans_b;
    int M, N, K;
    bool accumulate;
    int parts;
    SlicePlan plan;
  };
  static std::mutex mutex;
  static std::vector<Known>* known = new std::vector<Known>;  // never destroyed, as pool()
  const bool accumulate = shape.beta != 0.f;
  std::lock_guard lock(mutex);
  for (const Known& k : *known)
    if (k.trans_a == shape.trans_a && k.trans_b == shape.trans_b && k.M == shape.M &&
        k.N == shape.N && k.K == shape.K && k.accumulate == accumulate && k.parts == parts)
      return k.plan;
  SlicePlan found;
  const bool longer_rows = shape.M >= shape.N;
  for (int grain : {16, 12, 48})
    for (bool split_rows : {longer_rows, !longer_rows}) {
      const SlicePlan plan{split_rows, grain};
      if (found.grain == 0 && (split_rows ? shape.M : shape.N) >= 2 * grain &&
          slicing_is_exact(shape, plan, parts))
        found = plan;
    }
  known->push_back({shape.trans_a, shape.trans_b, shape.M, shape.N, shape.K, accumulate, parts, found});
  return found;
}

thread_local std::vector<GemmShape>* recorded_shapes = nullptr;

const bool kSingleThreadedLibraries = [] {
  Eigen::setNbThreads(1);
#ifdef LATENTLAB_OPENBLAS
  openblas_set_num_threads(1);
#endif
  return true;
}();

}  // namespace

void gemm(bool trans_a, bool trans_b, int M, int N, int K, const float* A, const float* B,
          float beta, float* C, GemmRoute route) {
  const bool tiled = route == GemmRoute::Auto && use_tile_gemm(trans_b, M, N, K);
  const Product product{tiled, trans_a, trans_b, M, N, K, A, trans_a ? M : K, B, trans_b ? K : N,
                        beta, C, N};
  if (recorded_shapes) recorded_shapes->push_back({trans_a, trans_b, M, N, K});
#ifdef LATENTLAB_OPENBLAS
  const int want = std::min<double>(thread_budget,
                                    2.0 * M * N * K / kMinSliceFlops);
#else
  // Eigen picks its K blocking from M and N too, so a slice would sum in another order than
  // the whole product: without OpenBLAS, products stay on one thread (determinism first).
  const int want = 1;
#endif
  if (want < 2) {
    product.run();
    return;
  }
  const std::vector<SideThread*>& side = claim(want - 1);
  const int parts = int(side.size()) + 1;
  const SlicePlan plan = parts > 1 ? slice_plan(product, parts) : SlicePlan{};
  if (plan.grain == 0) {
    release(side);
    product.run();
    return;
  }
  for (int p = 1; p < parts; ++p)
    side[p - 1]->run([&product, plan, parts, p] { product.run_slice(plan, parts, p); });
  product.run_slice(plan, parts, 0);
  for (SideThread* t : side) t->wait();
  release(side);
}

GemmSlicing gemm_slicing(bool trans_a, bool trans_b, int M, int N, int K, int threads) {
  GemmSlicing out;
#ifdef LATENTLAB_OPENBLAS
  const int parts = std::min<double>(threads, 2.0 * M * N * K / kMinSliceFlops);
  out.large = parts >= 2;
  if (!out.large) return out;
  const Product shape{use_tile_gemm(trans_b, M, N, K), trans_a, trans_b, M, N, K, nullptr, trans_a ? M : K, nullptr,
                      trans_b ? K : N, 0.f, nullptr, N};
  const SlicePlan plan = slice_plan(shape, parts);
  if (plan.grain > 0) out = {true, parts, plan.split_rows, plan.grain};
#else
  (void)trans_a, (void)trans_b, (void)M, (void)N, (void)K, (void)threads;
#endif
  return out;
}

void record_gemm_shapes(std::vector<GemmShape>* shapes) { recorded_shapes = shapes; }

bool gemm_uses_tile(bool trans_a, bool trans_b, int M, int N, int K) {
  (void)trans_a;
  return use_tile_gemm(trans_b, M, N, K);
}

namespace {

void start_side_threads(int n) {
  Pool& p = pool();
  std::lock_guard lock(p.mutex);
  while (int(p.threads.size()) < n - 1) {
    p.threads.push_back(std::make_unique<SideThread>());
    p.busy.push_back(false);
  }
}

}  // namespace

GemmThreads::GemmThreads(int n) : previous_(thread_budget) { set(n); }

GemmThreads::~GemmThreads() { thread_budget = previous_; }

void GemmThreads::set(int n) {
  n = std::max(1, n);
  start_side_threads(n);
  thread_budget = n;
}

int GemmThreads::current() { return thread_budget; }

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
