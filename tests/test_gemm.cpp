// core/nn/gemm: every transpose combination and beta against a plain triple loop, and the
// same bits whatever the number of threads a product is sliced across.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "core/nn/gemm.h"
#include "core/nn/rng.h"
#include "core/nn/tile_gemm.h"

namespace ll {
namespace {

std::vector<float> random_vector(size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (float& x : v) x = 2.f * rng.uniform() - 1.f;
  return v;
}

// C = op(A) op(B) + beta C in double, the slow obvious way.
std::vector<float> reference(bool ta, bool tb, int M, int N, int K, const std::vector<float>& A,
                             const std::vector<float>& B, float beta, std::vector<float> C) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double s = 0;
      for (int k = 0; k < K; ++k)
        s += double(ta ? A[size_t(k) * M + i] : A[size_t(i) * K + k]) *
             double(tb ? B[size_t(j) * K + k] : B[size_t(k) * N + j]);
      C[size_t(i) * N + j] = float(s + beta * C[size_t(i) * N + j]);
    }
  return C;
}

TEST(Gemm, EveryTransposeAndBetaMatchesTheTripleLoop) {
  const int M = 37, N = 53, K = 29;
  const auto A = random_vector(size_t(M) * K, 1), B = random_vector(size_t(K) * N, 2),
             C0 = random_vector(size_t(M) * N, 3);
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (float beta : {0.f, 1.f}) {
        std::vector<float> C = C0;
        gemm(ta, tb, M, N, K, A.data(), B.data(), beta, C.data());
        const auto want = reference(ta, tb, M, N, K, A, B, beta, C0);
        for (size_t i = 0; i < C.size(); ++i)
          ASSERT_NEAR(C[i], want[i], 1e-4f) << "ta " << ta << " tb " << tb << " beta " << beta << " at " << i;
      }
}

// The model's large shapes through gemm() against the triple loop: where tile_gemm is
// enabled these are the products it takes (B row-major; A either way), so a wrong stride or
// offset on the way to it shows here, on one thread and sliced across two.
TEST(Gemm, LargeProductsMatchTheTripleLoop) {
  struct Shape { bool ta; int M, N, K; float beta; };
  for (const Shape s : {Shape{false, 400, 128, 784, 1.f}, Shape{true, 400, 128, 784, 0.f},
                        Shape{false, 400, 784, 128, 0.f}}) {
    const auto A = random_vector(size_t(s.M) * s.K, 21), B = random_vector(size_t(s.K) * s.N, 22),
               C0 = random_vector(size_t(s.M) * s.N, 23);
    const auto want = reference(s.ta, false, s.M, s.N, s.K, A, B, s.beta, C0);
    for (const int threads : {1, 2}) {
      std::vector<float> C = C0;
      {
        GemmThreads scope(threads);
        gemm(s.ta, false, s.M, s.N, s.K, A.data(), B.data(), s.beta, C.data());
      }
      for (size_t i = 0; i < C.size(); ++i)
        ASSERT_NEAR(C[i], want[i], 2e-3f) << s.M << "x" << s.N << "x" << s.K << " ta " << s.ta << ", "
                                          << threads << " thread(s), at " << i;
    }
  }
}

// The budget is the calling thread's: a scope on one thread leaves every other thread's at 1
// (the UI's cursor decode must not inherit the trainer's count), and ends with its scope.
TEST(Gemm, ThreadBudgetBelongsToTheCallingThread) {
  EXPECT_EQ(GemmThreads::current(), 1);
  {
    GemmThreads scope(3);
    EXPECT_EQ(GemmThreads::current(), 3);
    int other = 0;
    std::thread([&other] { other = GemmThreads::current(); }).join();
    EXPECT_EQ(other, 1);
    {
      GemmThreads inner(2);
      EXPECT_EQ(GemmThreads::current(), 2);
    }
    EXPECT_EQ(GemmThreads::current(), 3);
    scope.set(0);  // counts as 1
    EXPECT_EQ(GemmThreads::current(), 1);
  }
  EXPECT_EQ(GemmThreads::current(), 1);
  // Set on another thread, it does not reach this one.
  std::thread([] {
    GemmThreads scope(4);
    EXPECT_EQ(GemmThreads::current(), 4);
  }).join();
  EXPECT_EQ(GemmThreads::current(), 1);
}

TEST(Gemm, SlicingAcrossThreadsGivesTheSameBits) {
  // The model's shapes: forward, weight gradient, input gradient; big enough to be sliced.
  struct Shape { bool ta, tb; int M, N, K; };
  for (const Shape s : {Shape{false, true, 128, 400, 784}, Shape{true, false, 400, 784, 128},
                        Shape{false, false, 128, 400, 784}, Shape{true, false, 784, 400, 128}}) {
    const auto A = random_vector(size_t(s.M) * s.K, 4), B = random_vector(size_t(s.K) * s.N, 5);
    std::vector<float> one(size_t(s.M) * s.N), two(one.size()), three(one.size());
    gemm(s.ta, s.tb, s.M, s.N, s.K, A.data(), B.data(), 0.f, one.data());
    {
      GemmThreads scope(2);
      gemm(s.ta, s.tb, s.M, s.N, s.K, A.data(), B.data(), 0.f, two.data());
      scope.set(3);
      gemm(s.ta, s.tb, s.M, s.N, s.K, A.data(), B.data(), 0.f, three.data());
    }
    EXPECT_EQ(one, two) << s.M << "x" << s.N << "x" << s.K;
    EXPECT_EQ(one, three) << s.M << "x" << s.N << "x" << s.K;
  }
}

// tile_gemm computes at the CPU's widest vectors, whatever OpenBLAS's kernel is: the variable
// tests/gemm_kernels.sh sets to choose OpenBLAS's kernel must not narrow ours.
TEST(Gemm, TileWidthIsTheCpusWhateverOpenBlasRuns) {
#if defined(__AVX512F__) && defined(__AVX512VL__)  // tile_gemm.cpp's condition
  const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  EXPECT_EQ(tile_gemm_vector_bits(), avx512 ? 512 : 0) << "OpenBLAS runs " << gemm_library();
#else
  EXPECT_EQ(tile_gemm_vector_bits(), 0);
#endif
}

// The widths the tile tests run at: both where this build and CPU have tile_gemm.
std::vector<int> tile_widths() {
  std::vector<int> w;
  for (const int bits : {512, 256})
    if (tile_gemm_width_available(bits)) w.push_back(bits);
  return w;
}

// Every edge the register tiles have (rows past a multiple of 8, 4, 2; columns past two
// vectors and one, down to a single one), both layouts of A, beta 0 and 1, and row strides
// wider than the matrices, against the triple loop, at both widths.
TEST(Gemm, TileKernelMatchesTheTripleLoopAtEveryEdge) {
  if (!tile_gemm_enabled()) GTEST_SKIP() << "tile_gemm is not used with this build and CPU";
  ASSERT_EQ(tile_widths(), (std::vector<int>{512, 256}));
  int cases = 0;
  for (const int bits : tile_widths())
  for (const int M : {1, 2, 3, 7, 8, 12, 15, 20, 29})
    for (const int N : {1, 8, 15, 16, 17, 24, 32, 33, 53})
      for (const int K : {1, 29})
        for (const bool ta : {false, true})
          for (const float beta : {0.f, 1.f}) {
            const int pad = 3;  // every row stride is wider than its row
            const int lda = (ta ? M : K) + pad, ldb = N + pad, ldc = N + pad;
            const auto A = random_vector(size_t(ta ? K : M) * lda, 11), B = random_vector(size_t(K) * ldb, 12);
            const auto C0 = random_vector(size_t(M) * ldc, 13);
            std::vector<float> C = C0;
            tile_gemm_at(bits, M, N, K, A.data(), ta ? 1 : lda, ta ? lda : 1, B.data(), ldb, beta, C.data(), ldc);
            for (int i = 0; i < M; ++i)
              for (int j = 0; j < ldc; ++j) {
                const size_t at = size_t(i) * ldc + j;
                if (j >= N) {  // the padding is never written
                  ASSERT_EQ(C[at], C0[at]) << M << "x" << N << "x" << K << " wrote past column " << N;
                  continue;
                }
                double s = beta * C0[at];
                for (int k = 0; k < K; ++k)
                  s += double(ta ? A[size_t(k) * lda + i] : A[size_t(i) * lda + k]) * double(B[size_t(k) * ldb + j]);
                ASSERT_NEAR(C[at], s, 1e-4) << bits << " bits " << M << "x" << N << "x" << K << " ta " << ta << " beta " << beta
                                            << " at (" << i << ", " << j << ")";
              }
            ++cases;
          }
  EXPECT_EQ(cases, 2 * 9 * 9 * 2 * 2 * 2);
}

// n floats placed against a page no access is allowed to: ending right before it, or starting
// right after it. Touching past either end of the data then crashes the test.
class GuardedFloats {
 public:
  GuardedFloats(const std::vector<float>& v, bool guard_after) : n_(v.size()) {
    page_ = size_t(sysconf(_SC_PAGESIZE));
    const size_t bytes = (n_ * sizeof(float) + page_ - 1) / page_ * page_;
    size_ = bytes + page_;
    base_ = static_cast<char*>(mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (base_ == MAP_FAILED) std::abort();
    char* guard = guard_after ? base_ + bytes : base_;
    mprotect(guard, page_, PROT_NONE);
    data_ = guard_after ? reinterpret_cast<float*>(base_ + bytes) - n_ : reinterpret_cast<float*>(base_ + page_);
    std::copy(v.begin(), v.end(), data_);
  }
  ~GuardedFloats() { munmap(base_, size_); }
  GuardedFloats(const GuardedFloats&) = delete;
  GuardedFloats& operator=(const GuardedFloats&) = delete;
  float* data() { return data_; }
  std::vector<float> values() const { return std::vector<float>(data_, data_ + n_); }

 private:
  size_t n_, page_ = 0, size_ = 0;
  char* base_ = nullptr;
  float* data_ = nullptr;
};

// The tile kernel reads and writes nothing outside its operands, at every edge, with the
// tightest strides: each operand ends right before (then starts right after) a page no access
// is allowed to. tile_gemm.cpp is built without ASan (too slow instrumented), so this is the
// check of its memory accesses in every build, at both widths.
TEST(Gemm, TileKernelStaysInsideItsOperands) {
  if (!tile_gemm_enabled()) GTEST_SKIP() << "tile_gemm is not used with this build and CPU";
  ASSERT_EQ(tile_widths(), (std::vector<int>{512, 256}));
  int cases = 0;
  for (const int bits : tile_widths())
  for (const bool guard_after : {true, false})
    for (const int M : {1, 2, 3, 7, 8, 12, 15, 20, 29})
      for (const int N : {1, 8, 15, 16, 17, 24, 32, 33, 53})
        for (const int K : {1, 29})
          for (const bool ta : {false, true})
            for (const float beta : {0.f, 1.f}) {
              const auto a = random_vector(size_t(M) * K, 21), b = random_vector(size_t(K) * N, 22);
              const auto c0 = random_vector(size_t(M) * N, 23);
              GuardedFloats A(a, guard_after), B(b, guard_after), C(c0, guard_after);
              tile_gemm_at(bits, M, N, K, A.data(), ta ? 1 : K, ta ? M : 1, B.data(), N, beta, C.data(), N);
              const auto want = reference(ta, false, M, N, K, a, b, beta, c0);
              const auto got = C.values();
              for (size_t i = 0; i < got.size(); ++i)
                ASSERT_NEAR(got[i], want[i], 1e-4) << bits << " bits " << M << "x" << N << "x" << K << " ta " << ta << " at " << i;
              ++cases;
            }
  EXPECT_EQ(cases, 2 * 2 * 9 * 9 * 2 * 2 * 2);
}

}  // namespace
}  // namespace ll
