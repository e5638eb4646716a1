#include "core/train/train_mode.h"

namespace ll {

const std::array<TrainModeInfo, kTrainModes>& train_modes() {
  static const std::array<TrainModeInfo, kTrainModes> modes{{
      {TrainMode::VaeAe, "--compare", "VAE vs AE", "train a VAE and a plain AE side by side"},
      {TrainMode::VaeVae, "--compare-beta", "VAE \xce\xb2 vs VAE \xce\xb2\xe2\x82\x82",
       "train two VAEs side by side, with --beta and with B"},
      {TrainMode::Vae, "--vae", "VAE only", "train only a VAE"},
      {TrainMode::Ae, "--ae", "AE only", "train only a plain AE"},
  }};
  return modes;
}

const TrainModeInfo& train_mode_info(TrainMode m) {
  for (const TrainModeInfo& i : train_modes())
    if (i.mode == m) return i;
  return train_modes()[0];
}

std::vector<ArmConfig> arms_for_mode(TrainMode m, float beta, float beta2) {
  switch (m) {
    case TrainMode::VaeVae: return {{ModelKind::Vae, beta}, {ModelKind::Vae, beta2}};
    case TrainMode::Vae: return {{ModelKind::Vae, beta}};
    case TrainMode::Ae: return {{ModelKind::Ae, 1.f}};
    case TrainMode::VaeAe: break;
  }
  return {{ModelKind::Vae, beta}, {ModelKind::Ae, 1.f}};
}

TrainMode mode_of(const std::vector<ArmConfig>& arms) {
  const bool first_vae = !arms.empty() && arms[0].kind == ModelKind::Vae;
  if (arms.size() == 2) return arms[1].kind == ModelKind::Vae && first_vae ? TrainMode::VaeVae : TrainMode::VaeAe;
  return first_vae ? TrainMode::Vae : TrainMode::Ae;
}

}  // namespace ll
