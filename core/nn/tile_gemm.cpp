#include "core/nn/tile_gemm.h"

#include <cassert>
#include <cstdio>
#include <cstdlib>

// Both widths need AVX-512: the 256-bit kernel's 16 accumulators, two vectors of B and a
// broadcast take 19 of the 32 registers AVX-512VL gives ymm. With AVX2's 16 registers only a
// 6-row tile fits, and it was no faster than OpenBLAS's Haswell kernel (docs/performance.md),
// so builds without AVX-512 keep OpenBLAS for everything.
#if defined(__AVX512F__) && defined(__AVX512VL__)
#include <immintrin.h>
#define LATENTLAB_TILE_GEMM 1
#endif

namespace ll {

namespace {

#ifdef LATENTLAB_TILE_GEMM
// A tile is 8 rows × 2 vectors: 16 accumulators, at either width.
constexpr int kTileRows = 8;

// One vector width's loads, broadcasts and FMAs. `Mask` selects the lanes of the last vector
// of a column tail; full tiles never go through it.
struct Zmm {
  using V = __m512;
  using Mask = __mmask16;
  static constexpr int kLanes = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static V broadcast(const float* p) { return _mm512_set1_ps(*p); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static Mask mask(int n) { return Mask((1u << n) - 1u); }
  static V load(const float* p, Mask m) { return _mm512_maskz_loadu_ps(m, p); }
  static void store(float* p, V v, Mask m) { _mm512_mask_storeu_ps(p, m, v); }
};

struct Ymm {
  using V = __m256;
  using Mask = __mmask8;
  static constexpr int kLanes = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static V broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  static V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static Mask mask(int n) { return Mask((1u << n) - 1u); }
  static V load(const float* p, Mask m) { return _mm256_maskz_loadu_ps(m, p); }
  static void store(float* p, V v, Mask m) { _mm256_mask_storeu_ps(p, m, v); }
};

// A ROWS × (lanes·NV) tile of C; with TAIL its last vector covers only the columns `last`
// selects. GCC keeps the accumulators in registers only when every loop over them is unrolled.
template <class W, int ROWS, int NV, bool TAIL>
inline void tile(int K, const float* a, long rs, long cs, const float* b, long ldb, bool add,
                 float* c, long ldc, typename W::Mask last) {
  using V = typename W::V;
  V acc[ROWS][NV];
#pragma GCC unroll 8
  for (int r = 0; r < ROWS; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) acc[r][v] = W::zero();
  for (int k = 0; k < K; ++k) {
    const float* bk = b + k * ldb;
    V bv[NV];
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v)
      bv[v] = TAIL && v == NV - 1 ? W::load(bk + W::kLanes * v, last) : W::load(bk + W::kLanes * v);
    const float* ak = a + k * cs;
#pragma GCC unroll 8
    for (int r = 0; r < ROWS; ++r) {
      const V av = W::broadcast(ak + r * rs);
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v) acc[r][v] = W::fmadd(av, bv[v], acc[r][v]);
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < ROWS; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) {
      float* cv = c + r * ldc + W::kLanes * v;
      if (TAIL && v == NV - 1) {
        W::store(cv, add ? W::add(acc[r][v], W::load(cv, last)) : acc[r][v], last);
      } else {
        W::store(cv, add ? W::add(acc[r][v], W::load(cv)) : acc[r][v]);
      }
    }
}

// Rows [0, M) of one column panel of NV vectors: 8 rows at a time, then 4, 2, 1.
template <class W, int NV, bool TAIL>
void panel(int M, int K, const float* a, long rs, long cs, const float* b, long ldb, bool add,
           float* c, long ldc, typename W::Mask last) {
  int i = 0;
  for (; i + kTileRows <= M; i += kTileRows) tile<W, kTileRows, NV, TAIL>(K, a + i * rs, rs, cs, b, ldb, add, c + i * ldc, ldc, last);
  if (i + 4 <= M) tile<W, 4, NV, TAIL>(K, a + i * rs, rs, cs, b, ldb, add, c + i * ldc, ldc, last), i += 4;
  if (i + 2 <= M) tile<W, 2, NV, TAIL>(K, a + i * rs, rs, cs, b, ldb, add, c + i * ldc, ldc, last), i += 2;
  if (i < M) tile<W, 1, NV, TAIL>(K, a + i * rs, rs, cs, b, ldb, add, c + i * ldc, ldc, last);
}

// Column panels of two vectors outermost: a panel of B (K × 32 at 512 bits, 100 KB at K = 784)
// stays in L1/L2 while all of A's rows stream past it. (Row blocks outermost were no
// better at either width.)
template <class W>
void product(int M, int N, int K, const float* a, long rs, long cs, const float* b, long ldb,
             bool add, float* c, long ldc) {
  constexpr int L = W::kLanes;
  const typename W::Mask none{};
  int j = 0;
  for (; j + 2 * L <= N; j += 2 * L) panel<W, 2, false>(M, K, a, rs, cs, b + j, ldb, add, c + j, ldc, none);
  if (j + L <= N) panel<W, 1, false>(M, K, a, rs, cs, b + j, ldb, add, c + j, ldc, none), j += L;
  if (j < N) panel<W, 1, true>(M, K, a, rs, cs, b + j, ldb, add, c + j, ldc, W::mask(N - j));
}
#endif

// The widest vectors the CPU has that this build can compute at, from cpuid: 512 bits with
// AVX-512F and VL, else 0 (the 256-bit tile needs VL's registers too). OPENBLAS_CORETYPE
// chooses OpenBLAS's kernel, to work around OpenBLAS's bugs; it says nothing about this code.
int vector_bits() {
  static const int bits = [] {
#ifdef LATENTLAB_TILE_GEMM
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") ? 512 : 0;
#else
    return 0;
#endif
  }();
  return bits;
}

}  // namespace

bool tile_gemm_enabled() { return vector_bits() != 0; }

int tile_gemm_vector_bits() { return vector_bits(); }

void tile_gemm(int M, int N, int K, const float* a, long rs, long cs, const float* b, long ldb,
               float beta, float* c, long ldc) {
  tile_gemm_at(vector_bits(), M, N, K, a, rs, cs, b, ldb, beta, c, ldc);
}

bool tile_gemm_width_available(int bits) {
  return tile_gemm_enabled() && (bits == 512 || bits == 256);
}

void tile_gemm_at(int bits, int M, int N, int K, const float* a, long rs, long cs,
                  const float* b, long ldb, float beta, float* c, long ldc) {
  assert(beta == 0.f || beta == 1.f);  // gemm()'s contract: overwrite or accumulate
  const bool add = beta != 0.f;
#ifdef LATENTLAB_TILE_GEMM
  if (tile_gemm_width_available(bits) && bits == 512)
    return product<Zmm>(M, N, K, a, rs, cs, b, ldb, add, c, ldc);
  if (tile_gemm_width_available(bits) && bits == 256)
    return product<Ymm>(M, N, K, a, rs, cs, b, ldb, add, c, ldc);
#endif
  (void)M, (void)N, (void)K, (void)a, (void)rs, (void)cs, (void)b, (void)ldb, (void)add, (void)c, (void)ldc;
  std::fprintf(stderr, "tile_gemm called at %d bits, which this build and CPU do not have\n", bits);
  std::abort();
}

}  // namespace ll
