// `latentlab-cli eval --holes` and `export` as a user runs them, on small checkpoints saved
// here (untrained weights: the numbers' meaning is tested in test_latent_*; here, that they
// reach the JSON line and the files).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "cli_run.h"

namespace ll {
namespace {

namespace fs = std::filesystem;

using testing_cli::last_json_line;
int run_cli(const std::string& args, std::string& out) { return testing_cli::run_cli("", args, out); }
std::string save(const fs::path& dir, ModelKind kind) { return testing_cli::save_small_checkpoint(dir, kind); }

TEST(LatentCli, EvalHolesAddsTheDiagnosticsToTheJsonLine) {
  const fs::path dir = fs::path(LATENTLAB_TEST_TMP) / "latent_cli";
  fs::create_directories(dir);
  std::string out;
  ASSERT_EQ(run_cli("eval --checkpoint " + save(dir, ModelKind::Vae) +
                        " --data synthetic:600 --holes --grid 6 --json",
                    out), 0) << out;
  EXPECT_NE(out.find("holes: "), std::string::npos) << out;
  EXPECT_NE(out.find("active units: "), std::string::npos) << out;
  const io::Json vae = last_json_line(out).at("models").at("vae");
  const double rate = vae.at("hole_rate").get<double>();
  EXPECT_GE(rate, 0.0);
  EXPECT_LE(rate, 1.0);
  EXPECT_EQ(vae.at("hole_points").get<double>(), 36.0);
  EXPECT_GT(vae.at("hole_threshold").get<double>(), 0.0);
  EXPECT_TRUE(vae.at("mutual_info").is_number());
  EXPECT_EQ(vae.at("kl_per_dim").size(), 2u);
  const double au = vae.at("active_units").get<double>();
  EXPECT_TRUE(au == 0 || au == 1 || au == 2);

  // The AE: MI is not defined, so null; holes are measured all the same.
  ASSERT_EQ(run_cli("eval --checkpoint " + save(dir, ModelKind::Ae) +
                        " --data synthetic:600 --holes --samples 10 --json",
                    out), 0) << out;
  const io::Json ae = last_json_line(out).at("models").at("ae");
  EXPECT_TRUE(ae.at("mutual_info").is_null());
  EXPECT_EQ(ae.at("hole_points").get<double>(), 400.0);  // 2-D: the grid, not --samples
  EXPECT_TRUE(ae.at("hole_rate").is_number());

  // Without --holes no hole keys; a bad grid is an error with the flag's name.
  ASSERT_EQ(run_cli("eval --checkpoint " + (dir / "ae.safetensors").string() +
                        " --data synthetic:600 --json", out), 0) << out;
  EXPECT_FALSE(last_json_line(out).at("models").at("ae").contains("hole_rate"));
  EXPECT_EQ(run_cli("eval --checkpoint " + (dir / "ae.safetensors").string() +
                        " --data synthetic:600 --holes --grid 0", out), 2);
  EXPECT_NE(out.find("--grid"), std::string::npos) << out;
}

TEST(LatentCli, ExportWritesTheHoleMap) {
  const fs::path dir = fs::path(LATENTLAB_TEST_TMP) / "latent_cli_export";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string out;
  ASSERT_EQ(run_cli("export --checkpoint " + save(dir, ModelKind::Vae) + " --data synthetic:600 --out " +
                        (dir / "views").string(), out), 0) << out;
  EXPECT_TRUE(fs::file_size(dir / "views" / "vae-holes.png") > 0);
  EXPECT_NE(out.find("vae-holes.png"), std::string::npos) << out;
}

}  // namespace
}  // namespace ll
