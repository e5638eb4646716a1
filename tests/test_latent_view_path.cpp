// Interpolation, quantified (log p(z) along the path, pixel change between neighbours), and
// the hole rule applied to a map's slice.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/data/synthetic.h"
#include "core/error.h"
#include "core/latent/grid.h"
#include "core/latent/hole_slice.h"
#include "core/latent/holes.h"
#include "core/latent/path_quality.h"
#include "core/vae/forward.h"

namespace ll {
namespace {

TEST(LatentViewPath, LogPriorAlongThePathAndStepChanges) {
  // A straight path from (−3, 0) to (3, 0): log p(z) peaks in the middle.
  const int steps = 7, L = 2, D = 4;
  const std::vector<float> z = interpolate({-3, 0}, {3, 0}, steps, PathKind::Linear);
  // Images: pixel 0 ramps evenly, except one big jump between steps 4 and 5.
  std::vector<float> img(steps * D, 0.f);
  for (int i = 0; i < steps; ++i) img[i * D] = 0.1f * i + (i >= 5 ? 0.5f : 0.f);
  const PathQuality q = path_quality(z.data(), img.data(), steps, L, D);
  ASSERT_EQ(q.log_prior.size(), size_t(steps));
  ASSERT_EQ(q.step_mse.size(), size_t(steps - 1));
  const double log2pi = std::log(2 * M_PI);
  EXPECT_NEAR(q.log_prior[3], -log2pi, 1e-9);           // z = 0
  EXPECT_NEAR(q.log_prior[0], -log2pi - 4.5, 1e-6);     // |z|² = 9
  EXPECT_NEAR(q.min_log_prior, q.log_prior[0], 1e-12);
  EXPECT_NEAR(q.step_mse[0], 0.01 / D, 1e-7);
  EXPECT_NEAR(q.step_mse[4], 0.36 / D, 1e-7);           // 0.1 + 0.5 in one step
  EXPECT_NEAR(q.max_step_mse, 0.36 / D, 1e-7);
  EXPECT_NEAR(q.mean_step_mse, (5 * 0.01 + 0.36) / D / 6, 1e-7);
  EXPECT_GT(q.unevenness, 4.0);
}

TEST(LatentViewPath, EvenPathsAreEvenAndDegenerateOnesAreSafe) {
  const std::vector<float> z{0, 0, 0, 0, 0, 0};
  std::vector<float> img{0, 0.25f, 0.5f};
  const PathQuality q = path_quality(z.data(), img.data(), 3, 2, 1);
  EXPECT_NEAR(q.unevenness, 1.0, 1e-9);
  const std::vector<float> same{0.3f, 0.3f, 0.3f};
  EXPECT_EQ(path_quality(z.data(), same.data(), 3, 2, 1).unevenness, 0.0);
  const PathQuality one = path_quality(z.data(), same.data(), 1, 2, 1);
  EXPECT_EQ(one.log_prior.size(), 1u);
  EXPECT_TRUE(one.step_mse.empty());
  EXPECT_TRUE(path_quality(z.data(), same.data(), 0, 2, 1).log_prior.empty());
}

Model small_model(const Dataset& d, int latent) {
  ModelConfig cfg;
  cfg.kind = ModelKind::Vae;
  cfg.input_dim = int(d.image_size());
  cfg.hidden = {16};
  cfg.latent = latent;
  Model m(cfg);
  m.init(7);
  return m;
}

TEST(LatentViewPath, SliceHoleMapOfA2dLatentIsTheHoleMap) {
  const Dataset d = data::make_synthetic(300, 60, 2);
  const Model m = small_model(d, 2);
  LatentRange box;
  box.lo = {-2.f, -1.f};
  box.hi = {1.5f, 2.5f};
  // A threshold in the middle of the distances, so both kinds of tile occur.
  HoleOptions opt;
  opt.grid = 6;
  const HoleMap ref = hole_map(m, d, 0.0, box, opt);
  std::vector<float> sorted = ref.min_mse;
  std::sort(sorted.begin(), sorted.end());
  const double thr = sorted[sorted.size() / 2];
  const HoleMap a = hole_map(m, d, thr, box, opt);
  const HoleMap b = slice_hole_map(m, d, thr, slice_box(box, 0, 1), 0, 1, {}, 6);
  EXPECT_EQ(b.grid, 6);
  EXPECT_EQ(a.z, b.z);
  EXPECT_EQ(a.images, b.images);
  EXPECT_EQ(a.hole, b.hole);
  EXPECT_EQ(a.rate, b.rate);
  EXPECT_GT(b.rate, 0.0);
  EXPECT_LT(b.rate, 1.0);
}

TEST(LatentViewPath, SliceHoleMapOfALargerLatentHoldsTheOtherDimsAtTheBase) {
  const Dataset d = data::make_synthetic(200, 40, 3);
  const Model m = small_model(d, 5);
  const std::vector<float> base{0.5f, 9.f, -0.25f, 9.f, 1.f};
  const LatentBox box{-1, 1, -2, 2};
  const HoleMap h = slice_hole_map(m, d, 1.0, box, 3, 1, base, 4);
  ASSERT_EQ(h.z.size(), size_t(16 * 5));
  for (int p = 0; p < 16; ++p) {
    EXPECT_EQ(h.z[p * 5 + 0], 0.5f);
    EXPECT_EQ(h.z[p * 5 + 2], -0.25f);
    EXPECT_EQ(h.z[p * 5 + 4], 1.f);
    EXPECT_GE(h.z[p * 5 + 3], -1.f);
    EXPECT_LE(h.z[p * 5 + 3], 1.f);
  }
  EXPECT_GT(h.z[1], h.z[15 * 5 + 1]);  // row 0 at the top: high y first
  EXPECT_EQ(h.box.lo[3], -1.f);
  EXPECT_EQ(h.box.hi[1], 2.f);
  EXPECT_EQ(h.box.lo[4], 1.f);
  // The decoded images are the model's own decodings of those points.
  std::vector<float> img(16 * d.image_size());
  Workspace ws;
  decode_images(m, h.z.data(), 16, ws, img.data());
  EXPECT_EQ(img, h.images);
  // MSE ≤ 1 always: a threshold of 1 finds no holes.
  EXPECT_EQ(h.rate, 0.0);
  EXPECT_THROW(slice_hole_map(m, d, 1.0, box, 5, 1, base, 4), Error);
  EXPECT_THROW(slice_hole_map(m, d, 1.0, box, 0, 1, base, 0), Error);
}

}  // namespace
}  // namespace ll
