#include "cli/commands.h"

namespace ll::cli {

void without_views(TrainConfig& c) {
  c.view_codes = 0;
  c.view_examples = 0;
  c.views_every_ms = 1 << 30;
  c.collapse_every_ms = 0;
}

}  // namespace ll::cli
