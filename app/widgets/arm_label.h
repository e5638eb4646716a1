#pragma once
// What a model is called on screen. Core names arms for files and messages ("vae", "vae-b");
// people read "VAE", "AE", "VAE β=4" beside the curves, maps and images.
#include <cstddef>
#include <string>

#include "core/train/train_config.h"

namespace app::widgets {

// "VAE" alone or beside an AE; "VAE β=4" when its β is not 1 or another VAE is trained beside
// it (the β is then what tells them apart); "AE", or "AE (B)" for a second AE.
std::string arm_label(const ll::TrainConfig& cfg, size_t arm);

}  // namespace app::widgets
