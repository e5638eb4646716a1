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

// A wrapped row of "■ name" items. Returns the index hovered (−1 none).
int class_legend(const std::vector<std::string>& names, float max_width, int highlighted);

}  // namespace app::widgets
