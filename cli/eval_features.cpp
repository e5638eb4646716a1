// latentlab-cli eval --fd-samples N [--holes]: sample quality, holes and paths measured in the
// data's own feature space (core/features), beside eval's pixel-space numbers.
#include <chrono>
#include <cmath>
#include <cstdio>

#include "cli/commands.h"
#include "core/features/feature_reference.h"
#include "core/features/feature_space.h"
#include "core/features/sample_quality.h"
#include "core/util/clock.h"

namespace ll::cli {

namespace {

// Where a person samples, whatever the latent size: the prior's draws for hole_rate_prior.
constexpr size_t kPriorHolePoints = 400;

}  // namespace

void eval_features(const Model& m, const Dataset& d, const EvalOptions& o,
                   const std::vector<float>& hole_points, io::Json& model) {
  auto t0 = std::chrono::steady_clock::now();
  const FeatureBuild b = feature_space(d);
  const double build_secs = seconds_since(t0);
  for (const std::string& note : b.notes) std::printf("note: %s\n", note.c_str());
  const FeatureSpace& s = b.space;
  if (s.kind == FeatureKind::Classifier)
    std::printf("features: a %d-wide classifier layer (test accuracy %.1f%%), %s in %.2f s\n", s.dim(),
                100 * s.test_accuracy, b.from_cache ? "read from the cache" : "trained", build_secs);
  else
    std::printf("features: the training set's top %d principal components (no labels), %s in %.2f s\n",
                s.dim(), b.from_cache ? "read from the cache" : "computed", build_secs);
  t0 = std::chrono::steady_clock::now();
  const FeatureReference r = feature_reference(s, d);
  SampleQualityOptions opt;
  opt.samples = size_t(o.fd_samples);
  const SampleQuality q = sample_quality(m, d, s, r, opt);
  const double fd_secs = seconds_since(t0);
  std::printf("Frechet distance in feature space, %zu decodings against %zu test images (%.2f s):\n"
              "  prior N(0,I) %.3f, fitted Gaussian %.3f, %d-component GMM %.3f, reconstructions %.3f, "
              "midpoints %.3f; two halves of real data (the floor) %.3f\n",
              q.samples, q.reference, fd_secs, q.fd_prior, q.fd_gaussian, opt.gmm_components, q.fd_gmm,
              q.fd_recon, q.fd_midpoint, q.fd_floor);
  if (std::isfinite(q.path_realism))
    std::printf("path realism: %.3f (mean over %d test pairs of the lowest class confidence along a "
                "%d-step linear path)\n", q.path_realism, opt.path_pairs, opt.path_steps);
  model["feature_kind"] = s.kind == FeatureKind::Classifier ? "classifier" : "pca";
  model["feature_dim"] = s.dim();
  model["feature_from_cache"] = b.from_cache;
  model["feature_seconds"] = build_secs;
  model["fd_samples"] = uint64_t(q.samples);
  model["fd_prior"] = q.fd_prior;
  model["fd_gaussian"] = q.fd_gaussian;
  model["fd_gmm"] = q.fd_gmm;
  model["fd_recon"] = q.fd_recon;
  model["fd_midpoint"] = q.fd_midpoint;
  model["fd_floor"] = q.fd_floor;
  model["fd_seconds"] = fd_secs;
  model["classifier_test_accuracy"] = s.test_accuracy;  // NaN (PCA) is written as null
  model["path_realism"] = q.path_realism;
  if (!o.holes) return;
  const int L = m.config().latent;
  t0 = std::chrono::steady_clock::now();
  const FeatureHoles box = feature_holes(m, s, r, hole_points.data(), hole_points.size() / L);
  const std::vector<float> z = prior_points(L, kPriorHolePoints, 0x4017e5);
  const FeatureHoles prior = feature_holes(m, s, r, z.data(), kPriorHolePoints);
  const double hole_secs = seconds_since(t0);
  std::printf("feature holes: %.1f%% of the codes' box points, %.1f%% of %zu draws of N(0,I), decode "
              "farther from every training image than 95%% of %zu test images are (feature distance > "
              "%.3f); %.2f s\n",
              100 * box.rate, 100 * prior.rate, kPriorHolePoints, r.threshold_count, r.hole_threshold,
              hole_secs);
  model["hole_rate_feature"] = box.rate;
  model["hole_rate_prior"] = prior.rate;
  model["hole_threshold_feature"] = r.hole_threshold;
  model["feature_hole_seconds"] = hole_secs;
}

}  // namespace ll::cli
