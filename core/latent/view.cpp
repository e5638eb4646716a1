#include "core/latent/view.h"

#include <algorithm>
#include <cmath>

namespace ll {

std::vector<int> dims_by_score(const std::vector<double>& score) {
  std::vector<int> order(score.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
  // NaN scores sort last: a dimension whose KL is unknown is no reason to show it.
  auto key = [&](int i) { return std::isfinite(score[i]) ? score[i] : -INFINITY; };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) > key(b); });
  return order;
}

std::array<int, 2> top_two_dims(const std::vector<double>& score) {
  if (score.empty()) return {0, 1};
  if (score.size() == 1) return {0, 0};
  const std::vector<int> order = dims_by_score(score);
  return {order[0], order[1]};
}

std::vector<double> code_variance(const float* codes, size_t n, int latent) {
  std::vector<double> mean(latent, 0.0), var(latent, 0.0);
  if (n == 0) return var;
  for (size_t i = 0; i < n; ++i)
    for (int j = 0; j < latent; ++j) mean[j] += codes[i * latent + j];
  for (double& m : mean) m /= double(n);
  for (size_t i = 0; i < n; ++i)
    for (int j = 0; j < latent; ++j) {
      const double d = codes[i * latent + j] - mean[j];
      var[j] += d * d;
    }
  for (double& v : var) v /= double(n);
  return var;
}

namespace {
// The q-quantile of one column, by partial sort of a copy (n is a few thousand at most).
float column_quantile(std::vector<float>& col, double q) {
  const size_t k = std::min(col.size() - 1, size_t(std::llround(q * double(col.size() - 1))));
  std::nth_element(col.begin(), col.begin() + k, col.end());
  return col[k];
}
}  // namespace

LatentBox quantile_box(const float* codes, size_t n, int latent, int dx, int dy, double q,
                       double margin) {
  LatentBox b{-3, 3, -3, 3};
  std::vector<float> xs, ys;
  xs.reserve(n);
  ys.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const float x = codes[i * latent + dx], y = codes[i * latent + dy];
    if (std::isfinite(x) && std::isfinite(y)) {
      xs.push_back(x);
      ys.push_back(y);
    }
  }
  if (xs.empty()) return b;
  q = std::clamp(q, 0.0, 0.5);
  b.x0 = column_quantile(xs, q);
  b.x1 = column_quantile(xs, 1 - q);
  b.y0 = column_quantile(ys, q);
  b.y1 = column_quantile(ys, 1 - q);
  const float mx = float(margin) * std::max(b.width(), 1e-3f), my = float(margin) * std::max(b.height(), 1e-3f);
  b.x0 -= mx;
  b.x1 += mx;
  b.y0 -= my;
  b.y1 += my;
  if (b.width() < 1e-3f) b.x0 -= 5e-4f, b.x1 += 5e-4f;
  if (b.height() < 1e-3f) b.y0 -= 5e-4f, b.y1 += 5e-4f;
  return b;
}

Nearest nearest_code(const float* codes, size_t n, int latent, int dx, int dy, float x, float y) {
  Nearest best{-1, INFINITY};
  float best_d2 = INFINITY;
  for (size_t i = 0; i < n; ++i) {
    const float ex = codes[i * latent + dx] - x, ey = codes[i * latent + dy] - y;
    const float d2 = ex * ex + ey * ey;
    if (d2 < best_d2) {
      best_d2 = d2;
      best.index = int(i);
    }
  }
  if (best.index >= 0) best.distance = std::sqrt(best_d2);
  return best;
}

LatentBox union_box(const LatentBox& a, const LatentBox& b) {
  return {std::min(a.x0, b.x0), std::max(a.x1, b.x1), std::min(a.y0, b.y0), std::max(a.y1, b.y1)};
}

}  // namespace ll
