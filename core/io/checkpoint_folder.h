#pragma once
// A run's models saved side by side: <folder>/<name>.safetensors, one per model, as the
// trainer's Save command and `latentlab-cli train --out` write them.
#include <string>
#include <vector>

#include "core/io/checkpoint.h"

namespace ll {

struct NamedCheckpoint {
  std::string name;  // "vae", "ae", "vae-b": the file's stem
  const Model* model = nullptr;
  const AdamState* adam = nullptr;  // null: weights only
  CheckpointInfo info;
};

// Creates the folder if needed and writes each file atomically (save_checkpoint); returns the
// paths written, in order. Throws ll::Error naming the folder or file that failed; the files
// before it stay written.
std::vector<std::string> save_checkpoint_folder(const std::string& folder,
                                                const std::vector<NamedCheckpoint>& models);

}  // namespace ll
