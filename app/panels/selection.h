#pragma once
// The Selection tab: the test images a brush took on a latent map (linked brushing), each
// beside both models' reconstructions, a histogram of their classes, their count, and Export
// (a CSV of index, label and every model's code, and the PNG of the strip, into the folder
// typed under Controls > Export). Clear and Escape empty the selection.
#include <cstdint>
#include <string>
#include <vector>

#include "app/events.h"
#include "app/gfx/texture.h"
#include "app/notices.h"
#include "app/state/selection.h"
#include "core/train/snapshot.h"

namespace app {

// Empties the selection and says so (SELECTED map=<map> n=0); nothing when already empty.
void clear_selection(Selection& selection, Events& events);

class SelectionPanel {
 public:
  // The tab's content; the LAYOUT regions selection, button-export-selection,
  // button-clear-selection.
  void draw(const ll::Snapshot& s, Selection& selection, const std::string& export_dir, Notices& notices,
            Events& events);

 private:
  void histogram(const ll::Snapshot& s, const Selection& selection, float width);
  void strip(const ll::Snapshot& s, const Selection& selection, ImVec2 avail);
  void export_files(const ll::Snapshot& s, const Selection& selection, const std::string& dir, Notices& notices,
                    Events& events);

  // The strip's picture (images, then a row per model), remade when the selection, the
  // number of columns or the models change (at most once a second while they train).
  Texture strip_;
  std::string strip_error_;
  uint64_t strip_version_ = UINT64_MAX;
  int strip_cols_ = 0, strip_count_ = 0;
  std::vector<const void*> strip_models_;
  double strip_time_ = -1e9;
};

}  // namespace app
