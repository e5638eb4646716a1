#pragma once
// The fixed arrangement of the panels, computed from the window size every frame (ImGui 1.86
// as Debian ships it has no docking): Controls on the left; the latent maps side by side in
// the centre, the timeline under them and under that the tabs (Interpolation | Draw |
// Collapse); curves and reconstructions on the right; the status bar along the bottom.
#include <imgui.h>

#include <vector>

namespace app {

struct Rect {
  ImVec2 min, max;
  ImVec2 size() const { return ImVec2(max.x - min.x, max.y - min.y); }
};

struct Layout {
  Rect controls, curves, recon, timeline, lower, status;
  std::vector<Rect> maps;  // one per model, left to right
};

Layout compute_layout(ImVec2 display, int n_models, int recon_rows);

// Begins a borderless-docked-looking window fixed at r. End with ImGui::End().
bool begin_fixed_window(const char* title, const Rect& r, ImGuiWindowFlags extra = 0);

}  // namespace app
