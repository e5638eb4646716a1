#include "core/latent/grid.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace ll {

double inverse_normal_cdf(double p) {
  if (!(p > 0.0 && p < 1.0)) throw Error("inverse_normal_cdf: p must be in (0, 1)");
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double lo = 0.02425;
  double x;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - lo) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step against erfc brings the approximation to full double precision.
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

namespace {
std::vector<float> grid(int cols, int rows, int latent, int dim_x, int dim_y,
                        const std::vector<float>& base, auto&& coord_x, auto&& coord_y) {
  if (cols <= 0 || rows <= 0 || dim_x < 0 || dim_y < 0 || dim_x >= latent || dim_y >= latent)
    throw Error("latent grid: bad size or dimensions");
  if (!base.empty() && int(base.size()) != latent) throw Error("latent grid: base has the wrong size");
  std::vector<float> z(size_t(rows) * cols * latent, 0.f);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      float* p = z.data() + (size_t(r) * cols + c) * latent;
      for (int j = 0; j < latent && !base.empty(); ++j) p[j] = base[j];
      p[dim_x] = float(coord_x((c + 0.5) / cols));
      p[dim_y] = float(coord_y(1.0 - (r + 0.5) / rows));  // row 0 is the top: highest z
    }
  return z;
}
}  // namespace

std::vector<float> prior_grid(int cols, int rows, int latent, int dim_x, int dim_y,
                              const std::vector<float>& base) {
  return grid(cols, rows, latent, dim_x, dim_y, base, inverse_normal_cdf, inverse_normal_cdf);
}

std::vector<float> box_grid(int cols, int rows, int latent, int dim_x, int dim_y, float x0,
                            float x1, float y0, float y1, const std::vector<float>& base) {
  return grid(cols, rows, latent, dim_x, dim_y, base,
              [&](double t) { return x0 + t * (x1 - x0); },
              [&](double t) { return y0 + t * (y1 - y0); });
}

std::vector<float> interpolate(const std::vector<float>& a, const std::vector<float>& b,
                               int steps, PathKind kind) {
  if (a.size() != b.size() || a.empty()) throw Error("interpolate: end points differ in size");
  if (steps < 2) throw Error("interpolate: at least 2 steps");
  const size_t L = a.size();
  std::vector<float> out(size_t(steps) * L);
  double na = 0, nb = 0, dot = 0;
  for (size_t j = 0; j < L; ++j) {
    na += double(a[j]) * a[j];
    nb += double(b[j]) * b[j];
    dot += double(a[j]) * b[j];
  }
  na = std::sqrt(na);
  nb = std::sqrt(nb);
  const double cos_omega = (na > 0 && nb > 0) ? std::clamp(dot / (na * nb), -1.0, 1.0) : 1.0;
  const double omega = std::acos(cos_omega);
  // Near-parallel (or zero) end points make slerp's weights 0/0: linear is the limit there.
  const bool linear = kind == PathKind::Linear || std::sin(omega) < 1e-6;
  for (int s = 0; s < steps; ++s) {
    const double t = double(s) / (steps - 1);
    float* p = out.data() + size_t(s) * L;
    if (linear) {
      for (size_t j = 0; j < L; ++j) p[j] = float((1 - t) * a[j] + t * b[j]);
      continue;
    }
    // Direction by slerp of the unit vectors, length interpolated linearly.
    const double wa = std::sin((1 - t) * omega) / std::sin(omega) / na;
    const double wb = std::sin(t * omega) / std::sin(omega) / nb;
    const double radius = (1 - t) * na + t * nb;
    for (size_t j = 0; j < L; ++j) p[j] = float(radius * (wa * a[j] + wb * b[j]));
  }
  return out;
}

double log_prior(const float* z, int latent) {
  double s = 0;
  for (int j = 0; j < latent; ++j) s += double(z[j]) * z[j];
  return -0.5 * (s + latent * 1.8378770664093453);
}

}  // namespace ll
