// Holes, measured: the nearest-image search against brute force, the threshold on a test set
// with known distances, and a hole map of a hand-built decoder whose holes are known.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/error.h"
#include "core/io/exports.h"
#include "core/latent/holes.h"
#include "core/latent/nearest.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"

namespace ll {
namespace {

// Brute force: the exact MSE to the nearest of ref, in double.
double brute_nearest(const float* a, const std::vector<uint8_t>& ref, int D) {
  double best = INFINITY;
  for (size_t r = 0; r < ref.size() / D; ++r) {
    double s = 0;
    for (int k = 0; k < D; ++k) {
      const double e = a[k] - ref[r * D + k] / 255.0;
      s += e * e;
    }
    best = std::min(best, s / D);
  }
  return best;
}

TEST(LatentHoles, NearestMseMatchesBruteForceAcrossBlocks) {
  // More references and queries than one block of each (512), so the block seams are crossed.
  const int D = 7;
  const size_t n_ref = 1100, n_q = 600;
  Rng rng(3);
  std::vector<uint8_t> ref(n_ref * D);
  for (auto& v : ref) v = uint8_t(rng.below(256));
  std::vector<float> q(n_q * D);
  for (auto& v : q) v = rng.uniform();
  // Query 5 is an exact copy of reference 1033: distance 0, found across the block seam.
  pixels_to_floats(&ref[1033 * D], D, &q[5 * D]);
  std::vector<float> mse(n_q);
  std::vector<int32_t> idx(n_q);
  nearest_mse(q.data(), n_q, ref.data(), n_ref, 1, D, 1, mse.data(), idx.data());
  EXPECT_EQ(idx[5], 1033);
  EXPECT_EQ(mse[5], 0.f);
  for (size_t i = 0; i < n_q; ++i)  // noise: the bound prunes little, the dense GEMM works
    ASSERT_NEAR(mse[i], brute_nearest(&q[i * D], ref, D), 1e-5) << "query " << i;
  EXPECT_THROW(nearest_mse(q.data(), 1, ref.data(), 0, 1, D, 1, mse.data(), nullptr), Error);
}

TEST(LatentHoles, NearestMseIsExactWhereTheBlockBoundPrunes) {
  // Smooth images (one level per 4×4 block plus a little noise), 7×9 pixels × 3 channels so
  // the blocks do not tile evenly: the block-mean bound is tight and prunes almost every pair,
  // so the pair-by-pair path does the work. It must still find the true nearest.
  const int H = 7, W = 9, C = 3, D = H * W * C;
  Rng rng(8);
  auto smooth = [&](float noise, auto put) {
    float level[2][3];
    for (auto& row : level) for (float& v : row) v = rng.uniform();
    for (int r = 0; r < H; ++r)
      for (int x = 0; x < W; ++x)
        for (int c = 0; c < C; ++c)
          put((r * W + x) * C + c, std::clamp(level[r / 4][x / 4] + noise * (rng.uniform() - 0.5f), 0.f, 1.f));
  };
  const size_t n_ref = 1500, n_q = 300;
  std::vector<uint8_t> ref(n_ref * D);
  for (size_t i = 0; i < n_ref; ++i)
    smooth(0.1f, [&](int k, float v) { ref[i * D + k] = uint8_t(std::lround(255 * v)); });
  std::vector<float> q(n_q * D);
  for (size_t i = 0; i < n_q; ++i) smooth(0.05f, [&](int k, float v) { q[i * D + k] = v; });
  std::vector<float> mse(n_q);
  std::vector<int32_t> idx(n_q);
  nearest_mse(q.data(), n_q, ref.data(), n_ref, H, W, C, mse.data(), idx.data());
  for (size_t i = 0; i < n_q; ++i) {
    ASSERT_NEAR(mse[i], brute_nearest(&q[i * D], ref, D), 1e-6) << "query " << i;
    ASSERT_GE(idx[i], 0);
    ASSERT_LT(idx[i], int32_t(n_ref));
  }
}

// D-pixel images of one grey level each.
Dataset flat_dataset(int D, const std::vector<int>& train_levels, const std::vector<int>& test_levels) {
  Dataset d;
  d.spec = d.name = "flat";
  d.height = 1;
  d.width = D;
  d.channels = 1;
  for (int v : train_levels) d.train.pixels.insert(d.train.pixels.end(), D, uint8_t(v));
  for (int v : test_levels) d.test.pixels.insert(d.test.pixels.end(), D, uint8_t(v));
  d.train.count = train_levels.size();
  d.test.count = test_levels.size();
  return d;
}

TEST(LatentHoles, ThresholdIsTheQuantileOfTestImagesNearestTrainingMse) {
  // Training images all black; test image i is grey level i, so its nearest-training MSE is
  // (i/255)². The 95th percentile of 100 values, interpolated: position 0.95·99 = 94.05.
  std::vector<int> test;
  for (int i = 0; i < 100; ++i) test.push_back(i);
  const Dataset d = flat_dataset(4, {0, 0, 0}, test);
  const HoleThreshold t = hole_threshold(d, 1000, 1);
  EXPECT_EQ(t.test_count, 100u);
  EXPECT_EQ(t.quantile, 0.95);
  const double expect = (94.0 * 94 + 0.05 * (95.0 * 95 - 94.0 * 94)) / (255.0 * 255);
  EXPECT_NEAR(t.mse, expect, 1e-7);
  // A subset is a subset: its threshold lies within the range of the values.
  const HoleThreshold s = hole_threshold(d, 10, 2);
  EXPECT_EQ(s.test_count, 10u);
  EXPECT_GE(s.mse, 0.0);
  EXPECT_LE(s.mse, 99.0 * 99 / (255.0 * 255) + 1e-9);
  EXPECT_THROW(hole_threshold(flat_dataset(4, {0}, {})), Error);
}

TEST(LatentHoles, CodeRangeIsThePerDimensionPercentiles) {
  // Column 0 holds 0..100, column 1 the same negated: 1st and 99th percentiles 1 and 99.
  std::vector<float> codes;
  for (int i = 0; i <= 100; ++i) codes.insert(codes.end(), {float(i), -float(i)});
  codes.insert(codes.end(), {NAN, NAN});  // skipped
  const LatentRange r = code_range(codes.data(), 102, 2);
  EXPECT_FLOAT_EQ(r.lo[0], 1.f);
  EXPECT_FLOAT_EQ(r.hi[0], 99.f);
  EXPECT_FLOAT_EQ(r.lo[1], -99.f);
  EXPECT_FLOAT_EQ(r.hi[1], -1.f);
}

// A decoder set by hand (D pixels, hidden {2}, L = 2, Gaussian likelihood so the output mean is
// the decoder's output clamped to [0, 1]): h = relu(z) = z on the unit square, and the image
// is z₁ in its left half of pixels, z₂ in its right half.
Model hand_decoder(int D, int latent = 2) {
  ModelConfig cfg;
  cfg.kind = ModelKind::Ae;
  cfg.input_dim = D;
  cfg.hidden = {latent};
  cfg.latent = latent;
  cfg.likelihood = Likelihood::Gaussian;
  Model m(cfg);
  float* p = m.params().data();
  const ModelLayout& lay = m.layout();
  for (int j = 0; j < latent; ++j) p[lay.dec_hidden[0].w + size_t(j) * latent + j] = 1.f;
  for (int k = 0; k < D; ++k) p[lay.dec_out.w + size_t(k) * latent + (k < D / 2 ? 0 : 1)] = 1.f;
  return m;
}

TEST(LatentHoles, HandBuiltDecoderHasItsHolesWhereNoTrainingImageIs) {
  // A 4×4 grid over [0,1]² has cell centres 0.125, 0.375, 0.625, 0.875 on each axis. The
  // training set holds the images of the points with z₁ ≤ 0.375 (to uint8 rounding), so the
  // two right-hand columns are holes: their nearest training image is the same row's z₁ =
  // 0.375 image, wrong by Δz₁ in half the pixels and by rounding in the other: MSE ≈ ½ Δz₁².
  const int D = 8;
  const float c[4] = {0.125f, 0.375f, 0.625f, 0.875f};
  Dataset d = flat_dataset(D, {}, {});
  for (float z1 : {c[0], c[1]})
    for (float z2 : c)
      for (int k = 0; k < D; ++k)
        d.train.pixels.push_back(uint8_t(std::lround(255 * (k < D / 2 ? z1 : z2))));
  d.train.count = 8;
  const Model m = hand_decoder(D);
  HoleOptions opt;
  opt.grid = 4;
  const LatentRange box{{0.f, 0.f}, {1.f, 1.f}};
  const HoleMap h = hole_map(m, d, 0.001, box, opt);
  ASSERT_EQ(h.count(), 16u);
  EXPECT_EQ(h.grid, 4);
  EXPECT_EQ(h.latent, 2);
  EXPECT_DOUBLE_EQ(h.rate, 0.5);
  EXPECT_EQ(h.threshold, 0.001);
  EXPECT_FLOAT_EQ(h.z[1], 0.875f);  // the top row is high z₂ (box_grid's layout)
  for (size_t i = 0; i < 16; ++i) {
    const float z1 = h.z[2 * i], z2 = h.z[2 * i + 1];
    EXPECT_FLOAT_EQ(h.images[i * D], z1);
    EXPECT_FLOAT_EQ(h.images[i * D + D - 1], z2);
    const bool expect_hole = z1 > 0.5f;
    EXPECT_EQ(h.hole[i], expect_hole) << "z = (" << z1 << ", " << z2 << ")";
    if (expect_hole) {
      const double dz = z1 - std::lround(255 * 0.375) / 255.0;  // 96/255, as stored
      EXPECT_NEAR(h.min_mse[i], 0.5 * dz * dz, 1e-5);
    } else {
      EXPECT_LT(h.min_mse[i], 1e-5);  // uint8 rounding only
      // Its nearest training image is its own: z₁ column, then z₂ in c[]'s order.
      const int col = z1 < 0.25f ? 0 : 1;
      const int row = int(std::lround((z2 - 0.125f) / 0.25f));
      EXPECT_EQ(h.nearest[i], col * 4 + row);
    }
  }

  // The whole training grid in the box: no holes at all.
  for (float z1 : {c[2], c[3]})
    for (float z2 : c)
      for (int k = 0; k < D; ++k)
        d.train.pixels.push_back(uint8_t(std::lround(255 * (k < D / 2 ? z1 : z2))));
  d.train.count = 16;
  EXPECT_EQ(hole_map(m, d, 0.001, box, opt).rate, 0.0);

  // Wrong box size, wrong image size: errors, not garbage.
  EXPECT_THROW(hole_map(m, d, 0.001, LatentRange{{0.f}, {1.f}}, opt), Error);
  EXPECT_THROW(hole_map(hand_decoder(6), d, 0.001, box, opt), Error);
}

TEST(LatentHoles, OtherLatentSizesSampleTheBoxUniformly) {
  const int D = 8;
  const Model m = hand_decoder(D, 3);
  const Dataset d = flat_dataset(D, {0, 128, 255}, {10});
  HoleOptions opt;
  opt.samples = 50;
  opt.seed = 9;
  const LatentRange box{{0.f, 0.2f, -1.f}, {0.5f, 0.3f, 1.f}};
  const HoleMap h = hole_map(m, d, 0.01, box, opt);
  EXPECT_EQ(h.grid, 0);
  ASSERT_EQ(h.count(), 50u);
  for (size_t i = 0; i < 50; ++i)
    for (int j = 0; j < 3; ++j) {
      EXPECT_GE(h.z[i * 3 + j], box.lo[j]);
      EXPECT_LE(h.z[i * 3 + j], box.hi[j]);
    }
  // Seeded: the same points again.
  EXPECT_EQ(hole_map(m, d, 0.01, box, opt).z, h.z);
}

TEST(LatentHoles, ExportWritesAnRgbGridOfTheMap) {
  const int D = 8;
  Dataset d = flat_dataset(D, {0, 255}, {0});
  d.height = 2;
  d.width = 4;
  const HoleMap h = hole_map(hand_decoder(D), d, 0.001, LatentRange{{0.f, 0.f}, {1.f, 1.f}}, {});
  EXPECT_EQ(h.count(), 400u);
  const auto dir = std::filesystem::path(LATENTLAB_TEST_TMP) / "latent_holes";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "map.png").string();
  export_hole_map(path, h, d);
  // PNG header: width and height big-endian at bytes 16 and 20, colour type 2 (RGB) at 25.
  std::ifstream f(path, std::ios::binary);
  std::vector<unsigned char> head(26);
  ASSERT_TRUE(f.read(reinterpret_cast<char*>(head.data()), 26));
  auto be32 = [&](int o) { return (head[o] << 24) | (head[o + 1] << 16) | (head[o + 2] << 8) | head[o + 3]; };
  EXPECT_EQ(be32(16), 20 * (4 + 1) + 1);
  EXPECT_EQ(be32(20), 20 * (2 + 1) + 1);
  EXPECT_EQ(head[25], 2);
}

}  // namespace
}  // namespace ll
