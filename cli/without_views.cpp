#include "cli/commands.h"

namespace ll::cli {

ViewConfig without_views() {
  ViewConfig v;
  v.view_codes = 0;
  v.view_examples = 0;
  v.views_every_ms = 1 << 30;
  v.collapse_every_ms = 0;
  return v;
}

}  // namespace ll::cli
