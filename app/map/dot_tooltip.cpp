#include "app/map/dot_tooltip.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/codes.h"
#include "app/map/map_input.h"
#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "core/latent/view.h"

namespace app {

void dot_tooltip(const ll::Snapshot& s, size_t arm, const Slice& slice, const Xform& xf, const TestImages& thumbs,
                 Pick armed, int next_pin, LinkedHover& hover) {
  if (!ImGui::IsItemHovered()) return;
  const ll::ArmSnapshot& A = s.arms[arm];
  const int L = s.config.model.latent;
  const int d0 = slice.dims[0], d1 = slice.dims[1];
  const size_t n = std::min(s.code_index.size(), A.codes_mu.size() / size_t(L));
  const ImVec2 m = ImGui::GetIO().MousePos;
  const ll::Nearest near = ll::nearest_code(A.codes_mu.data(), n, L, d0, d1, xf.to_x(m.x), xf.to_y(m.y));
  if (near.index < 0 || near.distance * xf.scale > kPickRadius) return;
  hover.post(near.index, int(arm));  // the other maps ring the same image next frame
  const float* mu = A.codes_mu.data() + size_t(near.index) * L;
  ImGui::GetWindowDrawList()->AddCircle(xf.to_screen(mu[d0], mu[d1]), 5.f, IM_COL32(255, 255, 255, 255), 12, 1.5f);
  ImGui::BeginTooltip();
  const ImageAtlas& at = thumbs.atlas();
  if (at.valid() && near.index < at.count) {
    ImVec2 uv0, uv1;
    at.uv(near.index, uv0, uv1);
    ImGui::Image(at.texture.imgui_id(), ImVec2(112, 112), uv0, uv1);
  }
  const int cls = class_of(s, near.index);
  if (cls >= 0 && s.data && size_t(cls) < s.data->class_names.size())
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::class_color(cls)), "%s", s.data->class_names[cls].c_str());
  ImGui::Text("test image #%u", unsigned(s.code_index[near.index]));
  // Where each model puts this image (the ringed dot on the other maps).
  for (size_t k = 0; k < s.arms.size(); ++k) {
    const float* c = code_of(s, k, near.index);
    if (!c) continue;
    const bool vae = s.arms[k].arm.kind == ll::ModelKind::Vae;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(vae, int(k))), "%s", widgets::arm_label(s.config, k).c_str());
    ImGui::SameLine();
    ImGui::Text("%s (%.2f, %.2f)", vae ? "μ =" : "z =", c[d0], c[d1]);
    if (vae && s.arms[k].codes_logvar.size() >= (size_t(near.index) + 1) * L) {
      const float* lv = s.arms[k].codes_logvar.data() + size_t(near.index) * L;
      ImGui::SameLine();
      ImGui::TextDisabled("σ = (%.2f, %.2f)", std::exp(0.5f * lv[d0]), std::exp(0.5f * lv[d1]));
    }
  }
  if (armed == Pick::None) ImGui::TextDisabled("click: interpolate from here (end %c)", next_pin == 0 ? 'A' : 'B');
  ImGui::EndTooltip();
}

}  // namespace app
