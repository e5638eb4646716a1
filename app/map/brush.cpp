#include "app/map/brush.h"

#include <algorithm>

namespace app {

bool Brush::handle(const ll::Snapshot& s, size_t arm, const MapPlane& plane, const Xform& xf, GlPointsLayer& codes,
                   Selection& selection, Events& events) {
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 m = io.MousePos;
  if (!active_ && io.KeyShift && ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    active_ = true;
    rect_ = io.KeyAlt;
    path_.assign(rect_ ? 2 : 1, ll::Point2{xf.to_x(m.x), xf.to_y(m.y)});
    last_ = m;
  }
  if (!active_) return false;
  const float px = std::clamp(m.x, xf.c0.x, xf.c0.x + xf.side);
  const float py = std::clamp(m.y, xf.c0.y, xf.c0.y + xf.side);
  const ll::Point2 here{xf.to_x(px), xf.to_y(py)};
  if (rect_) {
    path_[1] = here;
  } else if ((px - last_.x) * (px - last_.x) + (py - last_.y) * (py - last_.y) >= 9.f) {
    // A vertex every 3 pixels: enough for a hand-drawn outline, few enough to test fast.
    path_.push_back(here);
    last_ = ImVec2(px, py);
  }
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    finish(s, arm, plane, codes, selection, events);
    active_ = false;
    path_.clear();
  }
  return true;
}

void Brush::finish(const ll::Snapshot& s, size_t arm, const MapPlane& plane, GlPointsLayer& codes,
                   Selection& selection, Events& events) {
  if (arm >= s.arms.size() || !s.data) return;
  const ll::Split& test = s.data->test.count ? s.data->test : s.data->train;
  // xy: (n, 2) codes on the map's plane.
  auto take = [&](const float* xy, size_t n) {
    return rect_ ? ll::codes_in_rect(xy, n, 2, 0, 1, path_[0], path_[1]) : ll::codes_in_polygon(xy, n, 2, 0, 1, path_);
  };
  std::vector<uint32_t> images;
  if (codes.ready(s)) {
    // Every test code the GPU layer draws (its training codes are not test images).
    const MapCodes& c = *codes.codes();
    const std::vector<float>& xy = codes.projected(plane.of(arm), plane.projection_id(arm));
    for (uint32_t r : take(xy.data(), std::min(c.test_count, xy.size() / 2))) images.push_back(c.index[r]);
  } else {
    const std::vector<float>& xy = plane.xy(arm);
    for (uint32_t r : take(xy.data(), xy.size() / 2)) images.push_back(s.code_index[r]);
  }
  selection.set(std::move(images), test.count, s.arms[arm].name, rect_ ? "rectangle" : "lasso");
  events.say("SELECTED map=%s n=%zu tool=%s", selection.map().c_str(), selection.images().size(),
             selection.tool().c_str());
}

void Brush::draw(ImDrawList* dl, const Xform& xf) const {
  if (!active_ || path_.empty()) return;
  const ImU32 line = IM_COL32(255, 255, 255, 230), fill = IM_COL32(255, 255, 255, 28);
  if (rect_) {
    const ImVec2 a = xf.to_screen(path_[0].x, path_[0].y), b = xf.to_screen(path_[1].x, path_[1].y);
    const ImVec2 lo(std::min(a.x, b.x), std::min(a.y, b.y)), hi(std::max(a.x, b.x), std::max(a.y, b.y));
    dl->AddRectFilled(lo, hi, fill);
    dl->AddRect(lo, hi, line, 0, 0, 1.5f);
    return;
  }
  std::vector<ImVec2> pts;
  pts.reserve(path_.size());
  for (const ll::Point2& p : path_) pts.push_back(xf.to_screen(p.x, p.y));
  dl->AddPolyline(pts.data(), int(pts.size()), line, 0, 1.5f);
  // The edge that release will close, fainter.
  if (pts.size() > 2) dl->AddLine(pts.back(), pts.front(), IM_COL32(255, 255, 255, 110), 1.f);
}

}  // namespace app
