#include "app/map/overlays.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/codes.h"
#include "app/workers/code_worker.h"

namespace app {

void draw_hole_tiles(ImDrawList* dl, const Xform& xf, const HoleArmView& holes) {
  const ImVec2 h0 = xf.to_screen(holes.box.x0, holes.box.y1), h1 = xf.to_screen(holes.box.x1, holes.box.y0);
  dl->AddImage(holes.tiles.imgui_id(), h0, h1, ImVec2(0, 0), ImVec2(1, 1), IM_COL32(255, 255, 255, 230));
  dl->AddRect(h0, h1, IM_COL32(255, 120, 120, 160));
}

void draw_prior_rings(ImDrawList* dl, const Xform& xf, const ll::LatentPlane& plane) {
  const float lh = ImGui::GetTextLineHeight();
  float cx, cy;
  plane.prior_center(cx, cy);
  const ImVec2 o = xf.to_screen(cx, cy);
  char buf[32];
  for (int k = 1; k <= 3; ++k) {
    const float r = float(k) * xf.scale;
    dl->AddCircle(o, r, IM_COL32(255, 255, 255, 110 - 25 * k), 64, 1.3f);
    std::snprintf(buf, sizeof buf, "%dσ", k);
    dl->AddText(ImVec2(o.x + r * 0.7071f + 2, o.y - r * 0.7071f - lh), IM_COL32(255, 255, 255, 150), buf);
  }
}

void draw_path(ImDrawList* dl, const Xform& xf, const InterpPaths& paths, size_t arm, const ll::LatentPlane& plane) {
  const size_t L = size_t(plane.latent);
  if (arm >= paths.z.size() || paths.steps < 2 || paths.z[arm].size() != size_t(paths.steps) * L) return;
  const float lh = ImGui::GetTextLineHeight();
  const std::vector<float>& z = paths.z[arm];
  std::vector<ImVec2> pts(size_t(paths.steps));
  for (int i = 0; i < paths.steps; ++i) {
    float x, y;
    plane.project(z.data() + size_t(i) * L, x, y);
    pts[i] = xf.to_screen(x, y);
  }
  dl->AddPolyline(pts.data(), int(pts.size()), IM_COL32(255, 230, 120, 200), 0, 1.5f);
  for (const ImVec2& p : pts)  // squares: two triangles each under llvmpipe, a disc ~20
    dl->AddRectFilled(ImVec2(p.x - 2, p.y - 2), ImVec2(p.x + 2, p.y + 2), IM_COL32(255, 230, 120, 220));
  dl->AddText(ImVec2(pts.front().x + 4, pts.front().y - lh - 2), IM_COL32(255, 230, 120, 255), "A");
  dl->AddText(ImVec2(pts.back().x + 4, pts.back().y - lh - 2), IM_COL32(255, 230, 120, 255), "B");
}

int draw_linked_ring(ImDrawList* dl, const Xform& xf, const ll::Snapshot& s, size_t arm, const LinkedHover& hover,
                      const ll::LatentPlane& plane, const MapCodes* codes) {
  if (hover.test_image() < 0 || hover.arm() == int(arm)) return -1;
  // The snapshot's subset has the code of this step; an image outside it is found among the
  // codes this map draws (encoded a moment ago, sorted by image within the test rows).
  const float* mu = hover.image() >= 0 ? code_of(s, arm, hover.image()) : nullptr;
  if (!mu && codes && codes->data == s.data.get() && codes->latent == plane.latent) {
    const auto first = codes->index.begin(), last = first + std::ptrdiff_t(codes->test_count);
    const auto it = std::lower_bound(first, last, uint32_t(hover.test_image()));
    if (it != last && *it == uint32_t(hover.test_image())) mu = codes->mu.data() + size_t(it - first) * size_t(plane.latent);
  }
  if (!mu) return -1;
  float x, y;
  plane.project(mu, x, y);
  const ImVec2 p = xf.to_screen(x, y);
  dl->AddCircle(p, 8.f, IM_COL32(0, 0, 0, 200), 16, 3.5f);
  dl->AddCircle(p, 8.f, IM_COL32(255, 240, 140, 255), 16, 2.f);
  dl->AddLine(ImVec2(p.x - 13, p.y), ImVec2(p.x - 9, p.y), IM_COL32(255, 240, 140, 255), 2.f);
  dl->AddLine(ImVec2(p.x + 9, p.y), ImVec2(p.x + 13, p.y), IM_COL32(255, 240, 140, 255), 2.f);
  return hover.test_image();
}

void draw_canvas_code(ImDrawList* dl, const Xform& xf, const CanvasCode& c, const ll::LatentPlane& plane) {
  const size_t L = size_t(plane.latent);
  if (!c.valid || c.mu.size() != L) return;
  float x, y;
  plane.project(c.mu.data(), x, y);
  const ImVec2 p = xf.to_screen(x, y);
  const ImU32 col = IM_COL32(255, 90, 210, 255);
  if (c.vae && c.logvar.size() == L) {
    std::vector<float> lv;
    plane.project_logvar(c.logvar.data(), 1, lv);
    const float rx = std::exp(0.5f * lv[0]) * xf.scale;
    const float ry = std::exp(0.5f * lv[1]) * xf.scale;
    ImVec2 pts[40];
    for (int k = 0; k < 40; ++k) {
      const float t = float(k) * 6.2831853f / 40.f;
      pts[k] = ImVec2(p.x + rx * std::cos(t), p.y + ry * std::sin(t));
    }
    dl->AddPolyline(pts, 40, IM_COL32(255, 90, 210, 200), ImDrawFlags_Closed, 1.5f);
  }
  const float r = 6.f;
  dl->AddQuadFilled(ImVec2(p.x, p.y - r), ImVec2(p.x + r, p.y), ImVec2(p.x, p.y + r), ImVec2(p.x - r, p.y), col);
  dl->AddQuad(ImVec2(p.x, p.y - r), ImVec2(p.x + r, p.y), ImVec2(p.x, p.y + r), ImVec2(p.x - r, p.y),
              IM_COL32(0, 0, 0, 220), 1.5f);
  const ImVec2 tp(p.x + r + 3, p.y - ImGui::GetTextLineHeight() / 2);
  dl->AddText(ImVec2(tp.x + 1, tp.y + 1), IM_COL32(0, 0, 0, 230), "drawing");  // readable on any tile
  dl->AddText(tp, col, "drawing");
}

void draw_sample_mark(ImDrawList* dl, const Xform& xf, const std::vector<float>& z, const ll::LatentPlane& plane) {
  if (z.size() != size_t(plane.latent) || z.empty()) return;
  float x, y;
  plane.project(z.data(), x, y);
  const ImVec2 p = xf.to_screen(x, y);
  // A yellow diamond, as the hovered tile's frame: it reads as "this one" over any layer.
  const float r = 8;
  const ImVec2 q[4] = {{p.x, p.y - r}, {p.x + r, p.y}, {p.x, p.y + r}, {p.x - r, p.y}};
  dl->AddPolyline(q, 4, IM_COL32(0, 0, 0, 220), ImDrawFlags_Closed, 4.f);
  dl->AddPolyline(q, 4, IM_COL32(255, 230, 120, 255), ImDrawFlags_Closed, 2.f);
}

void draw_cursor(ImDrawList* dl, const Xform& xf, const Cursor& cursor) {
  const ImVec2 c0 = xf.c0, c1(c0.x + xf.side, c0.y + xf.side);
  const ImVec2 cp = xf.to_screen(cursor.xy[0], cursor.xy[1]);
  dl->AddLine(ImVec2(c0.x, cp.y), ImVec2(c1.x, cp.y), IM_COL32(255, 255, 255, 50));
  dl->AddLine(ImVec2(cp.x, c0.y), ImVec2(cp.x, c1.y), IM_COL32(255, 255, 255, 50));
  dl->AddCircle(cp, 7.f, IM_COL32(0, 0, 0, 200), 20, 3.5f);
  dl->AddCircle(cp, 7.f, IM_COL32(255, 255, 255, 255), 20, 1.8f);
}

void draw_pick_prompt(ImDrawList* dl, const Xform& xf, Pick armed) {
  if (armed == Pick::None) return;
  const ImVec2 c0 = xf.c0, c1(c0.x + xf.side, c0.y + xf.side);
  const float lh = ImGui::GetTextLineHeight();
  const char* what = armed == Pick::InterpA   ? "click: interpolation start A (a point or an image)"
                     : armed == Pick::InterpB ? "click: interpolation end B"
                     : armed == Pick::Canvas  ? "click a dot: its test image goes to the canvas"
                                              : "click an image's point: the map's plane through its code";
  dl->AddRectFilled(ImVec2(c0.x, c0.y + lh + 4), ImVec2(c1.x, c0.y + 2 * lh + 8), IM_COL32(60, 50, 10, 220));
  dl->AddText(ImVec2(c0.x + 6, c0.y + lh + 6), IM_COL32(255, 230, 120, 255), what);
}

}  // namespace app
