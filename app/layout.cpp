#include "app/layout.h"

#include <algorithm>

namespace app {

Layout compute_layout(ImVec2 d, int n_models, int recon_rows) {
  Layout l;
  const float status_h = 28;
  const float body_h = d.y - status_h;
  const float left_w = std::clamp(d.x * 0.2f, 230.f, 300.f);
  const float right_w = std::clamp(d.x * 0.29f, 300.f, 560.f);
  const float centre_x0 = left_w, centre_x1 = d.x - right_w;
  l.status = {ImVec2(0, body_h), ImVec2(d.x, d.y)};
  l.controls = {ImVec2(0, 0), ImVec2(left_w, body_h)};

  // Maps: square canvases plus a title, a header line and the decoded image under them.
  const int n = std::max(1, n_models);
  const float map_w = (centre_x1 - centre_x0) / n;
  const float extra = n > 1 ? 132.f : 40.f;  // the decoded image goes beside a lone map
  const float timeline_h = 30;
  const float map_h = std::clamp((n > 1 ? map_w : map_w - 160) + extra, 200.f, body_h * 0.66f);
  for (int i = 0; i < n; ++i)
    l.maps.push_back({ImVec2(centre_x0 + i * map_w, 0), ImVec2(centre_x0 + (i + 1) * map_w, map_h)});
  l.timeline = {ImVec2(centre_x0, map_h), ImVec2(centre_x1, map_h + timeline_h)};
  l.lower = {ImVec2(centre_x0, map_h + timeline_h), ImVec2(centre_x1, body_h)};

  // Reconstructions: rows of small images, as tall as they need for the column's width.
  const float recon_h = std::clamp(28.f + recon_rows * ((right_w - 60) / 8 + 2) + 12, 120.f, body_h * 0.45f);
  l.curves = {ImVec2(centre_x1, 0), ImVec2(d.x, body_h - recon_h)};
  l.recon = {ImVec2(centre_x1, body_h - recon_h), ImVec2(d.x, body_h)};
  return l;
}

bool begin_fixed_window(const char* title, const Rect& r, ImGuiWindowFlags extra) {
  ImGui::SetNextWindowPos(r.min, ImGuiCond_Always);
  ImGui::SetNextWindowSize(r.size(), ImGuiCond_Always);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  return ImGui::Begin(title, nullptr, flags | extra);
}

}  // namespace app
