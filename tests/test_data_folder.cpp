// Image-folder datasets: class sub-folders, resizing, compositing, and the error cases.
#include <gtest/gtest.h>

#include "tests/temp_dir.h"
#include <stb/stb_image_write.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/image_folder.h"
#include "core/data/pixels.h"
#include "core/error.h"

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

// A split's pixels as plain bytes, to compare with a literal.
Bytes bytes_of(const ll::ByteBuffer& b) { return Bytes(b.begin(), b.end()); }

namespace {

using ll::testing::TempDir;

void png(const std::string& path, int w, int h, int comp, const Bytes& px) {
  fs::create_directories(fs::path(path).parent_path());
  ASSERT_NE(stbi_write_png(path.c_str(), w, h, comp, px.data(), w * comp), 0) << path;
}

// A w x h grey PNG filled with `v`.
void flat_png(const std::string& path, int w, int h, uint8_t v) { png(path, w, h, 1, Bytes(size_t(w) * h, v)); }

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ll::Error& e) {
    return e.what();
  }
  return "(no ll::Error thrown)";
}

#define EXPECT_CONTAINS(text, part) \
  EXPECT_NE(std::string(text).find(part), std::string::npos) << "message: " << (text)

}  // namespace

TEST(DataFolder, SubFoldersAreSortedClasses) {
  TempDir d;
  // Class ids follow sorted names, not creation order.
  for (int i = 0; i < 4; ++i) flat_png(d / ("zebra/" + std::to_string(i) + ".png"), 8, 8, 200);
  for (int i = 0; i < 2; ++i) flat_png(d / ("ant/" + std::to_string(i) + ".png"), 8, 8, 50);
  flat_png(d / "loose.png", 8, 8, 10);  // ignored: the splits must be all-labelled
  fs::create_directories(d.path / "empty_class");
  ll::Dataset ds = ll::load_dataset("folder:" + d.path.string() + "@4x4", 1);
  EXPECT_EQ(ds.class_names, (std::vector<std::string>{"ant", "zebra"}));
  EXPECT_EQ(ds.width, 4);
  EXPECT_EQ(ds.height, 4);
  EXPECT_EQ(ds.channels, 1);
  EXPECT_EQ(ds.train.count + ds.test.count, 6u);
  EXPECT_EQ(ds.test.count, 1u);
  for (const ll::Split* s : {&ds.train, &ds.test})
    for (size_t i = 0; i < s->count; ++i) {
      uint8_t v = s->pixels[i * 16];
      EXPECT_EQ(v, s->labels[i] == 0 ? 50 : 200);
    }
  EXPECT_TRUE(ds.warnings.empty());
}

TEST(DataFolder, LooseFilesAreUnlabelledAndDefaultTo28x28Gray) {
  TempDir d;
  for (int i = 0; i < 12; ++i) flat_png(d / ("img" + std::to_string(i) + ".png"), 56, 40, uint8_t(i * 10));
  ll::Dataset ds = ll::load_dataset("folder:" + d.path.string(), 5);
  EXPECT_FALSE(ds.labelled());
  EXPECT_TRUE(ds.class_names.empty());
  EXPECT_EQ(ds.height, 28);
  EXPECT_EQ(ds.width, 28);
  EXPECT_EQ(ds.channels, 1);
  EXPECT_EQ(ds.train.count, 10u);
  EXPECT_EQ(ds.test.count, 2u);
  EXPECT_EQ(ds.train.pixels.size(), 10u * 784);
  // Same seed, same split.
  ll::Dataset again = ll::load_dataset("folder:" + d.path.string(), 5);
  EXPECT_EQ(ds.test.pixels, again.test.pixels);
}

TEST(DataFolder, RgbOptionKeepsColour) {
  TempDir d;
  png(d / "a.png", 2, 2, 3, Bytes{10, 20, 30, 10, 20, 30, 10, 20, 30, 10, 20, 30});
  png(d / "b.png", 2, 2, 3, Bytes(12, 90));
  ll::Dataset ds = ll::load_dataset("folder:" + d.path.string() + "@1x1:rgb");
  EXPECT_EQ(ds.channels, 3);
  EXPECT_EQ(ds.image_size(), 3u);
  Bytes all(ds.train.pixels.begin(), ds.train.pixels.end());
  all.insert(all.end(), ds.test.pixels.begin(), ds.test.pixels.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (Bytes{10, 20, 30, 90, 90, 90}));
}

TEST(DataFolder, AreaResizeAveragesWithFractionalCoverage) {
  // 4x4 -> 2x2: each output is the mean of a 2x2 block.
  std::vector<float> src = {0, 4, 100, 100, 8, 12, 100, 100, 0, 0, 255, 255, 0, 0, 255, 255};
  Bytes out(4);
  ll::data::resize_area(src.data(), 4, 4, 1, out.data(), 2, 2);
  EXPECT_EQ(out, (Bytes{6, 100, 0, 255}));
  // 3x1 -> 2x1: output 0 covers pixel 0 and half of pixel 1, output 1 the other half and pixel 2.
  src = {30, 90, 150};
  out.assign(2, 0);
  ll::data::resize_area(src.data(), 3, 1, 1, out.data(), 2, 1);
  EXPECT_EQ(out, (Bytes{50, 130}));  // (30 + 45) / 1.5, (45 + 150) / 1.5
  // 2x1 -> 3x1 enlarging: the middle output straddles both pixels equally.
  src = {0, 90};
  out.assign(3, 0);
  ll::data::resize_area(src.data(), 2, 1, 1, out.data(), 3, 1);
  EXPECT_EQ(out, (Bytes{0, 45, 90}));
}

TEST(DataFolder, ResizeThroughTheLoaderMatches) {
  TempDir d;
  // 4x2 grey image; to 2x1 each output averages a 2x2 block.
  png(d / "a.png", 4, 2, 1, Bytes{0, 20, 200, 200, 40, 60, 100, 100});
  png(d / "b.png", 4, 2, 1, Bytes{0, 20, 200, 200, 40, 60, 100, 100});
  ll::Dataset ds = ll::load_dataset("folder:" + d.path.string() + "@2x1");
  EXPECT_EQ(bytes_of(ds.train.pixels), (Bytes{30, 150}));
  EXPECT_EQ(bytes_of(ds.test.pixels), (Bytes{30, 150}));
}

TEST(DataFolder, AlphaIsCompositedOnBlack) {
  TempDir d;
  // White with alpha 255, 128 and 0; and pure red, opaque (luma 0.299 * 255 = 76).
  png(d / "a.png", 4, 1, 4, Bytes{255, 255, 255, 255, 255, 255, 255, 128, 255, 255, 255, 0, 255, 0, 0, 255});
  png(d / "b.png", 4, 1, 4, Bytes{255, 255, 255, 255, 255, 255, 255, 128, 255, 255, 255, 0, 255, 0, 0, 255});
  ll::Dataset ds = ll::load_dataset("folder:" + d.path.string() + "@4x1");
  EXPECT_EQ(bytes_of(ds.train.pixels), (Bytes{255, 128, 0, 76}));

  Bytes rgba = {100, 200, 50, 0, 100, 200, 50, 255};
  std::vector<float> rgb = ll::data::rgba_on_black(rgba.data(), 2, true);
  EXPECT_EQ(rgb, (std::vector<float>{0, 0, 0, 100, 200, 50}));
}

TEST(DataFolder, UnreadableFilesAreSkippedWithAWarning) {
  TempDir d;
  flat_png(d / "good1.png", 3, 3, 1);
  flat_png(d / "good2.png", 3, 3, 1);
  std::ofstream(d / "notes.txt") << "not an image";
  std::ofstream(d / ".DS_Store") << "hidden files are not even tried";
  ll::Dataset ds = ll::load_dataset("folder:" + d.path.string());
  EXPECT_EQ(ds.train.count + ds.test.count, 2u);
  ASSERT_EQ(ds.warnings.size(), 1u);
  EXPECT_CONTAINS(ds.warnings[0], "skipped 1 of 3");
  EXPECT_CONTAINS(ds.warnings[0], "notes.txt");
}

TEST(DataFolder, OnlyNonImagesIsAnErrorNamingTheFirstFailure) {
  TempDir d;
  std::ofstream(d / "a.txt") << "hello";
  std::ofstream(d / "b.csv") << "1,2,3";
  std::string msg = error_of([&] { ll::load_dataset("folder:" + d.path.string()); });
  EXPECT_CONTAINS(msg, "folder:" + d.path.string() + ": no readable image (2 files tried; first error: ");
  EXPECT_CONTAINS(msg, d / "a.txt");
}

TEST(DataFolder, EmptyOrMissingFolderIsAnError) {
  TempDir d;
  std::string msg = error_of([&] { ll::load_dataset("folder:" + d.path.string()); });
  EXPECT_CONTAINS(msg, d.path.string());
  EXPECT_CONTAINS(msg, "no files found");
  msg = error_of([&] { ll::load_dataset("folder:" + (d / "absent")); });
  EXPECT_CONTAINS(msg, d / "absent");
  EXPECT_CONTAINS(msg, "no such folder");
  flat_png(d / "f.png", 2, 2, 0);
  msg = error_of([&] { ll::load_dataset("folder:" + (d / "f.png")); });
  EXPECT_CONTAINS(msg, "expected a folder");
}

TEST(DataFolder, SpecOptionsParse) {
  std::string dir;
  ll::data::FolderOptions o = ll::data::parse_folder_spec("/no/such/pets@32x16:rgb", dir);
  EXPECT_EQ(dir, "/no/such/pets");
  EXPECT_EQ(o.width, 32);
  EXPECT_EQ(o.height, 16);
  EXPECT_TRUE(o.rgb);
  o = ll::data::parse_folder_spec("/no/such/pets", dir);
  EXPECT_EQ(dir, "/no/such/pets");
  EXPECT_EQ(o.width, 28);
  EXPECT_FALSE(o.rgb);
  o = ll::data::parse_folder_spec("/no/such@home/pets", dir);  // '@' inside the path
  EXPECT_EQ(dir, "/no/such@home/pets");
  std::string msg = error_of([&] { ll::load_dataset("folder:/x@0x5"); });
  EXPECT_CONTAINS(msg, "bad size '@0x5'");
  msg = error_of([&] { ll::load_dataset("folder:/x@32"); });
  EXPECT_CONTAINS(msg, "expected @WxH");
}
