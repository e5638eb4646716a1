#include "core/latent/canvas.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace ll {

float brush_coverage(float d, const Brush& b) {
  const float outer = std::max(b.radius, 0.5f);
  const float inner = std::min(std::clamp(b.hardness, 0.f, 1.f) * outer, outer - 0.75f);
  if (d <= inner) return 1.f;
  if (d >= outer) return 0.f;
  const float t = (d - inner) / (outer - inner);
  return 1.f - t * t * (3.f - 2.f * t);  // smoothstep down
}

Canvas::Canvas(int height, int width, int channels) : h_(height), w_(width), c_(channels) {
  if (height <= 0 || width <= 0 || (channels != 1 && channels != 3))
    throw Error("canvas: need H, W > 0 and 1 or 3 channels, got " + std::to_string(height) + "x" +
                std::to_string(width) + "x" + std::to_string(channels));
  px_.assign(size_t(h_) * w_ * c_, 0.f);
  cover_.assign(size_t(h_) * w_, 0.f);
}

bool Canvas::blank() const {
  return std::all_of(px_.begin(), px_.end(), [](float v) { return v <= 1.f / 255.f; });
}

void Canvas::clear() {
  std::fill(px_.begin(), px_.end(), 0.f);
  stroking_ = has_last_ = false;
  ++version_;
}

void Canvas::set_pixels(const uint8_t* bytes) {
  for (size_t i = 0; i < px_.size(); ++i) px_[i] = float(bytes[i]) / 255.f;
  stroking_ = has_last_ = false;
  ++version_;
}

void Canvas::begin_stroke() {
  base_ = px_;
  std::fill(cover_.begin(), cover_.end(), 0.f);
  stroking_ = true;
  has_last_ = false;
}

void Canvas::stroke_to(float x, float y, const Brush& b) {
  if (px_.empty()) return;
  if (!stroking_) begin_stroke();
  if (!std::isfinite(x) || !std::isfinite(y)) return;
  if (has_last_)
    paint_segment(lx_, ly_, x, y, b);
  else
    paint_segment(x, y, x, y, b);
  lx_ = x;
  ly_ = y;
  has_last_ = true;
}

void Canvas::end_stroke() {
  stroking_ = false;
  has_last_ = false;
}

// Coverage of every pixel near the segment from its centre's distance to the segment (a
// capsule), so a stroke is continuous however far the mouse jumped between frames.
void Canvas::paint_segment(float x0, float y0, float x1, float y1, const Brush& b) {
  const float r = std::max(b.radius, 0.5f);
  const int i0 = std::max(0, int(std::floor(std::min(x0, x1) - r - 0.5f)));
  const int i1 = std::min(w_ - 1, int(std::ceil(std::max(x0, x1) + r)));
  const int j0 = std::max(0, int(std::floor(std::min(y0, y1) - r - 0.5f)));
  const int j1 = std::min(h_ - 1, int(std::ceil(std::max(y0, y1) + r)));
  const float dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
  const float opacity = std::clamp(b.opacity, 0.f, 1.f);
  bool changed = false;
  for (int j = j0; j <= j1; ++j)
    for (int i = i0; i <= i1; ++i) {
      const float px = float(i) + 0.5f, py = float(j) + 0.5f;
      float t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0.f;
      t = std::clamp(t, 0.f, 1.f);
      const float ex = px - (x0 + t * dx), ey = py - (y0 + t * dy);
      const float cov = opacity * brush_coverage(std::sqrt(ex * ex + ey * ey), b);
      float& c = cover_[size_t(j) * w_ + i];
      if (cov <= c) continue;
      c = cov;
      for (int k = 0; k < c_; ++k) {
        const size_t p = (size_t(j) * w_ + i) * c_ + k;
        const float target = std::clamp(b.color[k], 0.f, 1.f);
        px_[p] = base_[p] + (target - base_[p]) * c;
      }
      changed = true;
    }
  if (changed) ++version_;
}

void Canvas::to_bytes(std::vector<uint8_t>& out) const {
  out.resize(px_.size());
  for (size_t i = 0; i < px_.size(); ++i) out[i] = uint8_t(std::lround(std::clamp(px_[i], 0.f, 1.f) * 255.f));
}

}  // namespace ll
