#include "core/latent/selection.h"

#include <algorithm>
#include <cmath>

namespace ll {

bool point_in_polygon(float x, float y, const std::vector<Point2>& p) {
  const size_t n = p.size();
  if (n < 3) return false;
  bool inside = false;
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    // The edge (j, i) straddles the horizontal line through y (half-open, so a vertex on the
    // line counts once), and the crossing lies right of x.
    if ((p[i].y > y) != (p[j].y > y)) {
      const float cross = p[j].x + (y - p[j].y) * (p[i].x - p[j].x) / (p[i].y - p[j].y);
      if (x < cross) inside = !inside;
    }
  }
  return inside;
}

std::vector<uint32_t> codes_in_polygon(const float* codes, size_t n, int latent, int dx, int dy,
                                       const std::vector<Point2>& polygon) {
  std::vector<uint32_t> out;
  if (polygon.size() < 3 || !codes || latent <= 0) return out;
  Point2 lo = polygon[0], hi = polygon[0];
  for (const Point2& q : polygon) {
    lo.x = std::min(lo.x, q.x), lo.y = std::min(lo.y, q.y);
    hi.x = std::max(hi.x, q.x), hi.y = std::max(hi.y, q.y);
  }
  for (size_t i = 0; i < n; ++i) {
    const float x = codes[i * latent + dx], y = codes[i * latent + dy];
    // NaN fails every comparison, so it never passes the box.
    if (!(x >= lo.x && x <= hi.x && y >= lo.y && y <= hi.y)) continue;
    if (point_in_polygon(x, y, polygon)) out.push_back(uint32_t(i));
  }
  return out;
}

std::vector<uint32_t> codes_in_rect(const float* codes, size_t n, int latent, int dx, int dy, Point2 a,
                                    Point2 b) {
  std::vector<uint32_t> out;
  if (!codes || latent <= 0) return out;
  const float x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x);
  const float y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
  for (size_t i = 0; i < n; ++i) {
    const float x = codes[i * latent + dx], y = codes[i * latent + dy];
    if (x >= x0 && x <= x1 && y >= y0 && y <= y1) out.push_back(uint32_t(i));
  }
  return out;
}

}  // namespace ll
