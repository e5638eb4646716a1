#pragma once
// A texture of the map drawn at one view and shown at another while the view moves (a glide,
// a pan, a zoom): where it falls on the screen now, and whether it may still stand in for a
// redraw. Plain arithmetic, so it is tested without a window (tests/test_texture_stretch.cpp).
#include <cmath>

namespace app {

// A view of the latent plane: the point at the canvas's centre and pixels per latent unit.
struct MapView {
  float cx = 0, cy = 0, scale = 0;
  bool operator==(const MapView&) const = default;
};

struct ScreenRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // top-left and bottom-right, screen pixels
};

// A square texture of tex_side pixels drawn at `drawn` (its centre on drawn's centre) as it
// falls on a canvas of `side` pixels at screen (c0x, c0y) that now shows `now`. Screen y grows
// downwards, latent y upwards.
inline ScreenRect stretched_rect(const MapView& drawn, float tex_side, const MapView& now, float c0x, float c0y,
                                 float side) {
  const float half = tex_side / (2 * drawn.scale);  // latent units from the centre to an edge
  auto sx = [&](float x) { return c0x + side / 2 + (x - now.cx) * now.scale; };
  auto sy = [&](float y) { return c0y + side / 2 - (y - now.cy) * now.scale; };
  return {sx(drawn.cx - half), sy(drawn.cy + half), sx(drawn.cx + half), sy(drawn.cy - half)};
}

// The stretched texture still covers the whole canvas and its sprites are within a quarter of
// their drawn size: past that a person sees an empty edge or points that swell and shrink.
inline bool stretch_ok(const MapView& drawn, float tex_side, const MapView& now, float c0x, float c0y, float side) {
  if (!(drawn.scale > 0) || !(now.scale > 0)) return false;
  const float r = now.scale / drawn.scale;
  if (r < 0.8f || r > 1.25f) return false;
  const ScreenRect q = stretched_rect(drawn, tex_side, now, c0x, c0y, side);
  return q.x0 <= c0x && q.y0 <= c0y && q.x1 >= c0x + side && q.y1 >= c0y + side;
}

}  // namespace app
