#pragma once
// The window's icon, drawn by code (no file to find at run time): two clouds of dots, the
// VAE's blue one filled and round, the AE's orange one scattered, on a dark square.
#include <cstdint>
#include <vector>

namespace app {

// size × size RGBA pixels, top row first (what glfwSetWindowIcon takes).
std::vector<uint8_t> window_icon_pixels(int size);

}  // namespace app
