#pragma once
// An ImGui draw list rendered once into a texture, then shown as one quad until its picture
// changes. llvmpipe sets up every triangle of every frame on the CPU; a picture of a few
// thousand thin triangles that changes about once a second (the posterior's outlines) costs
// a frame a millisecond when drawn live and nothing measurable when shown as a texture.
#include <imgui.h>

#include <memory>

#include "app/gfx/gl_objects.h"

namespace app::gfx {

class DrawListTarget {
 public:
  // A cleared list for a picture of `width` × `height` pixels, in the texture's pixels with
  // (0, 0) at the top-left, drawn with the window's draw flags (anti-aliasing) and font; null
  // when the driver refuses the texture. Call end() before the next begin().
  ImDrawList* begin(int width, int height);
  // Renders what was added since begin() into the texture (through ImGui's own renderer).
  void end();
  bool valid() const { return target_.valid(); }
  int width() const { return target_.width(); }
  // Lays the texture over [p0, p1] of `dl`, blended as premultiplied colour.
  void draw(ImDrawList* dl, ImVec2 p0, ImVec2 p1) const { target_.draw(dl, p0, p1); }

 private:
  RenderTarget target_;
  std::unique_ptr<ImDrawList> list_;
};

}  // namespace app::gfx
