#pragma once
// Everything a training run is made of. The CLI's flags, the GUI's controls and a
// checkpoint's metadata all map onto this one struct (whisper_full_params style).
#include <cstdint>
#include <string>
#include <vector>

#include "core/vae/model_config.h"

namespace ll {

// Training threads. A second thread adds little CPU per sample (docs/performance.md), so it
// nearly doubles the speed when a core is free; when other programs take that core the speed
// stays that of one thread (nothing spins). Beyond kMaxDefaultThreads the products, sliced per
// thread, get too thin to gain: untested.
constexpr int kMaxDefaultThreads = 4;
// Every hardware thread, at most kMaxDefaultThreads: the CLI's default.
int default_threads();
// The same less one core for a UI thread (drawing, decoding under the cursor), at least 1:
// what the GUI should put in TrainConfig::threads. 1 on a 2-core machine.
int default_threads_beside_ui();

// Every training batch is cut into this many shards (blocks of consecutive rows), each one's
// gradient computed whole by one thread and the shards' gradients summed in shard order: the
// threads only choose where a shard runs, so the numbers are the same for any thread count
// and on any machine (a constant, not a setting, so no two runs differ by it). Two: the
// second thread's share of one model, while a shard's products at batch 128 (64 rows) stay
// large enough to run near full speed on one thread. More shards would shrink every product
// further and add a workspace and a gradient buffer each.
constexpr int kBatchShards = 2;

// One trained model. Compare mode is two arms on the same batches from the same initial
// weights: a VAE and an AE, or two VAEs with different β.
struct ArmConfig {
  ModelKind kind = ModelKind::Vae;
  float beta = 1.f;  // weight of the KL term (ignored by the AE)
  bool operator==(const ArmConfig&) const = default;
};

struct TrainConfig {
  std::string data = "fashion-mnist";  // data spec, see core/data/dataset.h
  ModelConfig model;                   // shape and likelihood; kind and input_dim are per arm/dataset
  std::vector<ArmConfig> arms{ArmConfig{}};

  int batch = 128;
  float lr = 1e-3f;
  int warmup_steps = 0;   // β ramps linearly from 0 over this many steps; 0 = no warm-up
  float free_bits = 0.f;  // KL floor per latent dimension (nats); 0 = off
  uint64_t seed = 1;
  int threads = default_threads();  // the GUI passes default_threads_beside_ui()
  int epochs = 0;         // stop (Finished) after this many epochs; 0 = run until told

  // Steps averaged into one training-curve point: the curves and the metrics CSV are made of
  // these points, so it belongs to the run (how the run is watched is ViewConfig).
  int metrics_every = 20;

  bool operator==(const TrainConfig&) const = default;
  void validate() const;  // throws ll::Error naming the bad setting
  ModelConfig arm_model(size_t arm, int input_dim) const;
  // "vae", "ae", or "vae-b" for a second VAE: names the arm's checkpoint file, its curves and
  // the arm in the trainer's messages. (The GUI's "VAE β=4" is the app's: app/arm_label.h.)
  std::string arm_name(size_t arm) const;
};

}  // namespace ll
