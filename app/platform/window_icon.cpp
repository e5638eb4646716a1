#include "app/platform/window_icon.h"

#include <algorithm>
#include <cmath>

namespace app {

std::vector<uint8_t> window_icon_pixels(int size) {
  std::vector<uint8_t> px(size_t(size) * size * 4);
  const float s = float(size);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const float u = (x + 0.5f) / s, v = (y + 0.5f) / s;
      float r = 0.11f, g = 0.12f, b = 0.15f;
      // The VAE: a soft Gaussian blob, left; the AE: three tight clusters, right.
      const float dv = std::hypot(u - 0.36f, v - 0.55f) / 0.2f;
      const float wv = std::exp(-dv * dv);
      r += wv * (0.30f - r), g += wv * (0.55f - g), b += wv * (0.95f - b);
      const float cx[3] = {0.70f, 0.80f, 0.64f}, cy[3] = {0.28f, 0.48f, 0.72f};
      for (int k = 0; k < 3; ++k) {
        const float d = std::hypot(u - cx[k], v - cy[k]) / 0.07f;
        const float w = std::exp(-d * d);
        r += w * (1.0f - r), g += w * (0.60f - g), b += w * (0.20f - b);
      }
      // Rounded corners: transparent outside a radius of 0.18 of the side.
      const float qx = std::max(0.f, std::abs(u - 0.5f) - 0.32f), qy = std::max(0.f, std::abs(v - 0.5f) - 0.32f);
      const float alpha = std::clamp((0.18f - std::hypot(qx, qy)) * s, 0.f, 1.f);
      uint8_t* p = px.data() + (size_t(y) * size + x) * 4;
      p[0] = uint8_t(255 * r), p[1] = uint8_t(255 * g), p[2] = uint8_t(255 * b), p[3] = uint8_t(255 * alpha);
    }
  return px;
}

}  // namespace app
