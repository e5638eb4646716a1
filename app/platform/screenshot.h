#pragma once
// PNG files of the window or of a region of it (stb_image_write; libstb has the code).
#include <string>

#include "app/platform/window.h"

namespace app {

// Writes `img` (or the part x0..x1, y0..y1 of it, in framebuffer pixels, clamped) as PNG.
// Returns false and fills `error` when the file cannot be written or the region is empty.
bool write_png(const std::string& path, const RgbImage& img, std::string& error);
bool write_png_region(const std::string& path, const RgbImage& img, int x0, int y0, int x1,
                      int y1, std::string& error);

}  // namespace app
