// The colour tables the app ships (assets/colormaps/) and their loader
// (app/widgets/colormap_table.h): the shipped tables are the built-in palettes, a bad table
// says which file and line and leaves the palette as it was, and a loaded table is what
// colormap() interpolates.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "app/widgets/colormap_table.h"
#include "tests/temp_dir.h"

namespace app::widgets {
namespace {

const std::string kAssets = LATENTLAB_ASSETS_DIR;

std::string write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
  return p.string();
}

TEST(ColormapTable, ShippedTablesAreTheBuiltInPalettes) {
  // So a missing table changes nothing a person sees but the message.
  for (auto [m, name] : {std::pair{ColorMap::Viridis, "viridis"}, std::pair{ColorMap::Magma, "magma"}}) {
    const std::vector<uint32_t> built_in = colormap_stops(m);
    ASSERT_EQ(load_colormap(m, kAssets + "/colormaps/" + name + ".txt"), "") << name;
    EXPECT_EQ(colormap_stops(m), built_in) << name;
  }
  EXPECT_EQ(colormap(ColorMap::Viridis, 0.f), (std::array<uint8_t, 3>{0x44, 0x01, 0x54}));
  EXPECT_EQ(colormap(ColorMap::Magma, 1.f), (std::array<uint8_t, 3>{0xfc, 0xfd, 0xbf}));
}

TEST(ColormapTable, ALoadedTableIsWhatIsInterpolated) {
  ll::testing::TempDir dir;
  const std::string f = write(dir.path / "three.txt", "# low to high\n000000\n  808080  # middle\n\nff0000\n");
  ASSERT_EQ(load_colormap(ColorMap::Magma, f), "");
  EXPECT_EQ(colormap_stops(ColorMap::Magma).size(), 3u);
  EXPECT_EQ(colormap(ColorMap::Magma, 0.5f), (std::array<uint8_t, 3>{0x80, 0x80, 0x80}));
  EXPECT_EQ(colormap(ColorMap::Magma, 0.75f), (std::array<uint8_t, 3>{0xc0, 0x40, 0x40}));
  EXPECT_EQ(colormap(ColorMap::Magma, 2.f), (std::array<uint8_t, 3>{0xff, 0, 0}));  // clamped
}

TEST(ColormapTable, BadTablesSayWhereAndChangeNothing) {
  ll::testing::TempDir dir;
  const std::vector<uint32_t> before = colormap_stops(ColorMap::Viridis);
  const std::string bad_line = write(dir.path / "bad.txt", "440154\nnot-a-colour\nfde725\n");
  const std::string e = load_colormap(ColorMap::Viridis, bad_line);
  EXPECT_NE(e.find("bad.txt: line 2: expected a colour RRGGBB"), std::string::npos) << e;
  EXPECT_NE(e.find("'not-a-colour'"), std::string::npos) << e;
  const std::string one = write(dir.path / "one.txt", "440154\n");
  EXPECT_NE(load_colormap(ColorMap::Viridis, one).find("1 colours, expected 2 to 256"), std::string::npos);
  EXPECT_NE(load_colormap(ColorMap::Viridis, write(dir.path / "short.txt", "44015\nfde725\n")).find("line 1"),
            std::string::npos);
  EXPECT_NE(load_colormap(ColorMap::Viridis, (dir.path / "absent.txt").string()).find("cannot open"),
            std::string::npos);
  EXPECT_EQ(colormap_stops(ColorMap::Viridis), before);
}

}  // namespace
}  // namespace app::widgets
