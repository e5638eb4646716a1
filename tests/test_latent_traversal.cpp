// Per-dimension traversals (core/latent/traversal.h): which rows, in which order, at which
// offsets, and that each row moves its own dimension alone.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/error.h"
#include "core/latent/traversal.h"

namespace ll {
namespace {

TEST(LatentTraversal, VaeRowsGoByKlInPriorUnits) {
  const TraversalAxes a = traversal_axes(true, {0.02, 3.1, 0.0, 1.4}, nullptr, 0, 4);
  EXPECT_EQ(a.dims, (std::vector<int>{1, 3, 0, 2}));
  EXPECT_EQ(a.unit, (std::vector<float>{1, 1, 1, 1}));
  EXPECT_DOUBLE_EQ(a.score[3], 1.4);
}

TEST(LatentTraversal, AeRowsGoByCodeVarianceInItsStandardDeviation) {
  // Dimension 0 spread ±2 (variance 4), dimension 1 ±0.5 (variance 0.25), dimension 2 fixed.
  const std::vector<float> codes = {2, -0.5f, 7, -2, 0.5f, 7, 2, 0.5f, 7, -2, -0.5f, 7};
  const TraversalAxes a = traversal_axes(false, {}, codes.data(), 4, 3);
  EXPECT_EQ(a.dims, (std::vector<int>{0, 1, 2}));
  EXPECT_NEAR(a.score[0], 4.0, 1e-9);
  EXPECT_NEAR(a.unit[0], 2.f, 1e-6f);
  EXPECT_NEAR(a.unit[1], 0.5f, 1e-6f);
  EXPECT_EQ(a.unit[2], 0.f);  // a dimension the codes never move: its row stays at the base
}

TEST(LatentTraversal, UnknownKlSortsLast) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(traversal_axes(true, {nan, 0.1, 0.5}, nullptr, 0, 3).dims, (std::vector<int>{2, 1, 0}));
}

TEST(LatentTraversal, OffsetsSpanSymmetricallyWithTheBaseInTheMiddle) {
  const std::vector<float> o = traversal_offsets(7, 3.f);
  ASSERT_EQ(o.size(), 7u);
  EXPECT_FLOAT_EQ(o.front(), -3.f);
  EXPECT_FLOAT_EQ(o[3], 0.f);
  EXPECT_FLOAT_EQ(o.back(), 3.f);
  EXPECT_FLOAT_EQ(o[4] - o[3], 1.f);
}

TEST(LatentTraversal, EachRowMovesOnlyItsDimension) {
  const std::vector<float> base = {0.5f, -1.f, 2.f};
  const std::vector<int> dims = {2, 0};
  const std::vector<float> unit = {0.5f, 1.f, 2.f};
  const std::vector<float> off = {-1.f, 0.f, 1.f};
  const std::vector<float> z = traversal_codes(base, dims, unit, off);
  ASSERT_EQ(z.size(), 2u * 3u * 3u);
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 3; ++c)
      for (int j = 0; j < 3; ++j) {
        const float want = j == dims[r] ? base[j] + off[c] * unit[j] : base[j];
        EXPECT_FLOAT_EQ(z[(r * 3 + c) * 3 + j], want) << "row " << r << " col " << c << " dim " << j;
      }
}

TEST(LatentTraversal, MeanCode) {
  const std::vector<float> codes = {1, 2, 3, 6};
  EXPECT_EQ(mean_code(codes.data(), 2, 2), (std::vector<float>{2, 4}));
  EXPECT_EQ(mean_code(nullptr, 0, 2), (std::vector<float>{0, 0}));
}

TEST(LatentTraversal, BadArgumentsSayWhatWasExpected) {
  EXPECT_THROW(traversal_axes(true, {1.0}, nullptr, 0, 3), Error);
  EXPECT_THROW(traversal_axes(false, {}, nullptr, 0, 0), Error);
  EXPECT_THROW(traversal_offsets(1, 3.f), Error);
  EXPECT_THROW(traversal_offsets(7, 0.f), Error);
  EXPECT_THROW(traversal_codes({0, 0}, {2}, {1, 1}, {0}), Error);
  EXPECT_THROW(traversal_codes({0, 0}, {0}, {1}, {0}), Error);
  try {
    traversal_axes(true, {1.0}, nullptr, 0, 3);
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("expected 3"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ll
