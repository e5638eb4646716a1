#include "core/train/view_config.h"

#include "core/error.h"

namespace ll {

void ViewConfig::validate() const {
  if (view_examples < 0 || view_codes < 0 || publish_every_ms <= 0 || views_every_ms <= 0)
    throw Error("view settings must be positive");
  if (collapse_every_ms < 0 || collapse_images < 0 || iwae_k < 0 || iwae_images < 0)
    throw Error("collapse diagnostics settings must be >= 0");
}

}  // namespace ll
