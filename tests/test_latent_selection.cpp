// Brushing on a latent map (core/latent/selection.h) and the hover's spatial grid
// (core/latent/code_grid.h): the polygon test on shapes whose answer is known by hand, the
// selection over codes against a direct check of each code, and the grid's nearest code
// against nearest_code's full pass.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/latent/code_grid.h"
#include "core/latent/selection.h"
#include "core/latent/view.h"
#include "core/nn/rng.h"

namespace ll {
namespace {

const std::vector<Point2> kSquare{{0, 0}, {2, 0}, {2, 2}, {0, 2}};
// A "U": the notch between the arms, x in (1, 2), y above 1, is outside.
const std::vector<Point2> kU{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}};

TEST(LatentSelection, PointInConvexAndConcavePolygons) {
  EXPECT_TRUE(point_in_polygon(1, 1, kSquare));
  EXPECT_FALSE(point_in_polygon(3, 1, kSquare));
  EXPECT_FALSE(point_in_polygon(1, -0.1f, kSquare));
  EXPECT_TRUE(point_in_polygon(0.5f, 2.5f, kU));   // left arm
  EXPECT_TRUE(point_in_polygon(2.5f, 2.5f, kU));   // right arm
  EXPECT_FALSE(point_in_polygon(1.5f, 2.5f, kU));  // the notch
  EXPECT_TRUE(point_in_polygon(1.5f, 0.5f, kU));   // the base
}

TEST(LatentSelection, TooFewVerticesHoldNothing) {
  EXPECT_FALSE(point_in_polygon(0, 0, {}));
  EXPECT_FALSE(point_in_polygon(0.5f, 0, {{0, 0}, {1, 0}}));
  const float codes[] = {0.5f, 0.5f};
  EXPECT_TRUE(codes_in_polygon(codes, 1, 2, 0, 1, {{0, 0}, {1, 1}}).empty());
}

TEST(LatentSelection, SelfCrossingLassoUsesEvenOdd) {
  // A bow tie: its two triangles are inside, the points above and below the crossing are not.
  const std::vector<Point2> bow{{0, 0}, {2, 2}, {2, 0}, {0, 2}};
  EXPECT_TRUE(point_in_polygon(0.3f, 1, bow));
  EXPECT_TRUE(point_in_polygon(1.7f, 1, bow));
  EXPECT_FALSE(point_in_polygon(1, 1.7f, bow));
  EXPECT_FALSE(point_in_polygon(1, 0.3f, bow));
}

TEST(LatentSelection, CodesInPolygonMatchesEachPointsTestInTheMapDims) {
  // Codes of latent size 3; the map shows dims 2 and 0, so dim 1 must not matter.
  Rng rng(7);
  const size_t n = 5000;
  std::vector<float> codes(n * 3);
  for (float& v : codes) v = float(rng.normal()) * 1.5f + 1.5f;
  codes[3 * 10 + 2] = std::numeric_limits<float>::quiet_NaN();
  const std::vector<uint32_t> got = codes_in_polygon(codes.data(), n, 3, 2, 0, kU);
  std::vector<uint32_t> want;
  for (size_t i = 0; i < n; ++i)
    if (point_in_polygon(codes[i * 3 + 2], codes[i * 3], kU)) want.push_back(uint32_t(i));
  EXPECT_EQ(got, want);
  EXPECT_GT(got.size(), 200u);  // the shape holds a good share of N(1.5, 1.5²) codes
  EXPECT_LT(got.size(), n / 2);
  for (uint32_t i : got) EXPECT_NE(i, 10u);
}

TEST(LatentSelection, CodesInRectIncludeEdgesAndTakeCornersInAnyOrder) {
  const float codes[] = {0, 0, 1, 1, 2, 2, 1, 3, 0.5f, 1};
  const std::vector<uint32_t> want{0, 1, 4};
  EXPECT_EQ(codes_in_rect(codes, 5, 2, 0, 1, {0, 0}, {1, 1}), want);
  EXPECT_EQ(codes_in_rect(codes, 5, 2, 0, 1, {1, 1}, {0, 0}), want);
  EXPECT_EQ(codes_in_rect(codes, 5, 2, 1, 0, {0, 0}, {3, 1}), (std::vector<uint32_t>{0, 1, 3, 4}));
}

TEST(CodeGrid, NearestEqualsTheFullPassWithinTheRadius) {
  Rng rng(11);
  const int L = 4;
  const size_t n = 20000;
  std::vector<float> codes(n * L);
  for (float& v : codes) v = float(rng.normal());
  CodeGrid grid;
  grid.build(codes.data(), n, L, 3, 1);
  EXPECT_EQ(grid.size(), n);
  int found = 0;
  for (int q = 0; q < 2000; ++q) {
    const float x = float(rng.normal()) * 1.3f, y = float(rng.normal()) * 1.3f;
    const float radius = q % 2 ? 0.05f : 0.4f;
    const Nearest full = nearest_code(codes.data(), n, L, 3, 1, x, y);
    const Nearest got = grid.nearest(x, y, radius);
    if (full.distance <= radius) {
      ++found;
      ASSERT_EQ(got.index, full.index) << "query (" << x << ", " << y << ") radius " << radius << " d " << got.distance << " vs " << full.distance;
      EXPECT_FLOAT_EQ(got.distance, full.distance);
    } else {
      EXPECT_EQ(got.index, -1) << "query (" << x << ", " << y << ") radius " << radius;
    }
  }
  EXPECT_GT(found, 500);  // the queries did test hits, not only misses
}

TEST(CodeGrid, EmptyDegenerateAndNonFiniteCodes) {
  CodeGrid grid;
  grid.build(nullptr, 0, 2, 0, 1);
  EXPECT_EQ(grid.nearest(0, 0, 10).index, -1);
  // Every code on one vertical line, one of them NaN: the grid still answers.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float codes[] = {1, 0, 1, 1, nan, 2, 1, 3};
  grid.build(codes, 4, 2, 0, 1);
  EXPECT_EQ(grid.nearest(1.1f, 2.9f, 0.5f).index, 3);
  EXPECT_EQ(grid.nearest(1.0f, 2.0f, 0.4f).index, -1);  // the NaN row is never found
  EXPECT_EQ(grid.nearest(5, 5, 1).index, -1);
}

}  // namespace
}  // namespace ll
