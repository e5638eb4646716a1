#include "app/platform/screenshot.h"

#include <stb/stb_image_write.h>

#include <algorithm>

namespace app {

bool write_png(const std::string& path, const RgbImage& img, std::string& error) {
  return write_png_region(path, img, 0, 0, img.width, img.height, error);
}

bool write_png_region(const std::string& path, const RgbImage& img, int x0, int y0, int x1,
                      int y1, std::string& error) {
  x0 = std::clamp(x0, 0, img.width);
  x1 = std::clamp(x1, 0, img.width);
  y0 = std::clamp(y0, 0, img.height);
  y1 = std::clamp(y1, 0, img.height);
  if (x1 <= x0 || y1 <= y0) {
    error = path + ": empty region";
    return false;
  }
  const int stride = img.width * 3;
  const uint8_t* first = img.pixels.data() + size_t(y0) * stride + size_t(x0) * 3;
  if (!stbi_write_png(path.c_str(), x1 - x0, y1 - y0, 3, first, stride)) {
    error = path + ": could not write the PNG (does the folder exist and is it writable?)";
    return false;
  }
  return true;
}

}  // namespace app
