#pragma once
// Perceptually uniform colour maps for heatmaps: viridis and magma, interpolated from their
// published ten-colour palettes (matplotlib's, CC0). The palettes ship as tables in
// assets/colormaps/ (read at start-up by load_colormap); the same ten colours are built in,
// so a missing or bad table changes nothing a person sees but the message. Plain C++ (no
// ImGui), so the unit tests link it.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace app::widgets {

enum class ColorMap { Viridis, Magma };
// Replaces a palette by the table in `file` (lines "RRGGBB", low to high, 2 to 256 of them;
// '#' starts a comment). Call it at start-up only, before any thread draws: the palettes are
// read without a lock afterwards. Returns "" or what is wrong (file, line, what was
// expected), and then the palette stays as it was.
std::string load_colormap(ColorMap m, const std::string& file);
// The palette now in use, low to high, 0xRRGGBB.
const std::vector<uint32_t>& colormap_stops(ColorMap m);
// t in [0, 1] -> RGB.
std::array<uint8_t, 3> colormap(ColorMap m, float t);

}  // namespace app::widgets
