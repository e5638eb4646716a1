#include "core/data/synthetic.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/data/seeded_rng.h"

namespace ll::data {
namespace {

constexpr int kSide = 28;
constexpr int kClasses = 10;
const char* const kNames[kClasses] = {"circle", "square",         "triangle",     "cross",    "ring",
                                      "dot",    "horizontal bar", "vertical bar", "diagonal", "X"};

// Signed distances (negative inside) in the shape's own frame, in pixels.
float sd_box(float x, float y, float hx, float hy) {
  float qx = std::abs(x) - hx, qy = std::abs(y) - hy;
  float ox = std::max(qx, 0.0f), oy = std::max(qy, 0.0f);
  return std::sqrt(ox * ox + oy * oy) + std::min(std::max(qx, qy), 0.0f);
}

// Equilateral triangle of half-side r, centred on its centroid (after Inigo Quilez).
float sd_triangle(float x, float y, float r) {
  const float k = std::sqrt(3.0f);
  x = std::abs(x) - r;
  y = y + r / k;
  if (x + k * y > 0.0f) {
    float nx = (x - k * y) * 0.5f, ny = (-k * x - y) * 0.5f;
    x = nx;
    y = ny;
  }
  x -= std::clamp(x, -2.0f * r, 0.0f);
  float d = std::sqrt(x * x + y * y);
  return y > 0.0f ? -d : d;
}

struct Shape {
  int kind;
  float size, thick;  // half-extent and half-thickness, pixels
  float angle;        // radians
  float reach;        // radius of a circle around the centre that holds the whole shape
};

float distance(const Shape& s, float x, float y) {
  switch (s.kind) {
    case 0: case 5: return std::sqrt(x * x + y * y) - s.size;            // circle, dot
    case 1: return sd_box(x, y, s.size, s.size);                          // square
    case 2: return sd_triangle(x, y, s.size);                             // triangle
    case 3: case 9: return std::min(sd_box(x, y, s.size, s.thick),        // cross, X
                                    sd_box(x, y, s.thick, s.size));
    case 4: return std::abs(std::sqrt(x * x + y * y) - s.size) - s.thick;  // ring
    default: return sd_box(x, y, s.size, s.thick);                        // the three bars
  }
}

// Sizes keep every class recognisable at 28x28; rotations are jittered only as far as keeps
// the bars, the cross and the X distinct from one another.
Shape random_shape(int kind, SeededRng& rng) {
  constexpr float deg = std::numbers::pi_v<float> / 180.0f;
  auto u = [&](double lo, double hi) { return float(rng.uniform(lo, hi)); };
  Shape s{kind, 0, 0, 0, 0};
  switch (kind) {
    case 0: s.size = u(5, 10); s.reach = s.size; break;
    case 1: s.size = u(4, 8); s.angle = u(-20, 20) * deg; s.reach = s.size * std::numbers::sqrt2_v<float>; break;
    case 2: s.size = u(5.5, 10); s.angle = u(0, 360) * deg; s.reach = s.size * 2.0f / std::sqrt(3.0f); break;
    case 3: s.size = u(5, 10); s.thick = u(1.0, 2.0); s.angle = u(-15, 15) * deg; break;
    case 4: s.size = u(5, 10); s.thick = u(0.8, 1.6); s.reach = s.size + s.thick; break;
    case 5: s.size = u(1.5, 3); s.reach = s.size; break;
    case 6: s.size = u(6, 11); s.thick = u(1.2, 2.5); s.angle = u(-10, 10) * deg; break;
    case 7: s.size = u(6, 11); s.thick = u(1.2, 2.5); s.angle = (90 + u(-10, 10)) * deg; break;
    case 8: s.size = u(6, 11); s.thick = u(1.2, 2.5); s.angle = (45 + u(-10, 10)) * deg; break;
    case 9: s.size = u(5, 10); s.thick = u(1.0, 2.0); s.angle = (45 + u(-10, 10)) * deg; break;
  }
  if (s.reach == 0) s.reach = std::sqrt(s.size * s.size + s.thick * s.thick);
  return s;
}

// One 28x28 image into `px` (zeroed by the caller).
void draw(int kind, SeededRng& rng, uint8_t* px) {
  Shape s = random_shape(kind, rng);
  // Keep the whole shape, plus its one-pixel anti-aliased rim, on the canvas.
  float lo = s.reach + 1.0f, hi = kSide - s.reach - 1.0f;
  float cx = lo < hi ? float(rng.uniform(lo, hi)) : kSide * 0.5f;
  float cy = lo < hi ? float(rng.uniform(lo, hi)) : kSide * 0.5f;
  float peak = float(170 + rng.below(86));
  float c = std::cos(s.angle), sn = std::sin(s.angle);
  // Only the bounding square of the reach circle can be non-zero: about a third of the
  // canvas on average, so most pixels are never evaluated and a synthetic set is made in a
  // fraction of a second.
  int x0 = std::max(0, int(cx - s.reach - 1.5f)), x1 = std::min(kSide - 1, int(cx + s.reach + 1.5f));
  int y0 = std::max(0, int(cy - s.reach - 1.5f)), y1 = std::min(kSide - 1, int(cy + s.reach + 1.5f));
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      float dx = x + 0.5f - cx, dy = y + 0.5f - cy;
      float u = c * dx + sn * dy, v = -sn * dx + c * dy;  // into the shape's frame
      // Coverage from the signed distance: a one-pixel-wide ramp across the edge.
      float cover = std::clamp(0.5f - distance(s, u, v), 0.0f, 1.0f);
      px[y * kSide + x] = uint8_t(cover * peak + 0.5f);
    }
}

Split make_split(size_t count, uint64_t seed, uint64_t split_id) {
  Split sp;
  sp.count = count;
  sp.pixels.assign(count * kSide * kSide, 0);
  sp.labels.resize(count);
  for (size_t i = 0; i < count; ++i) {
    int kind = int(i % kClasses);
    SeededRng rng(seed, (split_id << 40) ^ i);
    draw(kind, rng, sp.pixels.data() + i * kSide * kSide);
    sp.labels[i] = kind;
  }
  return sp;
}

}  // namespace

Dataset make_synthetic(size_t train_count, size_t test_count, uint64_t seed) {
  Dataset ds;
  ds.name = "Synthetic shapes";
  ds.height = ds.width = kSide;
  ds.channels = 1;
  ds.train = make_split(train_count, seed, 1);
  ds.test = make_split(test_count, seed, 2);
  ds.class_names.assign(kNames, kNames + kClasses);
  return ds;
}

}  // namespace ll::data
