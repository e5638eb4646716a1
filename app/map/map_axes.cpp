#include "app/map/map_axes.h"

#include <algorithm>

#include "app/widgets/text.h"

namespace app {
namespace {

constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 20);
constexpr ImU32 kAxisZero = IM_COL32(255, 255, 255, 45);
constexpr ImU32 kTickText = IM_COL32(160, 165, 175, 220);
constexpr ImU32 kNameText = IM_COL32(230, 230, 235, 255);

}  // namespace

void MapAxes::grid(ImDrawList* dl, const Xform& xf, const std::string& nx, const std::string& ny, int latent) {
  const ImVec2 c0 = xf.c0, c1(c0.x + xf.side, c0.y + xf.side);
  const float lh = ImGui::GetTextLineHeight();
  const float wx = ImGui::CalcTextSize(nx.c_str()).x;
  labels_.clear();
  const double x_lo = xf.to_x(c0.x), x_hi = xf.to_x(c1.x), y_lo = xf.to_y(c1.y), y_hi = xf.to_y(c0.y);
  const int target = std::max(3, int(xf.side / 70));
  widgets::labelled_ticks(x_lo, x_hi, target, ticks_);
  for (const widgets::Tick& t : ticks_) {
    const float x = xf.to_screen(float(t.value), 0).x;
    dl->AddLine(ImVec2(x, c0.y), ImVec2(x, c1.y), t.value == 0 ? kAxisZero : kGrid);
    const float w = ImGui::CalcTextSize(t.label).x;
    if (x + w / 2 < c1.x - wx - 6) labels_.push_back({ImVec2(x - w / 2, c1.y + 1), t.label});
  }
  widgets::labelled_ticks(y_lo, y_hi, target, ticks_);
  for (const widgets::Tick& t : ticks_) {
    const float y = xf.to_screen(0, float(t.value)).y;
    dl->AddLine(ImVec2(c0.x, y), ImVec2(c1.x, y), t.value == 0 ? kAxisZero : kGrid);
    if (y - lh / 2 > c0.y + lh)
      labels_.push_back({ImVec2(c0.x - 3 - ImGui::CalcTextSize(t.label).x, y - lh / 2), t.label});
  }
  labels_.push_back({ImVec2(c1.x - wx, c1.y + 1), nx, true});
  if (latent > 1) {
    if (!y_name_inside(ny, xf))
      labels_.push_back({ImVec2(c0.x - 3 - ImGui::CalcTextSize(ny.c_str()).x, c0.y), ny, true});
    else
      labels_.push_back({ImVec2(c0.x + 5, c0.y + 3), ny, true, true});
  }
}

bool MapAxes::y_name_inside(const std::string& ny, const Xform& xf) {
  return ImGui::CalcTextSize(ny.c_str()).x > xf.c0.x - ImGui::GetWindowPos().x - 4;
}

void MapAxes::labels(ImDrawList* dl) const {
  for (const Label& l : labels_) {
    if (l.boxed) {
      const ImVec2 sz = ImGui::CalcTextSize(l.text.c_str());
      dl->AddRectFilled(ImVec2(l.pos.x - 3, l.pos.y - 1), ImVec2(l.pos.x + sz.x + 3, l.pos.y + sz.y + 1),
                        IM_COL32(20, 20, 24, 200), 3);
    }
    dl->AddText(l.pos, l.name ? kNameText : kTickText, l.text.c_str());
  }
}

}  // namespace app
