#include "app/gfx/image_atlas.h"

namespace app {

void ImageAtlas::set(const ll::io::Image& grid, int n, int c, int h, int w, int p, bool smooth) {
  texture.upload(grid.pixels.data(), grid.width, grid.height, grid.channels, smooth);
  count = n;
  cols = c;
  rows = (n + c - 1) / c;
  cell_w = w;
  cell_h = h;
  pad = p;
}

void ImageAtlas::uv(int i, ImVec2& uv0, ImVec2& uv1) const {
  const int r = i / cols, c = i % cols;
  const float W = float(texture.width()), H = float(texture.height());
  const float x = float(pad + c * (cell_w + pad)), y = float(pad + r * (cell_h + pad));
  uv0 = ImVec2(x / W, y / H);
  uv1 = ImVec2((x + cell_w) / W, (y + cell_h) / H);
}

void ImageAtlas::draw(ImDrawList* dl, int i, ImVec2 p0, ImVec2 p1, ImU32 tint) const {
  if (!valid() || i < 0 || i >= count) return;
  ImVec2 uv0, uv1;
  uv(i, uv0, uv1);
  dl->AddImage(texture.imgui_id(), p0, p1, uv0, uv1, tint);
}

}  // namespace app
