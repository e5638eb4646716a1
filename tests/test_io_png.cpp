// PNG writing and image grids (core/io/png.h).
#include <gtest/gtest.h>

#include "tests/temp_dir.h"
#include <stb/stb_image.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <string>

#include "core/error.h"
#include "core/io/png.h"

namespace fs = std::filesystem;
using ll::io::compose_grid;
using ll::io::Image;

namespace {

using ll::testing::TempDir;

// The grid as rows of text for readable comparisons: one char per pixel of channel 0.
std::vector<std::string> picture(const Image& img, const std::string& palette) {
  std::vector<std::string> rows;
  for (int y = 0; y < img.height; ++y) {
    std::string row;
    for (int x = 0; x < img.width; ++x) {
      uint8_t v = img.pixels[size_t((y * img.width + x) * img.channels)];
      size_t k = palette.find(char(v));
      row += k == std::string::npos ? '?' : palette[k];
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST(IoPng, WrittenFileReadsBackIdenticallyWithStbImage) {
  TempDir dir;
  std::mt19937 rng(3);
  for (int channels = 1; channels <= 4; ++channels) {
    const int w = 5, h = 3;  // odd width: rows are not 4-byte aligned
    std::vector<uint8_t> pixels(size_t(w * h * channels));
    for (auto& p : pixels) p = uint8_t(rng());
    std::string path = dir.file("img" + std::to_string(channels) + ".png");
    ll::io::write_png(path, pixels.data(), w, h, channels);

    int rw = 0, rh = 0, rc = 0;
    unsigned char* data = stbi_load(path.c_str(), &rw, &rh, &rc, 0);
    ASSERT_NE(data, nullptr) << stbi_failure_reason();
    EXPECT_EQ(rw, w);
    EXPECT_EQ(rh, h);
    EXPECT_EQ(rc, channels);
    EXPECT_EQ(std::vector<uint8_t>(data, data + pixels.size()), pixels) << channels << " channels";
    stbi_image_free(data);
  }
  // Only the finished PNGs are left: no temporary files.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 4);
}

TEST(IoPng, ImageOverloadWritesAGrid) {
  TempDir dir;
  std::vector<float> imgs = {0.0f, 1.0f, 1.0f, 0.0f};
  Image grid = compose_grid(imgs.data(), 2, 1, 2, 1, 2, 1, 128);
  std::string path = dir.file("grid.png");
  ll::io::write_png(path, grid);
  int w, h, c;
  unsigned char* data = stbi_load(path.c_str(), &w, &h, &c, 0);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(std::vector<uint8_t>(data, data + size_t(w * h * c)), grid.pixels);
  stbi_image_free(data);
}

TEST(IoPng, ErrorsNameThePath) {
  TempDir dir;
  uint8_t px[4] = {};
  std::string missing = dir.file("missing/out.png");
  try {
    ll::io::write_png(missing, px, 2, 2, 1);
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    std::string msg = e.what();
    EXPECT_EQ(msg.rfind(missing + ": cannot create temporary file", 0), 0u) << msg;
    EXPECT_NE(msg.find("No such file or directory"), std::string::npos) << msg;
  }
  std::string path = dir.file("bad.png");
  EXPECT_THROW(ll::io::write_png(path, px, 2, 2, 5), ll::Error);
  EXPECT_THROW(ll::io::write_png(path, px, 0, 2, 1), ll::Error);
  EXPECT_THROW(ll::io::write_png(path, nullptr, 2, 2, 1), ll::Error);
  EXPECT_THROW(ll::io::write_png(path, Image{3, 3, 1, std::vector<uint8_t>(8)}), ll::Error);
  try {
    ll::io::write_png(path, px, 2, 2, 5);
  } catch (const ll::Error& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot write a PNG with 5 channels, expected 1..4");
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(IoGrid, TilesImagesRowMajorWithPaddingAndEmptyCells) {
  // Three 2x2 gray images with values 1..4, 5..8, 9..12 in a grid of 2 columns, pad 1 of 0.
  std::vector<uint8_t> imgs = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'};
  Image g = compose_grid(imgs.data(), 3, 2, 2, 1, 2, 1, '.');
  EXPECT_EQ(g.width, 2 * (2 + 1) + 1);
  EXPECT_EQ(g.height, 2 * (2 + 1) + 1);
  EXPECT_EQ(g.channels, 1);
  std::vector<std::string> want = {
      ".......",
      ".ab.ef.",
      ".cd.gh.",
      ".......",
      ".ij....",
      ".kl....",
      ".......",
  };
  EXPECT_EQ(picture(g, ".abcdefghijkl"), want);
}

TEST(IoGrid, NonSquareImagesAndWiderPadding) {
  // Two 1x3 images, one column, pad 2.
  std::vector<uint8_t> imgs = {'a', 'b', 'c', 'd', 'e', 'f'};
  Image g = compose_grid(imgs.data(), 2, 1, 3, 1, 1, 2, '.');
  std::vector<std::string> want = {
      ".......", ".......", "..abc..", ".......", ".......", "..def..", ".......", ".......",
  };
  EXPECT_EQ(g.width, 7);
  EXPECT_EQ(g.height, 8);
  EXPECT_EQ(picture(g, ".abcdef"), want);
  Image tight = compose_grid(imgs.data(), 2, 1, 3, 1, 2, 0, '.');
  EXPECT_EQ(picture(tight, ".abcdef"), std::vector<std::string>{"abcdef"});
}

TEST(IoGrid, ReconstructionGridPutsInputsAboveOutputs) {
  // 3 inputs and their 3 reconstructions, 1x1 each; cols = 3 makes inputs row 0, outputs row 1.
  float inputs[3] = {0.0f, 0.2f, 0.4f};
  float outputs[3] = {0.6f, 0.8f, 1.0f};
  std::vector<const float*> tiles;
  for (float& x : inputs) tiles.push_back(&x);
  for (float& x : outputs) tiles.push_back(&x);
  Image g = compose_grid(tiles, 1, 1, 1, 3, 1, 0);
  ASSERT_EQ(g.width, 7);
  ASSERT_EQ(g.height, 5);
  auto at = [&](int x, int y) { return int(g.pixels[size_t(y * g.width + x)]); };
  EXPECT_EQ(at(1, 1), 0);
  EXPECT_EQ(at(3, 1), 51);
  EXPECT_EQ(at(5, 1), 102);
  EXPECT_EQ(at(1, 3), 153);
  EXPECT_EQ(at(3, 3), 204);
  EXPECT_EQ(at(5, 3), 255);
  EXPECT_EQ(at(0, 0), 0);  // pad_value 0 here
}

TEST(IoGrid, FloatsAreClampedAndRounded) {
  std::vector<float> v = {-1.0f, 0.0f, 0.5f, 1.0f / 255.0f, 0.998f, 1.0f, 2.0f,
                          std::numeric_limits<float>::quiet_NaN(), HUGE_VALF, -HUGE_VALF};
  Image g = compose_grid(v.data(), 1, 1, int(v.size()), 1, 1, 0);
  EXPECT_EQ(g.pixels, (std::vector<uint8_t>{0, 0, 128, 1, 254, 255, 255, 0, 255, 0}));
}

TEST(IoGrid, ChannelsStayInterleaved) {
  // Two 1x1 RGB images side by side, pad 1 of 9.
  std::vector<uint8_t> imgs = {10, 20, 30, 40, 50, 60};
  Image g = compose_grid(imgs.data(), 2, 1, 1, 3, 2, 1, 9);
  ASSERT_EQ(g.width, 5);
  ASSERT_EQ(g.height, 3);
  ASSERT_EQ(g.channels, 3);
  std::vector<uint8_t> middle(g.pixels.begin() + 5 * 3, g.pixels.begin() + 10 * 3);
  EXPECT_EQ(middle, (std::vector<uint8_t>{9, 9, 9, 10, 20, 30, 9, 9, 9, 40, 50, 60, 9, 9, 9}));
}

TEST(IoGrid, AllFourOverloadsAgree) {
  const int n = 5, h = 3, w = 2, c = 2;
  std::mt19937 rng(11);
  std::vector<uint8_t> bytes(size_t(n * h * w * c));
  for (auto& b : bytes) b = uint8_t(rng());
  std::vector<float> floats(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) floats[i] = bytes[i] / 255.0f;
  std::vector<const uint8_t*> byte_ptrs;
  std::vector<const float*> float_ptrs;
  for (int i = 0; i < n; ++i) {
    byte_ptrs.push_back(bytes.data() + i * h * w * c);
    float_ptrs.push_back(floats.data() + i * h * w * c);
  }
  Image a = compose_grid(bytes.data(), n, h, w, c, 3);
  Image b = compose_grid(floats.data(), n, h, w, c, 3);
  Image p = compose_grid(byte_ptrs, h, w, c, 3);
  Image q = compose_grid(float_ptrs, h, w, c, 3);
  EXPECT_EQ(a.pixels, b.pixels);  // x/255 rounds back to x
  EXPECT_EQ(a.pixels, p.pixels);
  EXPECT_EQ(a.pixels, q.pixels);
  EXPECT_EQ(a.width, 3 * (w + 1) + 1);
  EXPECT_EQ(a.height, 2 * (h + 1) + 1);
  EXPECT_EQ(a.pixels[0], 128);  // default pad value: mid-gray
}

TEST(IoGrid, RejectsBadArguments) {
  std::vector<uint8_t> px(16);
  EXPECT_THROW(compose_grid(px.data(), 0, 2, 2, 1, 1), ll::Error);
  EXPECT_THROW(compose_grid(px.data(), 1, 0, 2, 1, 1), ll::Error);
  EXPECT_THROW(compose_grid(px.data(), 1, 2, 2, 5, 1), ll::Error);
  EXPECT_THROW(compose_grid(px.data(), 1, 2, 2, 1, 0), ll::Error);
  EXPECT_THROW(compose_grid(px.data(), 1, 2, 2, 1, 1, -1), ll::Error);
  EXPECT_THROW(compose_grid(static_cast<const uint8_t*>(nullptr), 1, 2, 2, 1, 1), ll::Error);
  EXPECT_THROW(compose_grid(std::vector<const float*>{nullptr}, 2, 2, 1, 1), ll::Error);
  EXPECT_THROW(compose_grid(std::vector<const float*>{}, 2, 2, 1, 1), ll::Error);
  try {
    compose_grid(px.data(), 1, 100000, 100000, 1, 1);  // checked before anything is read
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    EXPECT_STREQ(e.what(), "compose_grid: a 100002x100002 grid exceeds the limit of 268435456 pixels");
  }
}
