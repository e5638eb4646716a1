#pragma once
// Thousands of scatter points drawn into an RGBA image on the CPU and shown as one textured
// quad. Under llvmpipe every ImGui triangle costs set-up time; 2000 dots as quads cost more
// than a whole frame should, one quad costs nothing. Redrawn only when the points or the
// view change.
#include <imgui.h>

#include <cstdint>
#include <vector>

#include "app/gfx/texture.h"

namespace app::widgets {

class ScatterLayer {
 public:
  void begin(int width, int height);  // a transparent canvas, pixels = screen pixels
  // A filled square of `size` pixels (2..5) centred on (x, y), canvas coordinates.
  void dot(float x, float y, ImU32 color, int size);
  // An axis-aligned ellipse's outline, as dots spaced about two pixels apart.
  void ring(float cx, float cy, float rx, float ry, ImU32 color);
  void upload();
  // Draws the layer with its top-left at `origin`: only the tiles that hold something, as
  // the empty parts would cost as much to shade as the full ones.
  void draw(ImDrawList* dl, ImVec2 origin) const;
  const Texture& texture() const { return tex_; }
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  void blend(int x, int y, ImU32 c);
  static constexpr int kTile = 32;
  std::vector<uint32_t> px_;
  std::vector<uint8_t> used_;  // per kTile×kTile tile: anything drawn there
  int w_ = 0, h_ = 0, tiles_x_ = 0, tiles_y_ = 0;
  Texture tex_;
};

}  // namespace app::widgets
