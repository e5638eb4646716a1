#pragma once
// What the UI (or CLI) asks of the trainer. Commands queue up and are applied by the trainer
// thread between steps, in order.
#include <optional>
#include <string>

#include "core/train/train_config.h"

namespace ll {

struct Command {
  enum class Type {
    Start,            // Idle/Finished/Diverged/Paused -> Running
    Pause,            // Running -> Paused
    Resume,           // Paused/Diverged -> Running (same as Start)
    Step,             // run `value` more steps, then -> Paused (tests, single-stepping)
    Stop,             // -> Idle, keeping the weights
    Reset,            // new models from `config` if given (reloading data if its spec changed),
                      // else from the current config; step 0, -> Idle
    SetBeta,          // value = β for `arm` (−1: every VAE arm); live
    SetLearningRate,  // value = learning rate; live
    SetWarmup,        // value = warm-up steps; live
    SetFreeBits,      // value = free bits per dimension (nats); live
    SetThreads,       // value = threads (1..256); live, from the next step (numbers unchanged)
    Save,             // path = a directory: writes <dir>/<arm name>.safetensors for each arm
    Load,             // path = a .safetensors file, into `arm` (−1: the arm of its kind)
    Follow,           // path = a run folder another trainer writes into: stop training here
                      // and show its checkpoints as they are renamed into place, -> Following
    Unfollow,         // -> Idle, keeping the last followed models (so does Stop)
  };
  Command(Type t = Type::Start, double v = 0, int a = -1, std::string p = {},
          std::optional<TrainConfig> c = {})
      : type(t), value(v), arm(a), path(std::move(p)), config(std::move(c)) {}

  Type type = Type::Start;
  double value = 0;
  int arm = -1;
  std::string path;
  std::optional<TrainConfig> config;
};

}  // namespace ll
