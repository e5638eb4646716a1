// `latentlab-cli eval --fd-samples N --holes --json` end to end on a synthetic set and a small
// untrained checkpoint: the feature-space numbers reach the JSON line, the classifier is
// cached between runs, and a dataset too small for a feature space is one clear error.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/io/checkpoint.h"
#include "core/io/json.h"
#include "temp_dir.h"

namespace ll {
namespace {

namespace fs = std::filesystem;

int run_cli(const std::string& env, const std::string& args, std::string& out) {
  const std::string cmd = env + " " + std::string(LATENTLAB_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  out.clear();
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string save(const fs::path& dir, ModelKind kind, int latent) {
  ModelConfig cfg;
  cfg.kind = kind;
  cfg.input_dim = 28 * 28;
  cfg.hidden = {32};
  cfg.latent = latent;
  Model m(cfg);
  m.init(5);
  CheckpointInfo info;
  info.data = "synthetic:600";
  info.height = info.width = 28;
  info.channels = 1;
  const std::string path = (dir / (std::string(to_string(kind)) + ".safetensors")).string();
  save_checkpoint(path, m, nullptr, info);
  return path;
}

io::Json last_json_line(const std::string& out) {
  const size_t end = out.find_last_not_of('\n');
  const size_t start = out.rfind('\n', end);
  return io::parse_json(out.substr(start == std::string::npos ? 0 : start + 1, end + 1 - (start + 1)));
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
