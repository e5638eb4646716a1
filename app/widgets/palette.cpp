#include "app/widgets/palette.h"

#include <algorithm>

namespace app::widgets {

namespace {
constexpr ImU32 kTableau10[10] = {
    IM_COL32(78, 121, 167, 255),  IM_COL32(242, 142, 43, 255), IM_COL32(225, 87, 89, 255),
    IM_COL32(118, 183, 178, 255), IM_COL32(89, 161, 79, 255),  IM_COL32(237, 201, 72, 255),
    IM_COL32(176, 122, 161, 255), IM_COL32(255, 157, 167, 255), IM_COL32(156, 117, 95, 255),
    IM_COL32(186, 176, 172, 255),
};
ImU32 with_alpha(ImU32 c, int alpha) {
  return (c & ~IM_COL32_A_MASK) | (ImU32(alpha & 255) << IM_COL32_A_SHIFT);
}
}  // namespace

ImU32 class_color(int cls, int alpha) {
  if (cls < 0) return IM_COL32(200, 200, 200, alpha);
  return with_alpha(kTableau10[cls % 10], alpha);
}

ImU32 arm_color(bool is_vae, int arm_index, int alpha) {
  if (!is_vae) return IM_COL32(255, 150, 60, alpha);
  return arm_index == 0 ? IM_COL32(90, 170, 255, alpha) : IM_COL32(110, 210, 110, alpha);
}

int class_legend(const std::vector<std::string>& names, float max_width, int highlighted) {
  int hovered = -1;
  const float h = ImGui::GetTextLineHeight();
  const float sw = h * 0.7f;
  const float gap = ImGui::GetStyle().ItemSpacing.x * 2;
  float line_w = 0;
  for (int i = 0; i < int(names.size()); ++i) {
    const float w = sw + 4 + ImGui::CalcTextSize(names[i].c_str()).x;
    if (i > 0 && line_w + gap + w <= max_width) {
      ImGui::SameLine(0, gap);
      line_w += gap + w;
    } else {
      line_w = w;
    }
    const bool dim = highlighted >= 0 && highlighted != i;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + (h - sw) / 2),
                                              ImVec2(p.x + sw, p.y + (h + sw) / 2),
                                              class_color(i, dim ? 90 : 255));
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(sw, h));
    ImGui::SameLine(0, 4);
    if (dim)
      ImGui::TextDisabled("%s", names[i].c_str());
    else
      ImGui::TextUnformatted(names[i].c_str());
    ImGui::EndGroup();
    if (ImGui::IsItemHovered()) hovered = i;
  }
  return hovered;
}

}  // namespace app::widgets
