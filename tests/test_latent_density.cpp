// The map's density layer: the aggregate posterior and the kernel density on a grid.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/latent/aggregate_density.h"

namespace {

double mass(const std::vector<float>& d, const ll::LatentBox& box, int grid) {
  double s = 0;
  for (float v : d) s += v;
  return s * (box.width() / grid) * (box.height() / grid);
}

TEST(AggregateDensity, OneStandardGaussianIsThePriorDensity) {
  // One code at 0 with σ = 1: q(z) is N(0, I), peak 1/(2π) at the centre, mass 1 in ±6.
  const float mu[2] = {0, 0}, logvar[2] = {0, 0};
  const ll::LatentBox box{-6, 6, -6, 6};
  std::vector<float> d;
  ll::aggregate_density(mu, logvar, 1, 2, 0, 1, 0, 0, box, 61, d);
  EXPECT_NEAR(d[30 * 61 + 30], 1.0 / (2 * M_PI), 1e-4);
  EXPECT_NEAR(mass(d, box, 61), 1.0, 1e-3);
}

TEST(AggregateDensity, RowZeroIsTheTopAndTheMeanOfTheCodes) {
  // Two codes, one high and right, one low and left, each half the mass, on cell centres.
  const float mu[4] = {2.5f, 2.5f, -2.5f, -2.5f}, logvar[4] = {-1, -1, -1, -1};
  const ll::LatentBox box{-4, 4, -4, 4};
  const int G = 8;  // cell centres at −3.5, −2.5, … 3.5
  std::vector<float> d;
  ll::aggregate_density(mu, logvar, 2, 2, 0, 1, 0, 0, box, G, d);
  // (x, y) = (2.5, 2.5) is row 1 (from the top), column 6; (−2.5, −2.5) row 6, column 1.
  EXPECT_GT(d[1 * G + 6], 10 * d[6 * G + 6]);
  EXPECT_NEAR(d[1 * G + 6], d[6 * G + 1], 1e-6);
  EXPECT_NEAR(d[1 * G + 6], 0.5 / (2 * M_PI * std::exp(-1.0)), 1e-4);
}

TEST(AggregateDensity, CorrelatedProjectionsAreTheBivariateDensity) {
  // Uncorrelated, it is aggregate_density's (up to the 4σ cut-off).
  const float xy[4] = {0.5f, -1.f, -1.5f, 1.25f}, logvar[4] = {-0.5f, 0.2f, 0.1f, -1.f};
  const float cov0[6] = {std::exp(-0.5f), std::exp(0.2f), 0.f, std::exp(0.1f), std::exp(-1.f), 0.f};
  const ll::LatentBox box{-5, 5, -5, 5};
  std::vector<float> a, b;
  ll::aggregate_density(xy, logvar, 2, 2, 0, 1, 0, 0, box, 50, a);
  ll::aggregate_density_2d(xy, cov0, 2, box, 50, b);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(b[i], a[i], 2e-4) << "cell " << i;
  // ρ = 0.8: the analytic pdf at a few cells, mass 1, and more mass on the rising diagonal.
  const float one[2] = {0.f, 0.f}, cov[3] = {1.f, 2.f, 0.8f * std::sqrt(2.f)};
  const int G = 41;  // centres at −5 + (g + 0.5)·10/41
  ll::aggregate_density_2d(one, cov, 1, box, G, b);
  EXPECT_NEAR(mass(b, box, G), 1.0, 2e-3);
  const double det = 2.0 - cov[2] * cov[2];
  for (int r : {5, 20, 27})
    for (int g : {12, 20, 33}) {
      const double x = -5 + (g + 0.5) * 10.0 / G, y = 5 - (r + 0.5) * 10.0 / G;
      const double q = (2 * x * x - 2 * cov[2] * x * y + y * y) / det;
      const double want = std::abs(x) <= 4 && std::abs(y) <= 4 * std::sqrt(2.0) ? std::exp(-q / 2) / (2 * M_PI * std::sqrt(det)) : 0;
      EXPECT_NEAR(b[size_t(r) * G + g], want, 1e-6) << "row " << r << " column " << g;
    }
  // (1, 1) is on the rising diagonal, (1, −1) across it.
  const int gx = int((1 + 5) * G / 10.0), ry_up = int((5 - 1) * G / 10.0), ry_down = int((5 + 1) * G / 10.0);
  EXPECT_GT(b[size_t(ry_up) * G + gx], 5 * b[size_t(ry_down) * G + gx]);
}

TEST(AggregateDensity, KernelDensityUsesTheBandwidthAndSilvermansRule) {
  std::vector<float> codes;
  for (int i = -50; i <= 50; ++i) codes.insert(codes.end(), {float(i) / 50.f, 0.f});
  const float h = ll::silverman_bandwidth(codes.data(), codes.size() / 2, 2, 0);
  // sd of a uniform grid on [−1, 1] is about 0.58; n = 101.
  EXPECT_NEAR(h, 1.06 * 0.5802 * std::pow(101.0, -0.2), 2e-3);
  const float one[2] = {1, -1};
  const ll::LatentBox box{-5, 7, -11, 9};
  std::vector<float> d;
  ll::aggregate_density(one, nullptr, 1, 2, 0, 1, 0.5f, 2.f, box, 48, d);
  EXPECT_NEAR(mass(d, box, 48), 1.0, 2e-3);
  // Peak 1/(2π·0.5·2) at the code, which lies on a cell corner here: the four cells around
  // it share the peak almost equally.
  float peak = 0;
  for (float v : d) peak = std::max(peak, v);
  EXPECT_NEAR(peak, 1.0 / (2 * M_PI), 0.03);
}

}  // namespace
