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
  // name_x, name_y: the axes' names ("z₁", or "PC1 (34% var)" on a principal plane).
  void grid(ImDrawList* dl, const Xform& xf, const std::string& name_x, const std::string& name_y, int latent);
  void labels(ImDrawList* dl) const;
  // A long y name ("PC2 (21% var)") does not fit in the tick margin left of the canvas and is
  // drawn inside its top-left corner instead; what else goes there moves a line down.
  static bool y_name_inside(const std::string& name_y, const Xform& xf);

 private:
  struct Label {
    ImVec2 pos;
    std::string text;
    bool name = false;  // a dimension's name, brighter than the ticks
    bool boxed = false; // inside the canvas: on a dark box, readable over the manifold
  };
  std::vector<Label> labels_;
  std::vector<widgets::Tick> ticks_;
};

}  // namespace app
