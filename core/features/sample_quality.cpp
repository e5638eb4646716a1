#include "core/features/sample_quality.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/features/cancel.h"
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

// The real side of a distance at N: a seeded shuffle of the test rows; the moments of the
// first min(N, test count), and the floor from two disjoint halves of min(N, test count / 2).
struct RealSide {
  std::vector<size_t> rows;
  Moments moments;
  double floor = NAN;
};
RealSide real_side(const FeatureReference& r, size_t N, Rng& rng) {
  const int F = r.dim;
  std::vector<size_t> perm(r.test_count);
  std::iota(perm.begin(), perm.end(), size_t(0));
  for (size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);
  const size_t nref = std::min(N, r.test_count), half = std::min(N, r.test_count / 2);
  RealSide out;
  out.rows.assign(perm.begin(), perm.begin() + nref);
  const std::vector<float> ref_f = rows_of(r.test, F, out.rows);
  out.moments = moments(ref_f.data(), nref, F);
  const std::vector<float> a = rows_of(r.test, F, {perm.begin(), perm.begin() + half});
  const std::vector<float> b = rows_of(r.test, F, {perm.begin() + half, perm.begin() + 2 * half});
  out.floor = frechet_distance(moments(a.data(), half, F), moments(b.data(), half, F));
  return out;
}

// μ of q(z|x) (the AE's code) of a seeded subset of at most `cap` training images (0: all):
// (count, L).
std::vector<float> training_codes(const Model& m, const Dataset& d, size_t cap, uint64_t seed, Workspace& ws) {
  const int L = m.config().latent;
  const size_t D = d.image_size();
  const std::vector<size_t> rows = seeded_subset(d.train.count, cap, seed ^ 0xc0de5ull);
  std::vector<float> codes(rows.size() * size_t(L));
  if (rows.size() == d.train.count) {
    encode_images(m, d.train.pixels.data(), int(rows.size()), ws, codes.data(), nullptr);
    return codes;
  }
  constexpr size_t kChunk = 1024;
  std::vector<uint8_t> px;
  for (size_t start = 0; start < rows.size(); start += kChunk) {
    const size_t b = std::min(kChunk, rows.size() - start);
    px.resize(b * D);
    for (size_t i = 0; i < b; ++i) std::copy_n(d.train_image(rows[start + i]), D, &px[i * D]);
    encode_images(m, px.data(), int(b), ws, &codes[start * L], nullptr);
  }
  return codes;
}

void check_inputs(const Model& m, const Dataset& d, const FeatureSpace& s, size_t samples, const char* what) {
  const int D = m.config().input_dim;
  if (size_t(D) != d.image_size() || s.input_dim() != D)
    throw Error(std::string(what) + ": the model takes " + std::to_string(D) + " inputs, the feature space " +
                std::to_string(s.input_dim()) + " and " + d.spec + " images have " + std::to_string(d.image_size()));
  if (samples < 2) throw Error(std::string(what) + ": needs at least 2 samples, got " + std::to_string(samples));
  if (d.test.count < 4) throw Error(std::string(what) + ": " + d.spec + " has fewer than 4 test images");
  if (d.train.count < 2) throw Error(std::string(what) + ": " + d.spec + " has fewer than 2 training images");
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
  const int L = m.config().latent;
  check_inputs(m, d, s, opt.samples, "sample quality");
  SampleQuality q;
  const size_t N = opt.samples;
  Rng rng(opt.seed);
  const RealSide real = real_side(r, N, rng);
  q.samples = N;
  q.reference = real.rows.size();
  q.fd_floor = real.floor;
  Workspace ws;
  // The model's codes of every training image: μ of q(z|x) for the VAE, the code for the AE.
  const std::vector<float> codes = training_codes(m, d, 0, opt.seed, ws);
  std::vector<float> z(N * size_t(L));
  GmmOptions g;
  g.components = opt.gmm_components;
  g.seed = opt.seed;
  for (Sampler k : kSamplers) {
    const FittedSampler f = fit_sampler(k, codes.data(), d.train.count, L, g);
    sample_codes(f, N, rng, z.data());
    const double fd = frechet_distance(feature_moments(s, decode_all(m, z, ws), N), real.moments);
    (k == Sampler::Prior ? q.fd_prior : k == Sampler::Gaussian ? q.fd_gaussian : q.fd_gmm) = fd;
    if (k == Sampler::Gmm) q.gmm_iterations = f.gmm.iterations;
  }
  // Test codes: the reference images' own (reconstructions), then random pairs' midpoints.
  std::vector<float> test_mu(d.test.count * size_t(L));
  encode_images(m, d.test.pixels.data(), int(d.test.count), ws, test_mu.data(), nullptr);
  std::vector<float> zr = rows_of(test_mu, L, real.rows);
  q.fd_recon = frechet_distance(feature_moments(s, decode_all(m, zr, ws), q.reference), real.moments);
  for (size_t i = 0; i < N; ++i) {
    const size_t a = rng.below(d.test.count), b = rng.below(d.test.count);
    for (int j = 0; j < L; ++j) z[i * L + j] = 0.5f * (test_mu[a * L + j] + test_mu[b * L + j]);
  }
  q.fd_midpoint = frechet_distance(feature_moments(s, decode_all(m, z, ws), N), real.moments);
  q.path_realism = path_realism(m, d, s, opt.path_pairs, opt.path_steps, opt.seed ^ 0x9a7eull);
  return q;
}

SamplerFd sampler_fd(const Model& m, const Dataset& d, const FeatureSpace& s, const FeatureReference& r,
                     Sampler kind, const SamplerFdOptions& opt) {
  const int L = m.config().latent, D = m.config().input_dim;
  check_inputs(m, d, s, opt.samples, "sampler FD");
  SamplerFd out;
  out.kind = kind;
  const size_t N = opt.samples;
  Rng rng(opt.seed);
  const RealSide real = real_side(r, N, rng);
  out.samples = N;
  out.reference = real.rows.size();
  out.floor = real.floor;
  Workspace ws;
  std::vector<float> codes;
  if (kind != Sampler::Prior) {
    codes = training_codes(m, d, opt.fit_codes, opt.seed, ws);
    out.fit_codes = codes.size() / size_t(L);
  }
  check_cancel(opt.cancel, "sampler FD");
  GmmOptions g;
  g.components = opt.gmm_components;
  g.seed = opt.seed;
  g.cancel = opt.cancel;
  const FittedSampler f = fit_sampler(kind, codes.data(), out.fit_codes, L, g);
  out.gmm_iterations = f.gmm.iterations;
  out.z.resize(N * size_t(L));
  sample_codes(f, N, rng, out.z.data());
  check_cancel(opt.cancel, "sampler FD");
  std::vector<float> images = decode_all(m, out.z, ws);
  out.fd = frechet_distance(feature_moments(s, images, N), real.moments);
  images.resize(std::min(opt.keep_images, N) * size_t(D));
  out.images = std::move(images);
  return out;
}

FeatureHoles feature_holes(const Model& m, const FeatureSpace& s, const FeatureReference& r,
                           const float* z, size_t P) {
  const int D = m.config().input_dim;
  if (s.input_dim() != D) throw Error("feature holes: the model and the feature space differ in input size");
  FeatureHoles h;
  h.threshold = r.hole_threshold;
  h.images.resize(P * size_t(D));
  std::vector<float> f(P * size_t(s.dim()));
  Workspace ws;
  decode_images(m, z, int(P), ws, h.images.data());
  s.embed(h.images.data(), P, f.data());
  h.distance.resize(P);
  h.hole.resize(P);
  nearest_feature(f.data(), P, r.train, h.distance.data(), nullptr);
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
