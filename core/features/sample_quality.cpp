#include "core/features/sample_quality.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/features/code_samplers.h"
#include "core/features/frechet.h"
#include "core/latent/grid.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"

namespace ll {

namespace {

std::vector<float> decode_all(const Model& m, const std::vector<float>& z, Workspace& ws) {
  const int L = m.config().latent;
  const size_t n = z.size() / L;
  std::vector<float> img(n * size_t(m.config().input_dim));
  decode_images(m, z.data(), int(n), ws, img.data());
  return img;
}

Moments feature_moments(const FeatureSpace& s, const std::vector<float>& images, size_t n) {
  std::vector<float> f(n * size_t(s.dim()));
  s.embed(images.data(), n, f.data());
  return moments(f.data(), n, s.dim());
}

std::vector<float> rows_of(const std::vector<float>& x, int dim, const std::vector<size_t>& rows) {
  std::vector<float> out(rows.size() * dim);
  for (size_t i = 0; i < rows.size(); ++i) std::copy_n(&x[rows[i] * dim], dim, &out[i * dim]);
  return out;
}

}  // namespace

std::vector<float> prior_points(int L, size_t count, uint64_t seed) {
  std::vector<float> z(count * size_t(L));
  Rng rng(seed);
  sample_prior(L, count, rng, z.data());
  return z;
}

SampleQuality sample_quality(const Model& m, const Dataset& d, const FeatureSpace& s,
                             const FeatureReference& r, const SampleQualityOptions& opt) {
  const int L = m.config().latent, D = m.config().input_dim, F = s.dim();
  if (size_t(D) != d.image_size() || s.input_dim() != D)
    throw Error("sample quality: the model takes " + std::to_string(D) + " inputs, the feature space " +
                std::to_string(s.input_dim()) + " and " + d.spec + " images have " + std::to_string(d.image_size()));
  if (opt.samples < 2) throw Error("sample quality: needs at least 2 samples, got " + std::to_string(opt.samples));
  if (d.test.count < 4) throw Error("sample quality: " + d.spec + " has fewer than 4 test images");
  SampleQuality q;
  const size_t N = opt.samples;
  Rng rng(opt.seed);
  std::vector<size_t> perm(d.test.count);
  std::iota(perm.begin(), perm.end(), size_t(0));
  for (size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);
  const size_t nref = std::min(N, d.test.count), half = std::min(N, d.test.count / 2);
  q.samples = N;
  q.reference = nref;
  const std::vector<size_t> ref_rows(perm.begin(), perm.begin() + nref);
  const std::vector<float> ref_f = rows_of(r.test, F, ref_rows);
  const Moments real = moments(ref_f.data(), nref, F);
  {
    const std::vector<float> a = rows_of(r.test, F, {perm.begin(), perm.begin() + half});
    const std::vector<float> b = rows_of(r.test, F, {perm.begin() + half, perm.begin() + 2 * half});
    q.fd_floor = frechet_distance(moments(a.data(), half, F), moments(b.data(), half, F));
  }
  Workspace ws;
  // The model's codes of every training image: μ of q(z|x) for the VAE, the code for the AE.
  std::vector<float> codes(d.train.count * size_t(L));
  encode_images(m, d.train.pixels.data(), int(d.train.count), ws, codes.data(), nullptr);
  std::vector<float> z(N * size_t(L));
  sample_prior(L, N, rng, z.data());
  q.fd_prior = frechet_distance(feature_moments(s, decode_all(m, z, ws), N), real);
  sample_gaussian(fit_gaussian(codes.data(), d.train.count, L), N, rng, z.data());
  q.fd_gaussian = frechet_distance(feature_moments(s, decode_all(m, z, ws), N), real);
  GmmOptions g;
  g.components = opt.gmm_components;
  g.seed = opt.seed;
  const Gmm gmm = fit_gmm(codes.data(), d.train.count, L, g);
  q.gmm_iterations = gmm.iterations;
  sample_gmm(gmm, N, rng, z.data());
  q.fd_gmm = frechet_distance(feature_moments(s, decode_all(m, z, ws), N), real);
  // Test codes: the reference images' own (reconstructions), then random pairs' midpoints.
  std::vector<float> test_mu(d.test.count * size_t(L));
  encode_images(m, d.test.pixels.data(), int(d.test.count), ws, test_mu.data(), nullptr);
  std::vector<float> zr = rows_of(test_mu, L, ref_rows);
  q.fd_recon = frechet_distance(feature_moments(s, decode_all(m, zr, ws), nref), real);
  for (size_t i = 0; i < N; ++i) {
    const size_t a = rng.below(d.test.count), b = rng.below(d.test.count);
    for (int j = 0; j < L; ++j) z[i * L + j] = 0.5f * (test_mu[a * L + j] + test_mu[b * L + j]);
  }
  q.fd_midpoint = frechet_distance(feature_moments(s, decode_all(m, z, ws), N), real);
  q.path_realism = path_realism(m, d, s, opt.path_pairs, opt.path_steps, opt.seed ^ 0x9a7eull);
  return q;
}

FeatureHoles feature_holes(const Model& m, const FeatureSpace& s, const FeatureReference& r,
                           const float* z, size_t P) {
  const int D = m.config().input_dim;
  if (s.input_dim() != D) throw Error("feature holes: the model and the feature space differ in input size");
  FeatureHoles h;
  h.threshold = r.hole_threshold;
  std::vector<float> img(P * size_t(D)), f(P * size_t(s.dim()));
  Workspace ws;
  decode_images(m, z, int(P), ws, img.data());
  s.embed(img.data(), P, f.data());
  h.distance.resize(P);
  h.hole.resize(P);
  nearest_feature(f.data(), P, r.train.data(), r.train_count, r.dim, h.distance.data(), nullptr);
  size_t holes = 0;
  for (size_t i = 0; i < P; ++i) holes += h.hole[i] = !(double(h.distance[i]) <= h.threshold);
  h.rate = P ? double(holes) / double(P) : 0.0;
  return h;
}

PathFeatures path_features(const FeatureSpace& s, const float* images, int steps) {
  PathFeatures p;
  const int F = s.dim(), C = s.classes();
  std::vector<float> f(size_t(steps) * F), probs(size_t(steps) * std::max(C, 1));
  s.embed(images, size_t(steps), f.data(), C ? probs.data() : nullptr);
  for (int i = 0; i + 1 < steps; ++i) {
    double d2 = 0;
    for (int j = 0; j < F; ++j) {
      const double e = double(f[size_t(i + 1) * F + j]) - f[size_t(i) * F + j];
      d2 += e * e;
    }
    p.step_distance.push_back(std::sqrt(d2));
  }
  if (C) {
    for (int i = 0; i < steps; ++i)
      p.confidence.push_back(*std::max_element(&probs[size_t(i) * C], &probs[size_t(i) * C] + C));
    p.min_confidence = *std::min_element(p.confidence.begin(), p.confidence.end());
  }
  return p;
}

double path_realism(const Model& m, const Dataset& d, const FeatureSpace& s, int pairs, int steps,
                    uint64_t seed) {
  if (s.kind != FeatureKind::Classifier || pairs < 1 || steps < 2 || d.test.count < 2) return NAN;
  const int L = m.config().latent, D = m.config().input_dim;
  const size_t Dz = d.image_size();
  Workspace ws;
  Rng rng(seed);
  std::vector<float> mu(2 * size_t(L)), img(size_t(steps) * D);
  double sum = 0;
  for (int p = 0; p < pairs; ++p) {
    const size_t a = rng.below(d.test.count);
    size_t b = rng.below(d.test.count - 1);
    b += b >= a;  // two different images
    std::vector<uint8_t> px(2 * Dz);
    std::copy_n(d.test_image(a), Dz, px.data());
    std::copy_n(d.test_image(b), Dz, px.data() + Dz);
    encode_images(m, px.data(), 2, ws, mu.data(), nullptr);
    const std::vector<float> z = interpolate({mu.begin(), mu.begin() + L}, {mu.begin() + L, mu.end()}, steps,
                                             PathKind::Linear);
    decode_images(m, z.data(), steps, ws, img.data());
    sum += path_features(s, img.data(), steps).min_confidence;
  }
  return sum / pairs;
}

}  // namespace ll
