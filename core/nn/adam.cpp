#include "core/nn/adam.h"

#include <cmath>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace ll {

namespace {

struct Constants {
  float b1, b2, step, inv_sqrt_bc2, eps;
};

// The update of elements [begin, n) one at a time; returns false if a parameter is not finite.
template <bool kTwo>
bool adam_scalar(const Constants& k, float* p, const float* g, const float* gb, float* m, float* v,
                 size_t begin, size_t n) {
  // The finiteness check the trainer needs rides along (p − p is 0 for a finite p, NaN
  // otherwise) instead of a second pass. Vectorizes because the build has -fno-math-errno.
  int not_finite = 0;
  for (size_t i = begin; i < n; ++i) {
    const float gi = kTwo ? g[i] + gb[i] : g[i];
    m[i] = k.b1 * m[i] + (1.f - k.b1) * gi;
    v[i] = k.b2 * v[i] + (1.f - k.b2) * gi * gi;
    const float pi = p[i] - k.step * m[i] / (std::sqrt(v[i]) * k.inv_sqrt_bc2 + k.eps);
    p[i] = pi;
    not_finite |= !(pi - pi == 0.f);
  }
  return not_finite == 0;
}

#if defined(__AVX512F__)
// The same update, 16 at a time, with the division done as a reciprocal estimate and one
// Newton step. The loop is bound by the divide/square-root unit, not by memory (it is nearly
// as slow with everything in L1 as at the model's size), and the square root and the
// division both queue on it; the Newton step runs on the FMA units instead (the figures are
// in docs/performance.md). rcp14 is within 2⁻¹⁴, one step squares that: a few ulp from the
// division, on a step that is itself ~1e-3.
template <bool kTwo>
size_t adam_avx512(const Constants& k, float* p, const float* g, const float* gb, float* m,
                   float* v, size_t n, bool& finite) {
  const __m512 b1 = _mm512_set1_ps(k.b1), b2 = _mm512_set1_ps(k.b2);
  const __m512 a1 = _mm512_set1_ps(1.f - k.b1), a2 = _mm512_set1_ps(1.f - k.b2);
  const __m512 c = _mm512_set1_ps(k.inv_sqrt_bc2), eps = _mm512_set1_ps(k.eps);
  const __m512 step = _mm512_set1_ps(k.step), two = _mm512_set1_ps(2.f);
  __m512 check = _mm512_setzero_ps();  // Σ (p − p): NaN once any p is not finite
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 gi = kTwo ? _mm512_add_ps(_mm512_loadu_ps(g + i), _mm512_loadu_ps(gb + i))
                           : _mm512_loadu_ps(g + i);
    const __m512 mi = _mm512_fmadd_ps(b1, _mm512_loadu_ps(m + i), _mm512_mul_ps(a1, gi));
    const __m512 vi = _mm512_fmadd_ps(b2, _mm512_loadu_ps(v + i), _mm512_mul_ps(_mm512_mul_ps(a2, gi), gi));
    _mm512_storeu_ps(m + i, mi);
    _mm512_storeu_ps(v + i, vi);
    const __m512 d = _mm512_fmadd_ps(_mm512_sqrt_ps(vi), c, eps);  // √v̂ + ε
    __m512 r = _mm512_rcp14_ps(d);
    r = _mm512_mul_ps(r, _mm512_fnmadd_ps(d, r, two));  // r (2 − d r): Newton for 1/d
    const __m512 pi = _mm512_fnmadd_ps(_mm512_mul_ps(step, mi), r, _mm512_loadu_ps(p + i));
    _mm512_storeu_ps(p + i, pi);
    check = _mm512_add_ps(check, _mm512_sub_ps(pi, pi));
  }
  finite = _mm512_cmp_ps_mask(check, check, _CMP_UNORD_Q) == 0;
  return i;
}
#endif

}  // namespace

bool adam_update(const AdamConfig& cfg, AdamState& s, float* params, const float* grads,
                 size_t n) {
  return adam_update(cfg, s, params, grads, nullptr, n);
}

bool adam_update(const AdamConfig& cfg, AdamState& s, float* params, const float* grads,
                 const float* grads_b, size_t n) {
  s.t += 1;
  // PyTorch's update, p −= lr · m̂ / (√v̂ + ε) with m̂ = m / bc1 and v̂ = v / bc2, with both
  // bias corrections folded into two constants so the loop is one pass over the buffers.
  const double bc1 = 1.0 - std::pow(double(cfg.beta1), double(s.t));
  const double bc2 = 1.0 - std::pow(double(cfg.beta2), double(s.t));
  const Constants k{cfg.beta1, cfg.beta2, float(cfg.lr / bc1), float(1.0 / std::sqrt(bc2)), cfg.eps};
  float* m = s.m.data();
  float* v = s.v.data();
  bool finite = true;
  size_t done = 0;
  const float* gb = grads_b;
  if (gb) {
#if defined(__AVX512F__)
    done = adam_avx512<true>(k, params, grads, gb, m, v, n, finite);
#endif
    return adam_scalar<true>(k, params, grads, gb, m, v, done, n) && finite;
  }
#if defined(__AVX512F__)
  done = adam_avx512<false>(k, params, grads, gb, m, v, n, finite);
#endif
  return adam_scalar<false>(k, params, grads, gb, m, v, done, n) && finite;
}

}  // namespace ll
