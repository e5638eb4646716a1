#pragma once
// Which codes a brush on a latent map takes: a lasso (free polygon) or a rectangle drawn in
// the map's two latent dimensions. The app brushes every test code a map draws (10,000 and
// more), on release only, so a plain pass with a bounding-box test first is fast enough
// (~0.2 ms for 10,000 codes and a 100-vertex lasso).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ll {

struct Point2 {
  float x = 0, y = 0;
};

// Even-odd rule: a point is inside when a ray from it crosses the polygon's edges an odd
// number of times, so a lasso that crosses itself selects what a person sees enclosed once.
// The polygon closes by itself (last vertex back to the first); fewer than 3 vertices hold
// nothing.
bool point_in_polygon(float x, float y, const std::vector<Point2>& polygon);

// codes: (n, latent) row-major; dx, dy: the map's dimensions -> the rows whose (dx, dy) lie in
// the polygon, ascending. Rows with a non-finite coordinate are never inside.
std::vector<uint32_t> codes_in_polygon(const float* codes, size_t n, int latent, int dx, int dy,
                                       const std::vector<Point2>& polygon);

// The same for the axis-aligned rectangle with corners a and b (in either order), edges
// included.
std::vector<uint32_t> codes_in_rect(const float* codes, size_t n, int latent, int dx, int dy, Point2 a,
                                    Point2 b);

}  // namespace ll
