#pragma once
// Which models a run trains: the one list the GUI's mode combo, the flags of both programs
// (--vae, --ae, --compare, --compare-beta) and their help all come from.
#include <array>
#include <string>
#include <vector>

#include "core/train/train_config.h"

namespace ll {

enum class TrainMode { VaeAe, VaeVae, Vae, Ae };

struct TrainModeInfo {
  TrainMode mode;
  const char* flag;   // the flag that picks it
  const char* label;  // as the GUI lists it
  const char* help;   // as --help explains it
};

// In the order the GUI's combo lists them.
inline constexpr size_t kTrainModes = 4;
const std::array<TrainModeInfo, kTrainModes>& train_modes();
const TrainModeInfo& train_mode_info(TrainMode m);

// β weighs the (first) VAE's KL term, β₂ the second VAE's. An AE has no KL term: its β is 1
// whatever β says, so its checkpoint does not claim a weight it never used.
std::vector<ArmConfig> arms_for_mode(TrainMode m, float beta, float beta2);
// The mode `arms` were built by (one or two arms, as TrainConfig::validate() allows).
TrainMode mode_of(const std::vector<ArmConfig>& arms);

}  // namespace ll
