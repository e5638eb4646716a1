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
