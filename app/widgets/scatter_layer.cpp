#include "app/widgets/scatter_layer.h"

#include <algorithm>
#include <cmath>

namespace app::widgets {

void ScatterLayer::begin(int width, int height) {
  w_ = std::max(1, width);
  h_ = std::max(1, height);
  px_.assign(size_t(w_) * h_, 0u);
  tiles_x_ = (w_ + kTile - 1) / kTile;
  tiles_y_ = (h_ + kTile - 1) / kTile;
  used_.assign(size_t(tiles_x_) * tiles_y_, 0);
}

// "Over" compositing in straight (not premultiplied) alpha, as ImGui's shader expects.
void ScatterLayer::blend(int x, int y, ImU32 s) {
  if (x < 0 || y < 0 || x >= w_ || y >= h_) return;
  used_[size_t(y / kTile) * tiles_x_ + x / kTile] = 1;
  uint32_t& d = px_[size_t(y) * w_ + x];
  const uint32_t sa = s >> 24;
  if (sa == 255 || d == 0) {
    d = s;
    return;
  }
  const uint32_t da = d >> 24;
  const uint32_t dw = da * (255 - sa) / 255;  // the destination's remaining weight
  const uint32_t oa = sa + dw;
  if (oa == 0) return;
  uint32_t out = oa << 24;
  for (int shift = 0; shift < 24; shift += 8) {
    const uint32_t cs = (s >> shift) & 255, cd = (d >> shift) & 255;
    out |= ((cs * sa + cd * dw) / oa) << shift;
  }
  d = out;
}

void ScatterLayer::dot(float x, float y, ImU32 color, int size) {
  const int x0 = int(std::floor(x - size * 0.5f + 0.5f)), y0 = int(std::floor(y - size * 0.5f + 0.5f));
  for (int j = 0; j < size; ++j)
    for (int i = 0; i < size; ++i) blend(x0 + i, y0 + j, color);
}

void ScatterLayer::ring(float cx, float cy, float rx, float ry, ImU32 color) {
  const float perimeter = 6.2832f * std::sqrt(0.5f * (rx * rx + ry * ry));
  const int n = std::clamp(int(perimeter / 2.f), 8, 256);
  for (int k = 0; k < n; ++k) {
    const float t = float(k) * 6.2831853f / float(n);
    blend(int(std::lround(cx + rx * std::cos(t))), int(std::lround(cy + ry * std::sin(t))), color);
  }
}

void ScatterLayer::upload() {
  tex_.upload(reinterpret_cast<const uint8_t*>(px_.data()), w_, h_, 4, false);
}

void ScatterLayer::draw(ImDrawList* dl, ImVec2 origin) const {
  if (!tex_.valid()) return;
  const float W = float(w_), H = float(h_);
  for (int ty = 0; ty < tiles_y_; ++ty)
    for (int tx = 0; tx < tiles_x_; ++tx) {
      if (!used_[size_t(ty) * tiles_x_ + tx]) continue;
      // Merge a run of used tiles in this row into one quad.
      int end = tx + 1;
      while (end < tiles_x_ && used_[size_t(ty) * tiles_x_ + end]) ++end;
      const float x0 = float(tx * kTile), x1 = std::min(W, float(end * kTile));
      const float y0 = float(ty * kTile), y1 = std::min(H, float((ty + 1) * kTile));
      dl->AddImage(tex_.imgui_id(), ImVec2(origin.x + x0, origin.y + y0), ImVec2(origin.x + x1, origin.y + y1),
                   ImVec2(x0 / W, y0 / H), ImVec2(x1 / W, y1 / H));
      tx = end - 1;
    }
}

}  // namespace app::widgets
