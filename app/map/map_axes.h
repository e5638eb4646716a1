#pragma once
// A latent map's grid in latent units, with the tick labels outside the canvas (left and
// below), so the manifold never hides them, and the dimensions' names at the ends of the axes.
// The grid is drawn under the other layers (grid()), the labels after the canvas's clip is
// popped (labels()).
#include <imgui.h>

#include <string>
#include <vector>

#include "app/map/view_transform.h"
#include "app/widgets/axis.h"

namespace app {

class MapAxes {
 public:
  void grid(ImDrawList* dl, const Xform& xf, int d0, int d1, int latent);
  void labels(ImDrawList* dl) const;

 private:
  struct Label {
    ImVec2 pos;
    std::string text;
    bool name = false;  // a dimension's name, brighter than the ticks
  };
  std::vector<Label> labels_;
  std::vector<widgets::Tick> ticks_;
};

}  // namespace app
