// The map's sprite texture shown at a view it was not drawn at (app/map/texture_stretch.h):
// at its own view it lies exactly where the sprites' shader put it (the canvas plus the margin
// on each side); a pan moves it by the pan's pixels and a zoom scales it about the canvas's
// centre; it may stand in while it covers the canvas and the zoom is within a quarter.
#include <gtest/gtest.h>

#include "app/map/texture_stretch.h"

namespace {

using app::MapView;

constexpr float kSide = 400, kTex = 600, kX = 30, kY = 50;  // a 400 px canvas, 100 px margin

TEST(TextureStretch, AtItsOwnViewTheMarginSurroundsTheCanvas) {
  const MapView v{0.5f, -1.f, 40};
  const app::ScreenRect q = app::stretched_rect(v, kTex, v, kX, kY, kSide);
  EXPECT_FLOAT_EQ(q.x0, kX - 100);
  EXPECT_FLOAT_EQ(q.y0, kY - 100);
  EXPECT_FLOAT_EQ(q.x1, kX + kSide + 100);
  EXPECT_FLOAT_EQ(q.y1, kY + kSide + 100);
  EXPECT_TRUE(app::stretch_ok(v, kTex, v, kX, kY, kSide));
}

TEST(TextureStretch, APanMovesItByThePansPixels) {
  const MapView drawn{0, 0, 40};
  // The view's centre moves 1 latent unit right and 0.5 up: the picture moves 40 px left and
  // 20 px down.
  const MapView now{1.f, 0.5f, 40};
  const app::ScreenRect q = app::stretched_rect(drawn, kTex, now, kX, kY, kSide);
  EXPECT_FLOAT_EQ(q.x0, kX - 100 - 40);
  EXPECT_FLOAT_EQ(q.y0, kY - 100 + 20);
  EXPECT_TRUE(app::stretch_ok(drawn, kTex, now, kX, kY, kSide));
  // 3 units right is 120 px: past the 100 px margin, an empty strip would show.
  EXPECT_FALSE(app::stretch_ok(drawn, kTex, MapView{3.f, 0, 40}, kX, kY, kSide));
  EXPECT_FALSE(app::stretch_ok(drawn, kTex, MapView{0, -3.f, 40}, kX, kY, kSide));
}

TEST(TextureStretch, AZoomScalesItAboutTheCentre) {
  const MapView drawn{0, 0, 40};
  const MapView now{0, 0, 48};  // 1.2x
  const app::ScreenRect q = app::stretched_rect(drawn, kTex, now, kX, kY, kSide);
  EXPECT_FLOAT_EQ(q.x1 - q.x0, kTex * 1.2f);
  EXPECT_FLOAT_EQ((q.x0 + q.x1) / 2, kX + kSide / 2);
  EXPECT_FLOAT_EQ((q.y0 + q.y1) / 2, kY + kSide / 2);
  EXPECT_TRUE(app::stretch_ok(drawn, kTex, now, kX, kY, kSide));
  // Sprites a third larger or smaller than drawn are redrawn, even though the texture covers.
  EXPECT_FALSE(app::stretch_ok(drawn, kTex, MapView{0, 0, 40 * 1.3f}, kX, kY, kSide));
  // Zooming out to 0.8 leaves 600 * 0.8 = 480 px around a 400 px canvas: still covered.
  EXPECT_TRUE(app::stretch_ok(drawn, kTex, MapView{0, 0, 32.5f}, kX, kY, kSide));
  EXPECT_FALSE(app::stretch_ok(drawn, kTex, MapView{0, 0, 30}, kX, kY, kSide));
}

TEST(TextureStretch, ANeverDrawnTextureNeverStandsIn) {
  EXPECT_FALSE(app::stretch_ok(MapView{}, kTex, MapView{0, 0, 40}, kX, kY, kSide));
  EXPECT_FALSE(app::stretch_ok(MapView{0, 0, 40}, kTex, MapView{}, kX, kY, kSide));
}

}  // namespace
