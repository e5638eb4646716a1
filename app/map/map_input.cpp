#include "app/map/map_input.h"

#include <algorithm>

#include "core/latent/view.h"

namespace app {

void MapInput::handle(const ll::Snapshot& s, size_t arm, const MapPlane& plane, const Xform& xf, MapCamera& camera,
                      Cursor& cursor, MapPicks& picks) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 m = io.MousePos;
  if (hovered && io.MouseWheel != 0.f) camera.zoom(xf, m, io.MouseWheel);
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Right, 0.f)) {
    camera.pan(io.MouseDelta);
    dragged_ = true;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) camera.fit();

  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    const std::vector<float>& xy = plane.xy(arm);
    const ll::Nearest near = ll::nearest_code(xy.data(), xy.size() / 2, 2, 0, 1, xf.to_x(m.x), xf.to_y(m.y));
    const bool on_point = near.index >= 0 && near.distance * xf.scale <= kPickRadius;
    if (picks.armed != Pick::None) {
      Endpoint e{on_point, on_point ? near.index : 0, xf.to_x(m.x), xf.to_y(m.y)};
      switch (picks.armed) {
        case Pick::InterpA: picks.a = e; picks.armed = Pick::InterpB; break;
        case Pick::InterpB: picks.b = e; picks.armed = Pick::None; break;
        case Pick::SliceBase:
          if (on_point) {
            picks.slice_base = near.index;
            picks.armed = Pick::None;
          }
          break;
        case Pick::Canvas:
          if (on_point) {
            picks.canvas = int(s.code_index[size_t(near.index)]);
            picks.armed = Pick::None;
          }
          break;
        case Pick::None: break;
      }
    } else {
      dragging_ = true;
      press_image_ = on_point ? near.index : -1;
      press_pos_ = m;
    }
  }
  // A click on a dot (pressed and let go in place) pins its image as the next interpolation
  // end, A and B in turn; a press that moves is a cursor drag.
  if (press_image_ >= 0) {
    const float dx = m.x - press_pos_.x, dy = m.y - press_pos_.y;
    if (dx * dx + dy * dy > 16.f) {
      press_image_ = -1;
    } else if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
      picks.pin = press_image_;
      press_image_ = -1;
    }
  }
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging_ = false, press_image_ = -1;
  if (dragging_) {
    const float px = std::clamp(m.x, xf.c0.x, xf.c0.x + xf.side);
    const float py = std::clamp(m.y, xf.c0.y, xf.c0.y + xf.side);
    cursor.xy[0] = xf.to_x(px);
    cursor.xy[1] = xf.to_y(py);
    dragged_ = true;
  }
}

}  // namespace app
