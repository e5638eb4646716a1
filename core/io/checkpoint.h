#pragma once
// A model as a safetensors file. Tensor names follow PyTorch's nn.Linear ("encoder.hidden.0.weight"
// (out, in), "...bias" (out)); the config goes in __metadata__; Adam's state, when saved, in
// tensors named "adam.m.<name>" / "adam.v.<name>" with its step count in the metadata.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/nn/adam.h"
#include "core/train/train_config.h"
#include "core/vae/model.h"

namespace ll {

// What a checkpoint says about where the model came from, beyond its shape.
struct CheckpointInfo {
  std::string data;                        // data spec it was trained on
  int height = 0, width = 0, channels = 0; // image shape the input_dim stands for
  int64_t step = 0;
  double epoch = 0;
  float beta = 1.f;
  float lr = 1e-3f;
  int batch = 128;
  uint64_t seed = 1;
};

struct LoadedCheckpoint {
  std::unique_ptr<Model> model;
  std::optional<AdamState> adam;
  CheckpointInfo info;
};

// Written atomically: a crash leaves the old file or the new one, never half of one.
void save_checkpoint(const std::string& path, const Model& m, const AdamState* adam,
                     const CheckpointInfo& info);

// Validates the header, dtypes and every tensor's shape against the config in the metadata
// before reading data. Throws ll::Error naming the file and what was wrong.
LoadedCheckpoint load_checkpoint(const std::string& path);

// The same validation on a whole file already in memory (fuzzing, tests); `name` stands in for
// the path in error messages.
LoadedCheckpoint load_checkpoint_bytes(std::string_view bytes, const std::string& name = "<memory>");

}  // namespace ll
