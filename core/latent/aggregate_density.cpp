#include "core/latent/aggregate_density.h"

#include <algorithm>
#include <cmath>

#include "core/nn/gemm.h"

namespace ll {

float silverman_bandwidth(const float* codes, size_t n, int latent, int d) {
  if (n < 2) return 1.f;
  double s = 0, ss = 0;
  for (size_t i = 0; i < n; ++i) {
    const double v = codes[i * latent + d];
    s += v;
    ss += v * v;
  }
  const double mean = s / double(n);
  const double sd = std::sqrt(std::max(0.0, ss / double(n) - mean * mean));
  return float(std::max(1e-4, 1.06 * sd * std::pow(double(n), -0.2)));
}

void aggregate_density_2d(const float* xy, const float* cov, size_t n, const LatentBox& box, int grid,
                          std::vector<float>& out) {
  const int G = std::max(grid, 1);
  out.assign(size_t(G) * G, 0.f);
  if (n == 0) return;
  const double cw = box.width() / double(G), ch = box.height() / double(G);
  for (size_t i = 0; i < n; ++i) {
    const double mx = xy[2 * i], my = xy[2 * i + 1];
    const double vx = std::max(double(cov[3 * i]), 1e-12), vy = std::max(double(cov[3 * i + 1]), 1e-12);
    double c = cov[3 * i + 2];
    // A positive-definite covariance: |ρ| kept below 1 - 1e-6 against rounding.
    const double cmax = (1 - 1e-6) * std::sqrt(vx * vy);
    c = std::clamp(c, -cmax, cmax);
    const double det = vx * vy - c * c;
    const double ixx = vy / det, iyy = vx / det, ixy = -c / det;
    const double norm = 1.0 / (double(n) * 2 * M_PI * std::sqrt(det));
    const double hx = 4 * std::sqrt(vx), hy = 4 * std::sqrt(vy);
    // Columns whose centres x0 + (g + 0.5)·cw lie within hx of mx; rows (from the top) likewise.
    const int g0 = std::max(0, int(std::ceil((mx - hx - box.x0) / cw - 0.5)));
    const int g1 = std::min(G - 1, int(std::floor((mx + hx - box.x0) / cw - 0.5)));
    const int r0 = std::max(0, int(std::ceil((box.y1 - (my + hy)) / ch - 0.5)));
    const int r1 = std::min(G - 1, int(std::floor((box.y1 - (my - hy)) / ch - 0.5)));
    for (int r = r0; r <= r1; ++r) {
      const double dy = box.y1 - (r + 0.5) * ch - my;
      float* row = out.data() + size_t(r) * G;
      for (int g = g0; g <= g1; ++g) {
        const double dx = box.x0 + (g + 0.5) * cw - mx;
        row[g] += float(norm * std::exp(-0.5 * (ixx * dx * dx + 2 * ixy * dx * dy + iyy * dy * dy)));
      }
    }
  }
}

void aggregate_density(const float* mu, const float* logvar, size_t n, int latent, int dx, int dy, float hx,
                       float hy, const LatentBox& box, int grid, std::vector<float>& out) {
  const size_t G = size_t(std::max(grid, 1));
  out.assign(G * G, 0.f);
  if (n == 0) return;
  // Per block of codes: ax (G, b) the x-factor of each code at each column centre, ay (G, b)
  // the y-factor at each row centre; out += ay · axᵀ.
  constexpr size_t kBlock = 2048;
  std::vector<float> ax(G * kBlock), ay(G * kBlock);
  const float inv_n = 1.f / float(n);
  const float cw = box.width() / float(G), ch = box.height() / float(G);
  for (size_t b0 = 0; b0 < n; b0 += kBlock) {
    const size_t b = std::min(kBlock, n - b0);
    for (size_t j = 0; j < b; ++j) {
      const size_t i = b0 + j;
      const float sx = logvar ? std::exp(0.5f * logvar[i * latent + dx]) : hx;
      const float sy = logvar ? std::exp(0.5f * logvar[i * latent + dy]) : hy;
      const float mx = mu[i * latent + dx], my = mu[i * latent + dy];
      // The 1/(2π σx σy) and the 1/n of the mean, on the x-factor.
      const float norm = inv_n / (2.f * float(M_PI) * sx * sy);
      for (size_t g = 0; g < G; ++g) {
        const float x = box.x0 + (float(g) + 0.5f) * cw, y = box.y1 - (float(g) + 0.5f) * ch;
        const float ux = (x - mx) / sx, uy = (y - my) / sy;
        ax[g * b + j] = norm * std::exp(-0.5f * ux * ux);
        ay[g * b + j] = std::exp(-0.5f * uy * uy);
      }
    }
    gemm(false, true, int(G), int(G), int(b), ay.data(), ax.data(), 1.f, out.data());
  }
}

}  // namespace ll
