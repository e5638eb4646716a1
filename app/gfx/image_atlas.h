#pragma once
// Many small images in one texture (one upload, one bind), tiled the way core's
// io::compose_grid lays them out, with the UV rectangle of each tile.
#include <imgui.h>

#include "app/gfx/texture.h"
#include "core/io/png.h"

namespace app {

struct ImageAtlas {
  Texture texture;
  int count = 0, cols = 0, rows = 0;
  int cell_w = 0, cell_h = 0, pad = 0;

  // `grid` came from io::compose_grid(count images of cell_h × cell_w, cols, pad).
  void set(const ll::io::Image& grid, int count, int cols, int cell_h, int cell_w, int pad,
           bool smooth = false);
  bool valid() const { return texture.valid() && count > 0; }
  void uv(int i, ImVec2& uv0, ImVec2& uv1) const;
  // Tile i drawn into [p0, p1] of a draw list.
  void draw(ImDrawList* dl, int i, ImVec2 p0, ImVec2 p1, ImU32 tint = IM_COL32_WHITE) const;
};

}  // namespace app
