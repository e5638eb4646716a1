#include "app/widgets/colormap.h"

#include <algorithm>

namespace app::widgets {

void colormap_legend(ImDrawList* dl, ColorMap m, ImVec2 p, float w, const char* title, const char* max_label) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 ts = ImGui::CalcTextSize(title), ms = ImGui::CalcTextSize(max_label), zs = ImGui::CalcTextSize("0");
  const float total = ts.x + 6 + zs.x + 4 + w + 4 + ms.x;
  dl->AddRectFilled(ImVec2(p.x - 4, p.y - 2), ImVec2(p.x + total + 4, p.y + h + 2), IM_COL32(20, 20, 24, 190), 3);
  const ImU32 text = IM_COL32(210, 210, 215, 230);
  dl->AddText(p, text, title);
  float x = p.x + ts.x + 6;
  dl->AddText(ImVec2(x, p.y), text, "0");
  x += zs.x + 4;
  constexpr int kSteps = 24;
  for (int k = 0; k < kSteps; ++k) {
    const auto a = colormap(m, float(k) / kSteps), b = colormap(m, float(k + 1) / kSteps);
    const ImU32 ca = IM_COL32(a[0], a[1], a[2], 255), cb = IM_COL32(b[0], b[1], b[2], 255);
    dl->AddRectFilledMultiColor(ImVec2(x + w * k / kSteps, p.y + 2), ImVec2(x + w * (k + 1) / kSteps, p.y + h - 2), ca,
                                cb, cb, ca);
  }
  dl->AddText(ImVec2(x + w + 4, p.y), text, max_label);
}

}  // namespace app::widgets
