#pragma once
// Perceptually uniform colour maps for heatmaps: viridis and magma, interpolated from their
// published ten-colour palettes (matplotlib's, CC0), and a legend bar.
#include <imgui.h>

#include <array>
#include <cstdint>

namespace app::widgets {

enum class ColorMap { Viridis, Magma };
// t in [0, 1] -> RGB.
std::array<uint8_t, 3> colormap(ColorMap m, float t);
// A horizontal bar from 0 to `max_label` at p (width w), with a title before it.
void colormap_legend(ImDrawList* dl, ColorMap m, ImVec2 p, float w, const char* title, const char* max_label);

}  // namespace app::widgets
