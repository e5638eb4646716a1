#include "app/gfx/map_programs.h"

namespace app::gfx {

void MapPrograms::build() {
  error.clear();
  std::string e;
  if (!points.build("points.vert", "points.frag", e) && error.empty()) error = "shader " + e;
}

}  // namespace app::gfx
