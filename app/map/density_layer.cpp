#include "app/map/density_layer.h"

#include <cmath>
#include <cstdio>
#include <utility>

#include "app/widgets/colormap.h"

namespace app {

void DensityLayer::draw(ImDrawList* dl, const MapCodes& c, uint64_t codes_id, bool vae, uint64_t plane_id,
                        uint64_t family, const Xform& xf, bool legend_down) {
  if (c.density_grid <= 0 || c.family != family || c.density_max <= 0) return;
  const bool earlier = c.plane_id != plane_id;
  const int G = c.density_grid;
  if (codes_id != built_id_ || !texture_.valid()) {
    built_id_ = codes_id;
    max_ = c.density_max;
    rgba_.resize(size_t(G) * G * 4);
    for (size_t i = 0; i < size_t(G) * G; ++i) {
      // A square root spreads the colours over the tails, where the holes are; the alpha
      // fades the emptiest places out so the manifold under them still shows.
      const float t = std::sqrt(std::max(0.f, c.density[i]) / max_);
      const auto rgb = widgets::colormap(widgets::ColorMap::Viridis, t);
      uint8_t* px = rgba_.data() + i * 4;
      px[0] = rgb[0], px[1] = rgb[1], px[2] = rgb[2];
      px[3] = uint8_t(std::lround(255 * std::min(1.f, 0.35f + 2.f * t) * 0.88f));
    }
    texture_.upload(rgba_.data(), G, G, 4, true);
  }
  const ll::LatentBox& b = c.density_box;
  dl->AddImage(texture_.imgui_id(), xf.to_screen(b.x0, b.y1), xf.to_screen(b.x1, b.y0));
  legend_pos_ = ImVec2(xf.c0.x + 6, xf.c0.y + 5 + (legend_down ? ImGui::GetTextLineHeight() + 6 : 0));
  legend_title_ = earlier ? (vae ? "q(z), earlier fit" : "density, earlier fit") : vae ? "q(z)" : "code density";
  legend_due_ = true;
}

void DensityLayer::draw_legend(ImDrawList* dl) {
  if (!std::exchange(legend_due_, false)) return;
  char max_label[32];
  std::snprintf(max_label, sizeof max_label, "%.3g", max_);
  widgets::colormap_legend(dl, widgets::ColorMap::Viridis, legend_pos_, 70, legend_title_, max_label);
}

}  // namespace app
