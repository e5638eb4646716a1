#pragma once
// The flags that describe a model and its training, mapped onto TrainConfig. Shared by
// `train` and `bench`.
#include "cli/args.h"
#include "core/train/train_config.h"
#include "core/train/view_config.h"

namespace ll::cli {

// Reads --data --latent --hidden --batch --lr --beta --seed --threads --ae --compare
// --compare-beta --activation --likelihood --learn-variance --warmup --free-bits --epochs.
TrainConfig read_train_config(Args& a, const TrainConfig& defaults);

// The CLI shows no latent map: the view work the GUI's snapshots carry (codes,
// reconstructions, collapse diagnostics) turned off.
ViewConfig without_views();

}  // namespace ll::cli
