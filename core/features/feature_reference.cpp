#include "core/features/feature_reference.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"
#include "core/features/cancel.h"
#include "core/nn/gemm.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"

namespace ll {

std::vector<float> embed_pixels(const FeatureSpace& s, const uint8_t* pixels, size_t n,
                                const std::atomic<bool>* cancel) {
  const size_t D = size_t(s.input_dim()), F = size_t(s.dim());
  constexpr size_t kChunk = 2048;
  std::vector<float> out(n * F), x;
  for (size_t start = 0; start < n; start += kChunk) {
    check_cancel(cancel, "feature embedding");
    const size_t b = std::min(kChunk, n - start);
    x.resize(b * D);
    pixels_to_floats(pixels + start * D, b * D, x.data());
    s.embed(x.data(), b, out.data() + start * F);
  }
  return out;
}

namespace {

// rows(start, count) -> (count, dim) floats of the reference's rows [start, start + count),
// valid until the next call.
template <class Rows>
void nearest_rows(const float* query, size_t q, size_t n, int dim, Rows&& rows, float* dist, int32_t* index) {
  if (q == 0) return;
  if (n == 0) throw Error("nearest feature: there are no reference images to compare with");
  constexpr size_t kBlock = 4096;
  std::vector<float> qn(q), rn, prod;
  for (size_t i = 0; i < q; ++i) {
    double s = 0;
    for (int j = 0; j < dim; ++j) s += double(query[i * dim + j]) * query[i * dim + j];
    qn[i] = float(s);
  }
  std::vector<float> best(q, std::numeric_limits<float>::infinity());
  std::vector<int32_t> arg(q, 0);
  for (size_t start = 0; start < n; start += kBlock) {
    const size_t b = std::min(kBlock, n - start);
    const float* ref = rows(start, b);
    rn.resize(b);
    for (size_t i = 0; i < b; ++i) {
      double s = 0;
      for (int j = 0; j < dim; ++j) s += double(ref[i * dim + j]) * ref[i * dim + j];
      rn[i] = float(s);
    }
    prod.resize(q * b);
    gemm(false, true, int(q), int(b), dim, query, ref, 0.f, prod.data());
    for (size_t i = 0; i < q; ++i)
      for (size_t j = 0; j < b; ++j) {
        const float d2 = qn[i] + rn[j] - 2 * prod[i * b + j];
        if (d2 < best[i]) {
          best[i] = d2;
          arg[i] = int32_t(start + j);
        }
      }
  }
  // The winner's distance again, directly in double: the expansion cancels badly near 0.
  for (size_t i = 0; i < q; ++i) {
    const float* r = rows(size_t(arg[i]), 1);
    double s = 0;
    for (int j = 0; j < dim; ++j) {
      const double e = double(query[i * dim + j]) - r[j];
      s += e * e;
    }
    // A non-finite query (a diverged decoder) stays non-finite: it resembles nothing.
    dist[i] = std::isfinite(best[i]) ? float(std::sqrt(s)) : std::numeric_limits<float>::quiet_NaN();
    if (index) index[i] = arg[i];
  }
}

}  // namespace

void nearest_feature(const float* query, size_t q, const float* ref, size_t n, int dim, float* dist,
                     int32_t* index) {
  nearest_rows(query, q, n, dim, [ref, dim](size_t start, size_t) { return ref + start * size_t(dim); }, dist,
               index);
}

void nearest_feature(const float* query, size_t q, const HalfRows& ref, float* dist, int32_t* index) {
  std::vector<float> block;
  nearest_rows(query, q, ref.rows, ref.dim,
               [&ref, &block](size_t start, size_t count) {
                 block.resize(count * size_t(ref.dim));
                 ref.decode(start, count, block.data());
                 return block.data();
               },
               dist, index);
}

FeatureReference feature_reference(const FeatureSpace& s, const Dataset& d, size_t max_threshold_test,
                                   uint64_t seed, double quantile, const std::atomic<bool>* cancel) {
  if (size_t(s.input_dim()) != d.image_size())
    throw Error("feature reference: the feature space takes " + std::to_string(s.input_dim()) +
                " inputs but " + d.spec + " images have " + std::to_string(d.image_size()));
  if (d.train.count == 0 || d.test.count == 0)
    throw Error("feature reference: " + d.spec + " needs training and test images");
  FeatureReference r;
  r.dim = s.dim();
  r.train_count = d.train.count;
  r.test_count = d.test.count;
  // In chunks straight into half precision: the float features of the whole set are never held.
  r.train.dim = r.dim;
  constexpr size_t kChunk = 4096;
  for (size_t start = 0; start < d.train.count; start += kChunk) {
    const size_t b = std::min(kChunk, d.train.count - start);
    const std::vector<float> f = embed_pixels(s, d.train.pixels.data() + start * d.image_size(), b, cancel);
    r.train.append(f.data(), b, "feature reference (" + d.spec + " training images)");
  }
  r.test = embed_pixels(s, d.test.pixels.data(), d.test.count, cancel);
  std::vector<size_t> rows(d.test.count);
  std::iota(rows.begin(), rows.end(), size_t(0));
  const size_t n = std::min(std::max<size_t>(max_threshold_test, 1), rows.size());
  Rng rng(seed);
  for (size_t i = 0; i < n && n < rows.size(); ++i) std::swap(rows[i], rows[i + rng.below(rows.size() - i)]);
  rows.resize(n);
  std::sort(rows.begin(), rows.end());
  std::vector<float> q(n * r.dim), dist(n);
  for (size_t i = 0; i < n; ++i)
    std::copy_n(&r.test[rows[i] * r.dim], r.dim, &q[i * r.dim]);
  nearest_feature(q.data(), n, r.train, dist.data(), nullptr);
  // numpy's default quantile: linear between order statistics, as core/latent/holes.cpp does.
  std::sort(dist.begin(), dist.end());
  const double pos = std::clamp(quantile, 0.0, 1.0) * double(n - 1);
  const size_t k = size_t(pos);
  r.hole_threshold = k + 1 < n ? dist[k] + (pos - double(k)) * (dist[k + 1] - dist[k]) : dist[k];
  r.threshold_count = n;
  return r;
}

}  // namespace ll
