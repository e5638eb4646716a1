// View maths of core/latent/view.h: which two dimensions a map slices along (largest KL, or
// the AE's code variance), the quantile box the map fits to, and the code nearest the mouse.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/latent/view.h"
#include "core/nn/rng.h"

namespace ll {
namespace {

TEST(LatentView, TopTwoDimsByKlLargerFirst) {
  EXPECT_EQ(top_two_dims({0.01, 3.2, 0.4, 5.0, 0.0}), (std::array<int, 2>{3, 1}));
  // Ties: the lower index first, so the slice does not flip between equal dimensions.
  EXPECT_EQ(top_two_dims({1.0, 2.0, 2.0, 1.0}), (std::array<int, 2>{1, 2}));
  EXPECT_EQ(top_two_dims({0.0, 0.0, 0.0}), (std::array<int, 2>{0, 1}));
}

TEST(LatentView, TopTwoDimsPutsUnknownKlLast) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(top_two_dims({nan, 0.5, nan, 0.1}), (std::array<int, 2>{1, 3}));
  EXPECT_EQ(top_two_dims({nan, 0.2}), (std::array<int, 2>{1, 0}));
}

TEST(LatentView, TopTwoDimsOfTinyLatents) {
  EXPECT_EQ(top_two_dims({}), (std::array<int, 2>{0, 1}));
  EXPECT_EQ(top_two_dims({4.0}), (std::array<int, 2>{0, 0}));
  EXPECT_EQ(top_two_dims({0.1, 4.0}), (std::array<int, 2>{1, 0}));
}

TEST(LatentView, CodeVarianceIsThePopulationVariancePerDimension) {
  // Column 0: 1, 2, 3, 4 (variance 1.25); column 1: constant; column 2: ±2.
  const std::vector<float> codes{1, 7, -2, 2, 7, 2, 3, 7, -2, 4, 7, 2};
  const std::vector<double> v = code_variance(codes.data(), 4, 3);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_NEAR(v[0], 1.25, 1e-12);
  EXPECT_EQ(v[1], 0.0);
  EXPECT_NEAR(v[2], 4.0, 1e-12);
  EXPECT_EQ(code_variance(codes.data(), 0, 3), (std::vector<double>{0, 0, 0}));
  // The AE's slice dims come from it: the spread-out dimensions 2 and 0.
  EXPECT_EQ(top_two_dims(v), (std::array<int, 2>{2, 0}));
}

TEST(LatentView, QuantileBoxIgnoresOutliersAndAddsTheMargin) {
  // 1001 codes: x = 0..1000 / 100 (0..10) in dim 1, y = −x in dim 2, and one far outlier.
  const int L = 3;
  std::vector<float> codes;
  for (int i = 0; i <= 1000; ++i) {
    codes.push_back(123.f);  // dim 0 is not shown
    codes.push_back(i / 100.f);
    codes.push_back(-i / 100.f);
  }
  codes.insert(codes.end(), {0.f, 1e6f, -1e6f});
  const size_t n = codes.size() / L;
  const LatentBox tight = quantile_box(codes.data(), n, L, 1, 2, 0.0, 0.0);
  EXPECT_FLOAT_EQ(tight.x1, 1e6f);  // q = 0 keeps the outlier ...
  const LatentBox b = quantile_box(codes.data(), n, L, 1, 2, 0.01, 0.0);
  EXPECT_NEAR(b.x0, 0.1, 0.011);  // ... 1% cuts it, and 1% of the cloud
  EXPECT_NEAR(b.x1, 9.9, 0.011);
  EXPECT_NEAR(b.y0, -9.9, 0.011);
  EXPECT_NEAR(b.y1, -0.1, 0.011);
  const LatentBox m = quantile_box(codes.data(), n, L, 1, 2, 0.01, 0.1);
  EXPECT_NEAR(m.x0, b.x0 - 0.1 * b.width(), 1e-4);
  EXPECT_NEAR(m.x1, b.x1 + 0.1 * b.width(), 1e-4);
  EXPECT_NEAR(m.height(), 1.2 * b.height(), 1e-4);
}

TEST(LatentView, QuantileBoxNeverDegenerates) {
  const std::vector<float> same{2, 5, 2, 5, 2, 5};
  const LatentBox b = quantile_box(same.data(), 3, 2, 0, 1, 0.01, 0.08);
  EXPECT_GE(b.width(), 1e-3f);
  EXPECT_GE(b.height(), 1e-3f);
  EXPECT_NEAR((b.x0 + b.x1) / 2, 2.f, 1e-3);
  EXPECT_NEAR((b.y0 + b.y1) / 2, 5.f, 1e-3);
}

TEST(LatentView, QuantileBoxSkipsNonFiniteCodesAndDefaultsWithNone) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const std::vector<float> codes{nan, 1, 0, 0, 1, inf, 1, 1, 0.5f, 0.5f};
  const LatentBox b = quantile_box(codes.data(), 5, 2, 0, 1, 0.0, 0.0);
  EXPECT_FLOAT_EQ(b.x0, 0.f);
  EXPECT_FLOAT_EQ(b.x1, 1.f);
  EXPECT_FLOAT_EQ(b.y0, 0.f);
  EXPECT_FLOAT_EQ(b.y1, 1.f);
  const LatentBox none = quantile_box(codes.data(), 0, 2, 0, 1, 0.01, 0.08);
  EXPECT_FLOAT_EQ(none.x0, -3.f);
  EXPECT_FLOAT_EQ(none.x1, 3.f);
  const std::vector<float> bad{nan, nan, inf, -inf};
  EXPECT_FLOAT_EQ(quantile_box(bad.data(), 2, 2, 0, 1, 0.01, 0.08).y1, 3.f);
}

TEST(LatentView, NearestCodeInTheSliceMatchesBruteForce) {
  const int L = 4;
  Rng rng(5);
  std::vector<float> codes(300 * L);
  for (float& v : codes) v = 6 * rng.uniform() - 3;
  for (int trial = 0; trial < 50; ++trial) {
    const float x = 8 * rng.uniform() - 4, y = 8 * rng.uniform() - 4;
    int best = -1;
    double bd = INFINITY;
    for (int i = 0; i < 300; ++i) {
      // Only dims 3 and 1 count; dims 0 and 2 are not on screen.
      const double d = std::hypot(codes[i * L + 3] - x, codes[i * L + 1] - y);
      if (d < bd) bd = d, best = i;
    }
    const Nearest n = nearest_code(codes.data(), 300, L, 3, 1, x, y);
    ASSERT_EQ(n.index, best);
    ASSERT_NEAR(n.distance, bd, 1e-5);
  }
}

TEST(LatentView, NearestCodeExactHitFirstOfEqualsAndNone) {
  const std::vector<float> codes{0, 0, 1, 1, 1, 1, -2, 0.5f};
  const Nearest hit = nearest_code(codes.data(), 4, 2, 0, 1, -2, 0.5f);
  EXPECT_EQ(hit.index, 3);
  EXPECT_EQ(hit.distance, 0.f);
  EXPECT_EQ(nearest_code(codes.data(), 4, 2, 0, 1, 1.2f, 0.9f).index, 1);  // rows 1 and 2 tie: the first
  const Nearest none = nearest_code(codes.data(), 0, 2, 0, 1, 0, 0);
  EXPECT_EQ(none.index, -1);
  EXPECT_TRUE(std::isinf(none.distance));
}

TEST(LatentView, UnionBoxHoldsBoth) {
  const LatentBox u = union_box({-1, 2, 0, 1}, {0, 3, -4, 0.5f});
  EXPECT_FLOAT_EQ(u.x0, -1);
  EXPECT_FLOAT_EQ(u.x1, 3);
  EXPECT_FLOAT_EQ(u.y0, -4);
  EXPECT_FLOAT_EQ(u.y1, 1);
}

}  // namespace
}  // namespace ll
