#pragma once
// The one table of the flags that describe a model and its training, mapped onto TrainConfig.
// `latentlab` and every `latentlab-cli` command that trains declare their flags through it, so
// a flag means the same in both programs and is checked the same way; only the defaults below
// differ, and each program's --help shows its own.
#include "core/flags/flag_set.h"
#include "core/train/train_config.h"

namespace ll {

enum class Frontend {
  Gui,       // latentlab: latent 2, a VAE beside an AE, one core left to the UI, no epoch limit
  CliTrain,  // latentlab-cli train: latent 20, a VAE alone, every core, 10 epochs
  CliBench,  // latentlab-cli bench: as train, on Fashion-MNIST else the built-in set; no --epochs
};

// What each front end trains when no flag says otherwise.
TrainConfig train_defaults(Frontend f);
// Those defaults where the front ends differ, for --help: "latent 2, VAE vs AE, 1 thread,
// no epoch limit".
std::string defaults_summary(Frontend f);

// Declares --data --latent --hidden --activation --likelihood --learn-variance --batch --lr
// --beta --seed --threads --epochs --warmup --free-bits and the mode flags (--compare,
// --compare-beta B, --vae, --ae: at most one). `out` starts as train_defaults(f); once parsed
// it holds the flags' values, the arms built from the mode and --beta (in either order), and
// it has passed TrainConfig::validate().
void add_train_flags(FlagSet& flags, TrainConfig& out, Frontend f);

}  // namespace ll
