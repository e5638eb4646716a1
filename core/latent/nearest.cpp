#include "core/latent/nearest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "core/error.h"
#include "core/nn/buffer.h"
#include "core/nn/eigen_maps.h"
#include "core/nn/gemm.h"

namespace ll {

namespace {

constexpr float kInv255 = 1.f / 255.f;
// Reference images per block: 512 × 784 floats is 1.6 MB, and a (512 × 512) product block
// (1 MB) stays in L2 while it is scanned. Queries go in blocks of the same size.
constexpr int kRefBlock = 512;
constexpr int kQueryBlock = 512;
// Side of the square pixel groups of the lower bound: 4×4 on 28×28 gives 49 coefficients.
// On Fashion-MNIST (2-D VAE and AE decodings, and test images) 4×4 with the residual term
// leaves ~1-2.5% of pairs to check exactly; 2×2 leaves 0.1-0.3% but its 196-wide product
// costs 4×; 7×7 leaves 3-7%.
constexpr int kGroupSide = 4;
// A block of pairs is finished with one dense product, as if there were no bound, when more
// than this fraction survives the bound (an untrained model's grey images, say): past it the
// pair-by-pair distances cost more than the product.
constexpr double kDenseFraction = 1.0 / 8;
constexpr float kMargin = 1e-5f;

// The orthonormal projection onto images that are constant on each group (kGroupSide² pixels
// × all channels): coefficient_g = Σ_{p∈g} x_p / √n_g. Then for any two images
//   ||a − b||² = ||Pa − Pb||² + ||P⊥a − P⊥b||² ≥ ||Pa − Pb||² + (||P⊥a|| − ||P⊥b||)²
// (the second by the triangle inequality), a lower bound that costs a G-wide product.
struct Groups {
  int h = 0, w = 0, c = 0;
  int across = 0;               // groups per row of groups
  int count = 0;
  std::vector<float> inv_sqrt;  // (G) 1 / √n_g; edge groups may be smaller
};

Groups make_groups(int h, int w, int c) {
  Groups g{h, w, c, (w + kGroupSide - 1) / kGroupSide, 0, {}};
  const int down = (h + kGroupSide - 1) / kGroupSide;
  g.count = g.across * down;
  g.inv_sqrt.resize(g.count);
  for (int gy = 0; gy < down; ++gy)
    for (int gx = 0; gx < g.across; ++gx) {
      const int rows = std::min(kGroupSide, h - gy * kGroupSide);
      const int cols = std::min(kGroupSide, w - gx * kGroupSide);
      g.inv_sqrt[gy * g.across + gx] = 1.f / std::sqrt(float(rows * cols * c));
    }
  return g;
}

// One image's terms: coef (G), ||Px||², ||P⊥x|| for the bound, ||x||² for the dense path.
// Pixels are summed run by run (a group's share of an image row is kGroupSide·c contiguous
// values); Acc is exact for uint8 (integers) and the images' floats alike.
template <class T, class Acc>
void project(const Groups& g, const T* x, float scale, float* coef, float& proj2,
             float& residual, float& norm2) {
  std::fill_n(coef, g.count, 0.f);
  // Whole-image total: 64 bits, since 255²·D overflows 32 for images past ~66,000 values.
  std::conditional_t<std::is_integral_v<Acc>, uint64_t, double> n2 = 0;
  for (int r = 0; r < g.h; ++r) {
    const T* row = x + size_t(r) * g.w * g.c;
    float* out = coef + (r / kGroupSide) * g.across;
    for (int gx = 0; gx < g.across; ++gx) {
      const int k1 = std::min(g.w, (gx + 1) * kGroupSide) * g.c;
      Acc sum = 0, sq = 0;
      for (int k = gx * kGroupSide * g.c; k < k1; ++k) {
        sum += Acc(row[k]);
        sq += Acc(row[k]) * Acc(row[k]);
      }
      out[gx] += float(sum);
      n2 += sq;
    }
  }
  double p2 = 0;
  for (int i = 0; i < g.count; ++i) {
    coef[i] *= scale * g.inv_sqrt[i];
    p2 += double(coef[i]) * coef[i];
  }
  const double n2d = double(n2) * double(scale) * double(scale);
  proj2 = float(p2);
  residual = float(std::sqrt(std::max(0.0, n2d - p2)));
  norm2 = float(n2d);
}

// ||a − b/255||², pixel by pixel. Sixteen independent partial sums, so the compiler can keep
// them in one vector register without reassociating a float sum.
float squared_distance(const float* a, const uint8_t* b, int D) {
  float acc[16] = {};
  int k = 0;
  for (; k + 16 <= D; k += 16)
    for (int l = 0; l < 16; ++l) {
      const float e = a[k + l] - float(b[k + l]) * kInv255;
      acc[l] += e * e;
    }
  float s = 0;
  for (; k < D; ++k) {
    const float e = a[k] - float(b[k]) * kInv255;
    s += e * e;
  }
  for (float v : acc) s += v;
  return s;
}

}  // namespace

void nearest_mse(const float* images, size_t count, const uint8_t* ref, size_t n_ref, int height,
                 int width, int channels, float* min_mse, int32_t* index) {
  if (count == 0) return;
  if (n_ref == 0) throw Error("nearest image: the reference set is empty");
  if (height <= 0 || width <= 0 || channels <= 0)
    throw Error("nearest image: image size must be positive");
  const int D = height * width * channels;
  const Groups g = make_groups(height, width, channels);
  const int G = g.count;

  // Queries' bound terms, once.
  std::vector<float> qcoef(count * G), qp2(count), qres(count), qn2(count);
  for (size_t i = 0; i < count; ++i)
    project<float, double>(g, images + i * D, 1.f, &qcoef[i * G], qp2[i], qres[i], qn2[i]);

  // best[i]: the smallest squared distance found so far (an upper bound on the nearest's),
  // arg[i] its reference row.
  std::vector<float> best(count, std::numeric_limits<float>::infinity());
  std::vector<int32_t> arg(count, 0);
  std::vector<float> rcoef(size_t(kRefBlock) * G), rp2(kRefBlock), rres(kRefBlock), rn2(kRefBlock);
  FloatBuffer block(size_t(kRefBlock) * D), prod(size_t(kQueryBlock) * kRefBlock);
  Eigen::RowVectorXf bound(kRefBlock);
  std::vector<int> survivors;  // flattened (i, j) pairs of the current block pair
  for (size_t r0 = 0; r0 < n_ref; r0 += kRefBlock) {
    const int nb = int(std::min<size_t>(kRefBlock, n_ref - r0));
    const uint8_t* src = ref + r0 * size_t(D);
    for (int j = 0; j < nb; ++j)
      project<uint8_t, uint32_t>(g, src + size_t(j) * D, kInv255, &rcoef[size_t(j) * G], rp2[j],
                                 rres[j], rn2[j]);
    bool block_floats = false;  // `block` holds this reference block as floats
    for (size_t q0 = 0; q0 < count; q0 += kQueryBlock) {
      const int nq = int(std::min<size_t>(kQueryBlock, count - q0));
      // Lower bounds: (nq, G) · (nb, G)ᵀ -> (nq, nb), then the norms and residual terms.
      gemm(false, true, nq, nb, G, &qcoef[q0 * G], rcoef.data(), 0.f, prod.data());
      survivors.clear();
      const size_t dense_at = size_t(kDenseFraction * nq * nb) + 1;
      for (int i = 0; i < nq && survivors.size() < 2 * dense_at; ++i) {
        const size_t qi = q0 + i;
        const float* p = &prod[size_t(i) * nb];
        // The bound is lowered by kMargin·(||a||² + ||b||²), more than the float rounding of
        // its G-wide expansion (≤ ~2e-6 of that), so rounding never prunes the true nearest.
        const float keep = best[qi];
        const float qa = qp2[qi] - kMargin * qn2[qi];
        for (int j = 0; j < nb; ++j) {
          const float dr = qres[qi] - rres[j];
          bound[j] = qa + (rp2[j] - kMargin * rn2[j]) - 2.f * p[j] + dr * dr;
        }
        for (int j = 0; j < nb; ++j)
          if (bound[j] <= keep) {
            survivors.push_back(i);
            survivors.push_back(j);
          }
      }
      const size_t n_surv = survivors.size() / 2;
      if (n_surv >= dense_at) {
        // Dense: ||a||² + ||b||² − 2 a·b for the whole block pair, (nq, D) · (nb, D)ᵀ.
        if (!block_floats) {
          for (size_t k = 0; k < size_t(nb) * D; ++k) block[k] = float(src[k]) * kInv255;
          block_floats = true;
        }
        gemm(false, true, nq, nb, D, images + q0 * size_t(D), block.data(), 0.f, prod.data());
        for (int i = 0; i < nq; ++i) {
          const size_t qi = q0 + i;
          const float* p = &prod[size_t(i) * nb];
          for (int j = 0; j < nb; ++j) bound[j] = qn2[qi] + rn2[j] - 2.f * p[j];
          int jm = 0;
          const float m = bound.head(nb).minCoeff(&jm);
          if (m < best[qi]) {
            best[qi] = m;
            arg[qi] = int32_t(r0 + jm);
          }
        }
      } else {
        for (size_t s = 0; s < n_surv; ++s) {
          const size_t qi = q0 + survivors[2 * s];
          const int j = survivors[2 * s + 1];
          const float d = squared_distance(images + qi * D, src + size_t(j) * D, D);
          if (d < best[qi]) {
            best[qi] = d;
            arg[qi] = int32_t(r0 + j);
          }
        }
      }
    }
  }
  for (size_t i = 0; i < count; ++i) {
    const float* a = images + i * size_t(D);
    const uint8_t* b = ref + size_t(arg[i]) * D;
    double s = 0;
    for (int k = 0; k < D; ++k) {
      // The reference pixel as pixels_to_floats makes it, so a copy of it reads exactly 0.
      const double e = double(a[k]) - double(float(b[k]) * kInv255);
      s += e * e;
    }
    min_mse[i] = float(s / D);
    if (index) index[i] = arg[i];
  }
}

}  // namespace ll
