// `latentlab-cli eval --fd-samples N --holes --json` end to end on a synthetic set and a small
// untrained checkpoint: the feature-space numbers reach the JSON line, the classifier is
// cached between runs, and a dataset too small for a feature space is one clear error.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli_run.h"
#include "temp_dir.h"

namespace ll {
namespace {

namespace fs = std::filesystem;

using testing_cli::last_json_line;
using testing_cli::run_cli;
std::string save(const fs::path& dir, ModelKind kind, int latent) {
  return testing_cli::save_small_checkpoint(dir, kind, latent);
}

TEST(FeaturesCli, EvalFdSamplesAddsTheFeatureNumbers) {
  testing::TempDir dir;
  const std::string env = "XDG_CACHE_HOME=" + (dir.path / "cache").string();
  const std::string ck = save(dir.path, ModelKind::Ae, 3);
  std::string out;
  const std::string args = "eval --checkpoint " + ck + " --data synthetic:600 --fd-samples 60 --holes --samples 20 --json";
  ASSERT_EQ(run_cli(env, args, out), 0) << out;
  EXPECT_NE(out.find("Frechet distance in feature space"), std::string::npos) << out;
  const io::Json ae = last_json_line(out).at("models").at("ae");
  for (const char* key : {"fd_prior", "fd_gaussian", "fd_gmm", "fd_recon", "fd_midpoint", "fd_floor"}) {
    ASSERT_TRUE(ae.at(key).is_number()) << key << ": " << out;
    EXPECT_GE(ae.at(key).get<double>(), 0.0) << key;
  }
  const double acc = ae.at("classifier_test_accuracy").get<double>();
  EXPECT_GT(acc, 0.0);
  EXPECT_LE(acc, 1.0);
  const double realism = ae.at("path_realism").get<double>();
  EXPECT_GT(realism, 0.0);
  EXPECT_LE(realism, 1.0);
  for (const char* key : {"hole_rate", "hole_rate_feature", "hole_rate_prior"}) {
    const double r = ae.at(key).get<double>();
    EXPECT_GE(r, 0.0) << key;
    EXPECT_LE(r, 1.0) << key;
  }
  EXPECT_FALSE(ae.at("feature_from_cache").get<bool>());
  // The second start reads the classifier from the cache, with the same numbers.
  std::string again;
  ASSERT_EQ(run_cli(env, args, again), 0) << again;
  const io::Json ae2 = last_json_line(again).at("models").at("ae");
  EXPECT_TRUE(ae2.at("feature_from_cache").get<bool>());
  for (const char* key : {"fd_prior", "fd_gmm", "classifier_test_accuracy", "path_realism", "hole_rate_feature"})
    EXPECT_EQ(ae2.at(key), ae.at(key)) << key;
}

TEST(FeaturesCli, ATinyDatasetIsOneClearError) {
  testing::TempDir dir;
  std::string out;
  const std::string ck = save(dir.path, ModelKind::Vae, 2);
  EXPECT_EQ(run_cli("XDG_CACHE_HOME=" + dir.path.string(), "eval --checkpoint " + ck +
                    " --data synthetic:30 --fd-samples 20 --json", out), 2) << out;
  EXPECT_NE(out.find("a feature space (classifier or PCA) needs at least 50"), std::string::npos) << out;
  EXPECT_EQ(out.find("nan"), std::string::npos) << out;
}

}  // namespace
}  // namespace ll
