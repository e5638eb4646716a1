#include "core/train/train_config.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/error.h"

namespace ll {

int default_threads() {
  const int hw = int(std::thread::hardware_concurrency());  // 0 when unknown
  return std::clamp(hw, 1, kMaxDefaultThreads);
}

int default_threads_beside_ui() {
  const int hw = int(std::thread::hardware_concurrency());
  return std::clamp(hw - 1, 1, kMaxDefaultThreads);
}

void TrainConfig::validate() const {
  ModelConfig m = model;
  m.input_dim = m.input_dim > 0 ? m.input_dim : 1;
  m.validate();
  if (arms.empty() || arms.size() > 2) throw Error("one or two models are trained, got " + std::to_string(arms.size()));
  for (const ArmConfig& a : arms)
    if (!(a.beta >= 0.f) || !std::isfinite(a.beta)) throw Error("beta must be >= 0, got " + std::to_string(a.beta));
  if (batch <= 0 || batch > 65536) throw Error("batch size must be in 1..65536, got " + std::to_string(batch));
  if (!(lr > 0.f) || !std::isfinite(lr)) throw Error("learning rate must be > 0, got " + std::to_string(lr));
  if (warmup_steps < 0) throw Error("warm-up steps must be >= 0, got " + std::to_string(warmup_steps));
  if (!(free_bits >= 0.f)) throw Error("free bits must be >= 0, got " + std::to_string(free_bits));
  if (threads <= 0 || threads > 256) throw Error("threads must be in 1..256, got " + std::to_string(threads));
  if (epochs < 0) throw Error("epochs must be >= 0, got " + std::to_string(epochs));
  if (metrics_every <= 0) throw Error("metrics_every must be >= 1, got " + std::to_string(metrics_every));
}

ModelConfig TrainConfig::arm_model(size_t arm, int input_dim) const {
  ModelConfig m = model;
  m.kind = arms.at(arm).kind;
  m.input_dim = input_dim;
  return m;
}

std::string TrainConfig::arm_name(size_t arm) const {
  std::string name(to_string(arms.at(arm).kind));
  for (size_t i = 0; i < arm; ++i)
    if (arms[i].kind == arms[arm].kind) return name + "-b";
  return name;
}

}  // namespace ll
