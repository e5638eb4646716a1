#pragma once
// Colours with meaning: ten categorical class colours (Tableau 10, distinguishable on the
// dark background and for most colour-vision deficiencies), and one colour per model arm.
#include <imgui.h>

#include <string>
#include <vector>

namespace app::widgets {

ImU32 class_color(int cls, int alpha = 255);
// By arm kind and position: VAE blue, AE orange, a second VAE green.
ImU32 arm_color(bool is_vae, int arm_index, int alpha = 255);

// Viridis (perceptually uniform, readable in grey and for colour-vision deficiencies) at t in
// [0, 1] as RGB bytes: the colour map of density heatmaps (the posterior overlay).
void viridis(float t, unsigned char rgb[3]);

// A wrapped row of "■ name" items. Returns the index hovered (−1 none).
int class_legend(const std::vector<std::string>& names, float max_width, int highlighted);

}  // namespace app::widgets
