#include "core/latent/latent_plane.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace ll {

LatentPlane LatentPlane::slice(int latent, int dx, int dy, const float* base) {
  if (latent < 1 || dx < 0 || dx >= latent || dy < 0 || dy >= latent)
    throw Error("latent plane: dimensions " + std::to_string(dx) + ", " + std::to_string(dy) + " of a " +
                std::to_string(latent) + "-D latent space");
  LatentPlane p;
  p.latent = latent;
  p.origin.assign(size_t(latent), 0.f);
  if (base) std::copy_n(base, latent, p.origin.begin());
  p.origin[size_t(dx)] = 0.f;
  p.origin[size_t(dy)] = 0.f;
  p.u.assign(size_t(latent), 0.f);
  p.v.assign(size_t(latent), 0.f);
  p.u[size_t(dx)] = 1.f;
  p.v[size_t(dy)] = 1.f;
  p.one_dim = dx == dy;
  return p;
}

LatentPlane LatentPlane::principal(const PrincipalPlane& pp, const float* through) {
  LatentPlane p;
  p.latent = pp.latent;
  p.origin = pp.mean;
  p.u = pp.axis[0];
  p.v = pp.axis[1];
  if (through) {
    // The code's part off the plane moves the origin; its part along u and v does not, so a
    // code keeps its coordinates.
    float x, y;
    pp.project(through, x, y);
    for (size_t i = 0; i < size_t(p.latent); ++i) p.origin[i] = through[i] - x * p.u[i] - y * p.v[i];
  }
  return p;
}

void LatentPlane::project(const float* z, float& x, float& y) const {
  float sx = 0, sy = 0;
  for (size_t i = 0; i < size_t(latent); ++i) {
    const float c = z[i] - origin[i];
    sx += c * u[i];
    sy += c * v[i];
  }
  x = sx;
  y = sy;
}

void LatentPlane::lift(float x, float y, float* z) const {
  const float yy = one_dim ? 0.f : y;
  for (size_t i = 0; i < size_t(latent); ++i) z[i] = origin[i] + x * u[i] + yy * v[i];
}

void LatentPlane::lift(float x, float y, std::vector<float>& z) const {
  z.resize(size_t(latent));
  lift(x, y, z.data());
}

void LatentPlane::project_all(const float* codes, size_t n, std::vector<float>& xy) const {
  xy.resize(n * 2);
  for (size_t r = 0; r < n; ++r) project(codes + r * size_t(latent), xy[2 * r], xy[2 * r + 1]);
}

void LatentPlane::project_logvar(const float* logvar, size_t n, std::vector<float>& out) const {
  out.resize(n * 2);
  for (size_t r = 0; r < n; ++r) {
    const float* lv = logvar + r * size_t(latent);
    double vx = 0, vy = 0;
    for (size_t i = 0; i < size_t(latent); ++i) {
      const double s2 = std::exp(double(lv[i]));
      vx += double(u[i]) * u[i] * s2;
      vy += double(v[i]) * v[i] * s2;
    }
    out[2 * r] = float(std::log(vx));
    out[2 * r + 1] = float(std::log(vy));
  }
}

double LatentPlane::max_correlation(const float* logvar, size_t n) const {
  std::vector<float> cov;
  project_covariance(logvar, n, cov);
  double worst = 0;
  for (size_t r = 0; r < n; ++r) {
    const double vx = cov[3 * r], vy = cov[3 * r + 1];
    if (vx > 0 && vy > 0) worst = std::max(worst, std::abs(double(cov[3 * r + 2])) / std::sqrt(vx * vy));
  }
  return worst;
}

void LatentPlane::project_covariance(const float* logvar, size_t n, std::vector<float>& out) const {
  out.resize(n * 3);
  for (size_t r = 0; r < n; ++r) {
    const float* lv = logvar + r * size_t(latent);
    double vx = 0, vy = 0, cxy = 0;
    for (size_t i = 0; i < size_t(latent); ++i) {
      const double s2 = std::exp(double(lv[i]));
      vx += double(u[i]) * u[i] * s2;
      vy += double(v[i]) * v[i] * s2;
      cxy += double(u[i]) * v[i] * s2;
    }
    out[3 * r] = float(vx);
    out[3 * r + 1] = float(vy);
    out[3 * r + 2] = one_dim ? 0.f : float(cxy);
  }
}

std::vector<float> LatentPlane::grid(int cols, int rows, const LatentBox& box) const {
  std::vector<float> z(size_t(std::max(cols, 0)) * size_t(std::max(rows, 0)) * size_t(latent));
  // box_grid's arithmetic, so a slice's grid is the one the maps decoded before planes.
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const float x = float(box.x0 + (c + 0.5) / cols * (box.x1 - box.x0));
      const float y = float(box.y0 + (1.0 - (r + 0.5) / rows) * (box.y1 - box.y0));
      lift(x, y, z.data() + (size_t(r) * size_t(cols) + size_t(c)) * size_t(latent));
    }
  return z;
}

void LatentPlane::prior_center(float& x, float& y) const {
  const std::vector<float> zero(size_t(latent), 0.f);
  project(zero.data(), x, y);
}

}  // namespace ll
