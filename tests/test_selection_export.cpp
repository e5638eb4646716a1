// The Selection tab's files (core/io/selection_export.h): the CSV holds one row per selected
// image with its label and each model's code as encode_images gives it, the PNG is the strip's
// grid, and bad input is one error naming what was wrong.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/data/synthetic.h"
#include "core/error.h"
#include "core/io/selection_export.h"
#include "core/vae/forward.h"
#include "tests/temp_dir.h"

namespace ll {
namespace {

Model small_model(const Dataset& d, ModelKind kind, int latent, uint64_t seed) {
  ModelConfig cfg;
  cfg.input_dim = int(d.image_size());
  cfg.hidden = {16};
  cfg.latent = latent;
  cfg.kind = kind;
  Model m(cfg);
  m.init(seed);
  return m;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(SelectionExport, CsvRowsHoldLabelAndBothModelsCodes) {
  testing::TempDir tmp;
  const Dataset d = data::make_synthetic(100, 50, 3);
  const Model vae = small_model(d, ModelKind::Vae, 2, 1), ae = small_model(d, ModelKind::Ae, 3, 2);
  const std::vector<uint32_t> picked{4, 17, 30};
  const SelectionFiles f =
      export_selection(tmp.path.string(), "selection", d, {{"vae", &vae}, {"ae", &ae}}, picked);
  const std::vector<std::string> lines = lines_of(f.csv);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "index,label,vae_z1,vae_z2,ae_z1,ae_z2,ae_z3");
  // Row 2 is image 17: its label, then μ of the VAE and the AE's code, as encode_images gives.
  Workspace ws;
  float mu_v[2], mu_a[3];
  encode_images(vae, d.test_image(17), 1, ws, mu_v, nullptr);
  encode_images(ae, d.test_image(17), 1, ws, mu_a, nullptr);
  std::stringstream row(lines[2]);
  std::vector<double> cells;
  for (std::string c; std::getline(row, c, ',');) cells.push_back(std::stod(c));
  ASSERT_EQ(cells.size(), 7u);
  EXPECT_EQ(cells[0], 17);
  EXPECT_EQ(cells[1], d.test.labels[17]);
  EXPECT_NEAR(cells[2], mu_v[0], 1e-6);
  EXPECT_NEAR(cells[3], mu_v[1], 1e-6);
  EXPECT_NEAR(cells[6], mu_a[2], 1e-6);
  EXPECT_TRUE(std::filesystem::exists(f.png));
}

TEST(SelectionExport, GridIsImagesThenOneRowPerModel) {
  const Dataset d = data::make_synthetic(100, 50, 3);
  const Model vae = small_model(d, ModelKind::Vae, 2, 1), ae = small_model(d, ModelKind::Ae, 2, 2);
  const io::Image g = selection_grid(d, {{"vae", &vae}, {"ae", &ae}}, {1, 2, 3, 4, 5, 6, 7}, 5);
  // Two groups of 5 columns, each 3 rows high (images, VAE, AE), 1-pixel padding.
  EXPECT_EQ(g.width, 5 * (d.width + 1) + 1);
  EXPECT_EQ(g.height, 6 * (d.height + 1) + 1);
  // The top-left tile is test image 1 itself.
  EXPECT_EQ(g.pixels[size_t(1) * g.width + 1], d.test_image(1)[0]);
}

TEST(SelectionExport, BadInputIsOneClearError) {
  testing::TempDir tmp;
  const Dataset d = data::make_synthetic(100, 50, 3);
  const Model vae = small_model(d, ModelKind::Vae, 2, 1);
  EXPECT_THROW(export_selection(tmp.path.string(), "s", d, {{"vae", &vae}}, {}), Error);
  try {
    export_selection(tmp.path.string(), "s", d, {{"vae", &vae}}, {3, 50});
    FAIL() << "an index past the split was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("50 is out of range"), std::string::npos) << e.what();
  }
  // A folder that cannot be made: a file stands where it should be.
  std::ofstream(tmp.path / "file") << "x";
  EXPECT_THROW(export_selection((tmp.path / "file" / "sub").string(), "s", d, {{"vae", &vae}}, {1}), Error);
}

}  // namespace
}  // namespace ll
