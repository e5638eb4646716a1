// The timeline's history: thinning keeps the byte budget over a long run, keeps the start,
// spaces frames geometrically, holds as many frames as it did in half the memory, and a frame's
// model (int8 blocks) encodes and decodes like the one it came from.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/train/history.h"
#include "core/vae/forward.h"

namespace ll {
namespace {

ModelConfig cfg2() {
  ModelConfig c;
  c.input_dim = 784;
  c.hidden = {400};
  c.latent = 2;
  return c;
}

std::shared_ptr<const HistoryFrame> frame(const Model& m, int64_t step) {
  auto f = std::make_shared<HistoryFrame>();
  f->step = step;
  std::vector<float> codes(2000 * 2, 0.5f), recon(8 * 784, 0.25f);
  f->arms.push_back(History::capture(m, codes, codes, recon));
  f->arms.push_back(History::capture(m, codes, codes, recon));
  return f;
}

TEST(SnapshotHistory, ThinningKeepsItsBoundOverALongRun) {
  Model m(cfg2());
  m.init(1);
  History h(size_t(48) << 20, 64);
  size_t peak = 0, offered = 0;
  for (int64_t step = 0; step <= 200000; step += 7) {
    if (!h.wants(step)) continue;
    ++offered;
    h.add(frame(m, step));
    peak = std::max(peak, h.bytes());
    ASSERT_LE(h.bytes(), size_t(48) << 20);
  }
  EXPECT_GT(offered, 64u);
  ASSERT_GE(h.frames().size(), 8u);
  EXPECT_EQ(h.frames().front()->step, 0);  // the start is always kept
  // The spacing grew geometrically and covers the whole run.
  for (size_t i = 1; i < h.frames().size(); ++i) {
    EXPECT_GT(h.frames()[i]->step, h.frames()[i - 1]->step);
    EXPECT_GE(h.frames()[i]->step - h.frames()[i - 1]->step, h.interval() / 4);
  }
  EXPECT_GE(h.interval(), 2048);
  EXPECT_GE(h.frames().back()->step, 200000 - 2 * h.interval());
  EXPECT_LE(peak, size_t(48) << 20);
}

TEST(SnapshotHistory, FrameModelEncodesAndDecodesLikeTheModel) {
  Model m(cfg2());
  m.init(3);
  const HistoryArm a = History::capture(m, {}, {}, {});
  auto fm = a.model();
  Workspace w1, w2;
  // Decoding a latent point (the manifold, the cursor).
  std::vector<float> z{0.7f, -1.2f}, x1(784), x2(784);
  decode_images(m, z.data(), 1, w1, x1.data());
  decode_images(*fm, z.data(), 1, w2, x2.data());
  double worst = 0;
  for (int i = 0; i < 784; ++i) worst = std::max(worst, double(std::fabs(x1[i] - x2[i])));
  EXPECT_LT(worst, 0.01);  // int8-block weights: a visual copy, not a bit copy
  EXPECT_GT(worst, 0.0);
  double mean = 0;
  for (int i = 0; i < 784; ++i) mean += std::fabs(x1[i] - x2[i]) / 784;
  EXPECT_LT(mean, 0.5 / 255);  // on average well under a grey level
  // Encoding an image (the Draw tab's drawing on a past step): the same code, to the copy's
  // precision, for the mean and the log-variance.
  std::vector<uint8_t> img(784);
  for (int i = 0; i < 784; ++i) img[i] = uint8_t((i * 37) % 256);
  std::vector<float> mu1(2), lv1(2), mu2(2), lv2(2);
  encode_images(m, img.data(), 1, w1, mu1.data(), lv1.data());
  encode_images(*fm, img.data(), 1, w2, mu2.data(), lv2.data());
  for (int j = 0; j < 2; ++j) {
    EXPECT_NEAR(mu1[j], mu2[j], 0.02f + 0.02f * std::fabs(mu1[j])) << "mu " << j;
    EXPECT_NEAR(lv1[j], lv2[j], 0.02f + 0.02f * std::fabs(lv1[j])) << "logvar " << j;
  }
  EXPECT_NE(mu1[0], 0.f);  // the encoder is really there (a zero encoder gives mu = 0)
  EXPECT_NE(mu2[0], 0.f);
}

TEST(SnapshotHistory, TheDefaultBudgetHoldsAtLeastThirtySevenFramesOfAVaeAndAe) {
  // What the timeline kept with bfloat16 frames in 96 MiB (784-400-2, VAE and AE, 2,000 codes),
  // now in the default 56 MiB: the frames held just before the first thinning.
  Model m(cfg2());
  m.init(1);
  History h;
  size_t held = 0;
  for (int64_t step = 0; step < 100000 && h.interval() == 1; ++step) {
    h.add(frame(m, step));
    if (h.interval() == 1) held = h.frames().size();
  }
  EXPECT_GE(held, 37u);
  EXPECT_LE(h.bytes(), size_t(56) << 20);
}

TEST(Int8Blocks, EachValueIsWithinHalfAStepOfItsBlock) {
  std::vector<float> x(1000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = float(std::sin(0.37 * double(i)) * (1 + i / 100));
  for (size_t i = 128; i < 192; ++i) x[i] = 0;  // a block of zeros
  const Int8Blocks b = Int8Blocks::encode(x.data(), x.size());
  ASSERT_EQ(b.scale.size(), 16u);  // 1000 / 64, the last block short
  EXPECT_EQ(b.scale[2], 0.f);
  EXPECT_LT(b.bytes(), x.size() * 2 * 0.55);  // about half of bfloat16's bytes
  std::vector<float> y(x.size());
  b.decode(y.data());
  for (size_t i = 0; i < x.size(); ++i) {
    const float s = b.scale[i / Int8Blocks::kBlock];
    ASSERT_LE(std::fabs(x[i] - y[i]), s / 2 * 1.0001f) << i;
  }
  // A non-finite value keeps its block visibly broken.
  x[5] = std::numeric_limits<float>::infinity();
  const Int8Blocks bad = Int8Blocks::encode(x.data(), x.size());
  bad.decode(y.data());
  EXPECT_TRUE(std::isnan(y[0]));
  EXPECT_FALSE(std::isnan(y[64]));
}

TEST(SnapshotHistory, TooSmallABudgetStillKeepsFramesWithinIt) {
  Model m(cfg2());
  m.init(1);
  const size_t one = frame(m, 0)->bytes();
  History h(one * 3 + one / 2, 64);
  for (int64_t step = 0; step < 5000; ++step)
    if (h.wants(step)) h.add(frame(m, step));
  EXPECT_LE(h.bytes(), one * 3 + one / 2);
  EXPECT_GE(h.frames().size(), 2u);
  EXPECT_EQ(h.frames().front()->step, 0);
}

}  // namespace
}  // namespace ll
