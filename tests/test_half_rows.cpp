// Half precision for the feature reference's training features: the conversion against the
// compiler's own _Float16, and what the reference computes from half rows against float rows
// (the nearest-image distances, the hole threshold and rate, the Fréchet distances).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "core/error.h"
#include "core/features/feature_reference.h"
#include "core/features/feature_space.h"
#include "core/features/sample_quality.h"
#include "core/nn/half_rows.h"
#include "core/nn/rng.h"
#include "small_vae.h"

namespace ll {
namespace {

TEST(HalfRows, KnownValuesRoundToNearestEven) {
  EXPECT_EQ(float_to_half(0.f), 0x0000);
  EXPECT_EQ(float_to_half(-0.f), 0x8000);
  EXPECT_EQ(float_to_half(1.f), 0x3c00);
  EXPECT_EQ(float_to_half(-2.f), 0xc000);
  EXPECT_EQ(float_to_half(65504.f), 0x7bff);
  EXPECT_EQ(float_to_half(65520.f), 0x7c00);           // the tie above the largest: infinity
  EXPECT_EQ(float_to_half(std::ldexp(1.f, -24)), 0x0001);  // the smallest subnormal
  EXPECT_EQ(float_to_half(std::ldexp(1.f, -25)), 0x0000);  // half of it: a tie, to even (0)
  EXPECT_EQ(float_to_half(std::ldexp(1.f, -14)), 0x0400);  // the smallest normal
  EXPECT_EQ(float_to_half(1.f + std::ldexp(1.f, -11)), 0x3c00);      // tie: down to even
  EXPECT_EQ(float_to_half(1.f + 3 * std::ldexp(1.f, -11)), 0x3c02);  // tie: up to even
  EXPECT_EQ(float_to_half(std::numeric_limits<float>::infinity()), 0x7c00);
  EXPECT_TRUE(std::isnan(half_to_float(float_to_half(std::nanf("")))));
  EXPECT_FLOAT_EQ(half_to_float(0x3555), 0.33325195f);
  EXPECT_EQ(half_to_float(0x0001), std::ldexp(1.f, -24));
  EXPECT_EQ(half_to_float(0xfbff), -65504.f);
}

#ifdef __FLT16_MAX__
// The compiler's conversions are IEEE round-to-nearest-even: every half back to float, and a
// million floats of every exponent to half, bit for bit.
TEST(HalfRows, MatchesTheCompilersFloat16) {
  for (uint32_t h = 0; h < 65536; ++h) {
    _Float16 v;
    const uint16_t b = uint16_t(h);
    std::memcpy(&v, &b, 2);
    const float want = float(v), got = half_to_float(b);
    if (std::isnan(want)) {
      ASSERT_TRUE(std::isnan(got)) << h;
    } else {
      ASSERT_EQ(std::bit_cast<uint32_t>(got), std::bit_cast<uint32_t>(want)) << h;
    }
  }
  Rng rng(7);
  for (int i = 0; i < 1000000; ++i) {
    // Exponents across and beyond half's range (2^-30 .. 2^20), random mantissas and signs.
    const uint32_t mant = uint32_t(rng.below(1u << 23)), e = uint32_t(97 + rng.below(51));
    const float x = std::bit_cast<float>((uint32_t(rng.below(2)) << 31) | (e << 23) | mant);
    const _Float16 v = _Float16(x);
    uint16_t want;
    std::memcpy(&want, &v, 2);
    ASSERT_EQ(float_to_half(x), want) << x;
  }
}
#endif

TEST(HalfRows, AppendDecodeAndARangeError) {
  HalfRows h;
  h.dim = 3;
  const std::vector<float> a = {0.1f, -2.5f, 7.f, 1e-3f, 300.f, -0.f};
  h.append(a.data(), 2, "test rows");
  EXPECT_EQ(h.rows, 2u);
  EXPECT_EQ(h.bytes(), 12u);
  std::vector<float> back(3);
  h.decode(1, 1, back.data());
  EXPECT_NEAR(back[0], 1e-3f, 1e-3f * 1e-3f);
  EXPECT_EQ(back[1], 300.f);
  const std::vector<float> big = {1.f, 7e4f, 0.f};
  try {
    h.append(big.data(), 1, "test rows");
    FAIL() << "no error for a value beyond half's range";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("test rows"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("65504"), std::string::npos) << e.what();
  }
}

// The reference as the explorer uses it, on a small synthetic set with a small classifier.
struct SmallReference {
  Dataset d = data::make_synthetic(3000, 400, 3);
  FeatureSpace s;
  FeatureReference r;
  std::vector<float> train_f;  // the training features in float, as they were before half
  SmallReference() {
    FeatureOptions fo;
    fo.use_cache = false;
    fo.classifier.epochs = 1;
    fo.classifier.hidden = {64, 32};
    s = feature_space(d, fo).space;
    r = feature_reference(s, d);
    train_f = embed_pixels(s, d.train.pixels.data(), d.train.count);
  }
};

// The 95th percentile of sorted distances, numpy's default rule (as feature_reference's).
double quantile95(std::vector<float> d) {
  std::sort(d.begin(), d.end());
  const double pos = 0.95 * double(d.size() - 1);
  const size_t k = size_t(pos);
  return d[k] + (pos - double(k)) * (d[std::min(k + 1, d.size() - 1)] - d[k]);
}

TEST(HalfRows, NearestDistancesHolesAndFrechetMatchFloat) {
  const SmallReference t;
  const FeatureReference& r = t.r;
  ASSERT_EQ(r.train.rows, t.d.train.count);
  EXPECT_EQ(r.train.bytes() * 2, t.train_f.size() * sizeof(float));  // half the bytes
  // Queries: the test images' features; their nearest training image by half and by float.
  const size_t q = r.test_count;
  std::vector<float> dh(q), df(q);
  std::vector<int32_t> ih(q), iff(q);
  nearest_feature(r.test.data(), q, r.train, dh.data(), ih.data());
  nearest_feature(r.test.data(), q, t.train_f.data(), t.d.train.count, r.dim, df.data(), iff.data());
  // Rounding a row moves it by at most 2^-11 of its norm, and a nearest distance by no more
  // than the largest such move.
  double norm = 0;
  for (size_t i = 0; i < t.d.train.count; ++i) {
    double s2 = 0;
    for (int j = 0; j < r.dim; ++j) s2 += double(t.train_f[i * r.dim + j]) * t.train_f[i * r.dim + j];
    norm = std::max(norm, std::sqrt(s2));
  }
  const double bound = std::ldexp(norm, -11) + 1e-6;
  size_t same = 0;
  for (size_t i = 0; i < q; ++i) {
    ASSERT_NEAR(dh[i], df[i], bound) << i;
    same += ih[i] == iff[i];
  }
  EXPECT_GE(same, q * 99 / 100);  // near-ties aside, the same nearest image
  // The hole threshold's rule (the 95th percentile of these distances) to within 1e-3.
  EXPECT_NEAR(quantile95(dh), quantile95(df), 1e-3 * quantile95(df));
  std::printf("nearest distances: 95th percentile %.6f half, %.6f float; bound %.2g; same image %zu of %zu\n",
              quantile95(dh), quantile95(df), bound, same, q);

  // A model's feature holes: the distances of its decodings by half and by float rows, and
  // the rate the Samples tab and the maps show.
  const Model m = testing::train_small_vae(t.d, 2, 48, 60, 2);
  const size_t P = 500;
  const std::vector<float> z = prior_points(2, P, 4);
  const FeatureHoles h = feature_holes(m, t.s, r, z.data(), P);
  std::vector<float> f(P * size_t(r.dim)), dist(P);
  t.s.embed(h.images.data(), P, f.data());
  nearest_feature(f.data(), P, t.train_f.data(), t.d.train.count, r.dim, dist.data(), nullptr);
  size_t flips = 0;
  for (size_t i = 0; i < P; ++i) {
    ASSERT_NEAR(h.distance[i], dist[i], bound) << i;
    flips += h.hole[i] != !(double(dist[i]) <= h.threshold);
  }
  EXPECT_LE(flips, P / 200) << "hole decisions that half rows changed";

  // The Fréchet distances read the test features, which stay float: the same as features
  // embedded afresh, so every FD is what it was to the last digit.
  EXPECT_EQ(r.test, embed_pixels(t.s, t.d.test.pixels.data(), t.d.test.count));
  SamplerFdOptions o;
  o.samples = 300;
  const SamplerFd a = sampler_fd(m, t.d, t.s, r, Sampler::Prior, o), b = sampler_fd(m, t.d, t.s, r, Sampler::Prior, o);
  EXPECT_TRUE(std::isfinite(a.fd));
  EXPECT_EQ(a.fd, b.fd);
}

}  // namespace
}  // namespace ll
