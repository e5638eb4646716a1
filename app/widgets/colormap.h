#pragma once
// The colour maps' legend bar; the maps themselves are in colormap_table.h.
#include <imgui.h>

#include "app/widgets/colormap_table.h"

namespace app::widgets {

// A horizontal bar from 0 to `max_label` at p (width w), with a title before it.
void colormap_legend(ImDrawList* dl, ColorMap m, ImVec2 p, float w, const char* title, const char* max_label);

}  // namespace app::widgets
