#include "app/widgets/colormap_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <vector>

namespace app::widgets {
namespace {

constexpr uint32_t kViridis[10] = {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e,
                                   0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725};
constexpr uint32_t kMagma[10] = {0x000004, 0x180f3d, 0x440f76, 0x721f81, 0x9e2f7f,
                                 0xcd4071, 0xf1605d, 0xfd9668, 0xfeca8d, 0xfcfdbf};

// Written at start-up only (load_colormap), read by every thread after.
std::vector<uint32_t>& palette(ColorMap m) {
  static std::vector<uint32_t> viridis(std::begin(kViridis), std::end(kViridis));
  static std::vector<uint32_t> magma(std::begin(kMagma), std::end(kMagma));
  return m == ColorMap::Viridis ? viridis : magma;
}

}  // namespace

std::string load_colormap(ColorMap m, const std::string& file) {
  std::ifstream in(file);
  if (!in) return file + ": cannot open the colour table";
  std::vector<uint32_t> stops;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const std::string text = line.substr(0, line.find('#'));
    const size_t b = text.find_first_not_of(" \t\r"), e = text.find_last_not_of(" \t\r");
    if (b == std::string::npos) continue;
    const std::string hex = text.substr(b, e - b + 1);
    uint32_t rgb = 0;
    auto [p, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), rgb, 16);
    if (hex.size() != 6 || ec != std::errc() || p != hex.data() + hex.size())
      return file + ": line " + std::to_string(n) + ": expected a colour RRGGBB (6 hex digits), found '" + hex + "'";
    stops.push_back(rgb);
  }
  if (stops.size() < 2 || stops.size() > 256)
    return file + ": " + std::to_string(stops.size()) + " colours, expected 2 to 256";
  palette(m) = std::move(stops);
  return "";
}

const std::vector<uint32_t>& colormap_stops(ColorMap m) { return palette(m); }

std::array<uint8_t, 3> colormap(ColorMap m, float t) {
  const std::vector<uint32_t>& pal = palette(m);
  const int last = int(pal.size()) - 1;
  const float x = std::clamp(t, 0.f, 1.f) * float(last);
  const int i = std::min(int(x), last - 1);
  const float f = x - float(i);
  std::array<uint8_t, 3> rgb{};
  for (int c = 0; c < 3; ++c) {
    const int shift = 16 - 8 * c;
    const float a = float((pal[i] >> shift) & 0xff), b = float((pal[i + 1] >> shift) & 0xff);
    rgb[c] = uint8_t(std::lround(a + (b - a) * f));
  }
  return rgb;
}

}  // namespace app::widgets
