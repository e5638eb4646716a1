// The shared order statistics (core/util/stats.h) and the one SplitMix64 (core/nn/rng.h).
#include <gtest/gtest.h>

#include <vector>

#include "core/data/seeded_rng.h"
#include "core/nn/rng.h"
#include "core/util/stats.h"

namespace ll {
namespace {

TEST(Stats, MedianIsTheMiddleOrTheMeanOfTheTwoMiddle) {
  EXPECT_EQ(median({}), 0.0);
  EXPECT_EQ(median({4.0}), 4.0);
  EXPECT_EQ(median({5.0, 1.0, 3.0}), 3.0);
  EXPECT_EQ(median({4.0, 1.0, 3.0, 2.0}), 2.5);
  EXPECT_EQ(median({9.0, 9.0, 1.0, 1.0}), 5.0);
}

TEST(Stats, PercentileIsTheNearestRank) {
  const std::vector<double> v = {7, 3, 9, 1, 5};  // sorted: 1 3 5 7 9
  EXPECT_EQ(percentile({}, 50), 0.0);
  EXPECT_EQ(percentile(v, 0), 1.0);
  EXPECT_EQ(percentile(v, 50), 5.0);
  EXPECT_EQ(percentile(v, 50), median(v));
  EXPECT_EQ(percentile(v, 75), 7.0);   // rank 3 of 0..4
  EXPECT_EQ(percentile(v, 95), 9.0);   // rank 3.8 -> 4
  EXPECT_EQ(percentile(v, 100), 9.0);
  EXPECT_EQ(percentile(v, 250), 9.0);  // clamped
  // An even count: the upper of the two middle values (rank 1.5 rounds to 2).
  EXPECT_EQ(percentile({4, 1, 3, 2}, 50), 3.0);
}

// Vigna's reference splitmix64.c outputs: the trainer's RNG seeding and the data loaders'
// generator are this one sequence, so the data and weights of a seed never change silently.
TEST(Rng, SplitMix64MatchesTheReference) {
  SplitMix64 a{1234567};
  EXPECT_EQ(a.next(), 6457827717110365317ull);
  EXPECT_EQ(a.next(), 3203168211198807973ull);
  EXPECT_EQ(a.next(), 9817491932198370423ull);
  SplitMix64 zero{0};
  EXPECT_EQ(zero.next(), 0xe220a8397b1dcdafull);
  // The loaders' generator with stream 0 starts from seed ^ mix(γ).
  data::SeededRng d(42);
  SplitMix64 same{42 ^ SplitMix64::mix(SplitMix64::kGamma)};
  for (int i = 0; i < 4; ++i) EXPECT_EQ(d.next(), same.next());
}

}  // namespace
}  // namespace ll
