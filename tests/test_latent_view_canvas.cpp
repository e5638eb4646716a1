// Draw to encode: soft brush strokes rasterised into a dataset-sized image.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/latent/canvas.h"

namespace ll {
namespace {

float at(const Canvas& c, int x, int y, int k = 0) { return c.pixels()[(size_t(y) * c.width() + x) * c.channels() + k]; }

TEST(LatentViewCanvas, BrushCoverageIsFullInsideAndFallsSmoothlyToZero) {
  Brush b;
  b.radius = 4;
  b.hardness = 0.5f;
  EXPECT_EQ(brush_coverage(0, b), 1.f);
  EXPECT_EQ(brush_coverage(2, b), 1.f);
  EXPECT_NEAR(brush_coverage(3, b), 0.5f, 1e-6);  // half way through the fall
  EXPECT_EQ(brush_coverage(4, b), 0.f);
  float last = 1;
  for (float d = 2; d <= 4; d += 0.1f) {
    const float c = brush_coverage(d, b);
    EXPECT_LE(c, last);
    last = c;
  }
  // A hard brush still has an anti-aliased edge at least ¾ pixel wide.
  b.hardness = 1;
  EXPECT_EQ(brush_coverage(3.2f, b), 1.f);
  EXPECT_GT(brush_coverage(3.7f, b), 0.f);
  EXPECT_LT(brush_coverage(3.7f, b), 1.f);
}

TEST(LatentViewCanvas, AStrokePaintsAlongItsPathAndNowhereElse) {
  Canvas c(28, 28, 1);
  EXPECT_TRUE(c.blank());
  const uint64_t v0 = c.version();
  Brush b;
  b.radius = 2.f;
  b.hardness = 0.5f;
  c.begin_stroke();
  c.stroke_to(4, 14, b);
  c.stroke_to(24, 14, b);  // one frame's jump: the segment is still continuous
  c.end_stroke();
  EXPECT_GT(c.version(), v0);
  EXPECT_FALSE(c.blank());
  for (int x = 4; x < 24; ++x) EXPECT_GT(at(c, x, 13), 0.9f) << "x " << x;  // centre row 13.5 ≈ y 14
  EXPECT_EQ(at(c, 14, 3), 0.f);
  EXPECT_EQ(at(c, 14, 24), 0.f);
  EXPECT_EQ(at(c, 0, 13), 0.f);
  EXPECT_EQ(at(c, 27, 13), 0.f);
  // Soft edge: row 12 (centre 1.5 from the line) half painted, row 11 (2.5) not at all.
  EXPECT_NEAR(at(c, 14, 12), 0.5f, 1e-6);
  EXPECT_NEAR(at(c, 14, 15), 0.5f, 1e-6);
  EXPECT_EQ(at(c, 14, 11), 0.f);
}

TEST(LatentViewCanvas, ASlowDragPaintsLikeAFastOne) {
  Brush b;
  b.radius = 2;
  b.opacity = 0.5f;  // partial: summing the stamps would show
  Canvas fast(16, 16, 1), slow(16, 16, 1);
  fast.stroke_to(2, 8, b);
  fast.stroke_to(14, 8, b);
  fast.end_stroke();
  for (int k = 0; k <= 120; ++k) slow.stroke_to(2 + k * 0.1f, 8, b);
  // ... and back over itself: still the same, within one stroke.
  for (int k = 120; k >= 0; k -= 7) slow.stroke_to(2 + k * 0.1f, 8, b);
  slow.end_stroke();
  for (size_t i = 0; i < fast.size(); ++i) ASSERT_NEAR(fast.pixels()[i], slow.pixels()[i], 1e-6) << i;
  EXPECT_NEAR(at(fast, 8, 7), 0.5f, 1e-6);
  // A second stroke does build up: 0.5 more of what is left.
  fast.stroke_to(8, 8, b);
  fast.end_stroke();
  EXPECT_NEAR(at(fast, 8, 7), 0.75f, 1e-6);
}

TEST(LatentViewCanvas, EraserColourAndDroppedImages) {
  Canvas c(8, 8, 3);
  std::vector<uint8_t> img(8 * 8 * 3);
  for (size_t i = 0; i < img.size(); ++i) img[i] = uint8_t(i % 256);
  c.set_pixels(img.data());
  std::vector<uint8_t> back;
  c.to_bytes(back);
  EXPECT_EQ(back, img);

  Brush red;
  red.radius = 1;
  red.hardness = 1;
  red.color[0] = 1, red.color[1] = 0, red.color[2] = 0;
  c.stroke_to(4.5f, 4.5f, red);  // the centre of pixel (4, 4)
  c.end_stroke();
  EXPECT_FLOAT_EQ(at(c, 4, 4, 0), 1.f);
  EXPECT_FLOAT_EQ(at(c, 4, 4, 1), 0.f);
  EXPECT_FLOAT_EQ(at(c, 4, 4, 2), 0.f);
  EXPECT_FLOAT_EQ(at(c, 0, 0, 1), img[1] / 255.f);  // untouched

  Brush eraser;
  eraser.radius = 20;
  eraser.color[0] = eraser.color[1] = eraser.color[2] = 0;
  eraser.hardness = 1;
  c.stroke_to(4, 4, eraser);
  c.end_stroke();
  EXPECT_TRUE(c.blank());
  c.set_pixels(img.data());
  c.clear();
  EXPECT_TRUE(c.blank());
}

TEST(LatentViewCanvas, StrokesOffTheEdgeAndNonsenseAreSafe) {
  Canvas c(10, 12, 1);
  Brush b;
  b.radius = 3;
  c.stroke_to(-50, -50, b);
  c.stroke_to(60, 40, b);  // crosses the whole canvas diagonally
  c.stroke_to(NAN, 3, b);
  c.stroke_to(1e9f, -1e9f, b);
  c.end_stroke();
  EXPECT_FALSE(c.blank());
  for (float v : c.pixels()) ASSERT_TRUE(v >= 0 && v <= 1);
  EXPECT_THROW(Canvas(0, 5, 1), Error);
  EXPECT_THROW(Canvas(5, 5, 2), Error);
  Canvas none;  // a default canvas ignores strokes
  none.stroke_to(1, 1, b);
  EXPECT_EQ(none.size(), 0u);
}

}  // namespace
}  // namespace ll
