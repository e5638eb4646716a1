#pragma once
// What the trainer publishes: an immutable picture of the run that any thread may read for as
// long as it holds the shared_ptr. Readers never see a half-updated state, and never touch
// the trainer's own models.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/latent/diagnostics.h"
#include "core/train/history.h"
#include "core/train/train_config.h"
#include "core/train/view_config.h"
#include "core/vae/model.h"

namespace ll {

// Tracy-style: a failure on the worker is a visible state, never a crash.
enum class TrainerStatus {
  Idle,      // models initialised, not training (after start-up, Reset or Stop)
  Loading,   // loading a dataset for a Reset with a new data spec
  Running,
  Paused,
  Finished,  // reached the configured number of epochs
  Diverged,  // NaN/Inf met: last finite weights restored, training paused
  Failed,    // an error the run cannot continue from (message says which)
  Following, // showing a run folder another trainer writes into (Command::Follow)
};
const char* to_string(TrainerStatus s);

// One point of a curve, per-sample nats. loss is −ELBO = rec + KL (for the AE, rec alone).
struct MetricPoint {
  int64_t step = 0;
  double epoch = 0;  // fractional epochs seen
  double loss = 0, rec = 0, kl = 0;
};

// The IWAE bound beside the ELBO on the same held-out images (higher is better, nats): the gap
// is how far q(z|x) is from the true posterior.
struct BoundPoint {
  int64_t step = 0;
  double epoch = 0;
  double iwae = 0, elbo = 0;
};

struct ArmSnapshot {
  ArmConfig arm;
  std::string name;  // "vae", "ae", "vae-b" (the GUI's label is app/arm_label.h's)
  std::shared_ptr<const Model> model;  // the weights at `step` (encoder and decoder)
  std::vector<MetricPoint> train;      // running means over metrics_every steps
  std::vector<MetricPoint> test;       // the full test split, once per epoch
  std::vector<double> kl_per_dim;      // (L) over recent training batches (0 for the AE)
  float beta = 1.f;                    // current β (live-settable)
  float effective_beta = 1.f;          // β with the warm-up ramp applied at this step

  // View data, refreshed every ViewConfig::views_every_ms (views_step says when):
  int64_t views_step = -1;
  std::vector<float> recon;         // (examples, D) reconstructions in [0,1] of example_index
  std::vector<float> codes_mu;      // (codes, L) posterior means of code_index
  std::vector<float> codes_logvar;  // (codes, L) posterior log σ² (zeros for the AE)

  // Collapse diagnostics, refreshed every ViewConfig::collapse_every_ms (collapse_step says
  // when; -1 = not yet).
  int64_t collapse_step = -1;
  CollapseStats collapse;
  std::vector<BoundPoint> bounds;  // VAE only: one per collapse refresh
};

// A checkpoint of a followed run that the models now hold (or held).
struct FollowedCheckpoint {
  uint64_t id = 0;  // increases with every checkpoint followed
  int64_t step = 0;
  std::string file;  // its path
};

struct Snapshot {
  uint64_t id = 0;  // increases with every publish
  TrainerStatus status = TrainerStatus::Idle;
  std::string message;       // the last event or error, for the status bar
  uint64_t message_id = 0;   // increases with every new message
  bool message_is_error = false;

  int64_t step = 0;          // optimizer steps taken (the same for every arm)
  double epoch = 0;          // fractional epochs seen
  int64_t steps_per_epoch = 0;
  double samples_per_s = 0;  // data samples per second over the last publish interval
                             // (each sample goes through every arm)
  int64_t samples_seen = 0;  // since the models were built
  double train_seconds = 0;  // wall time spent in training steps (not evaluation or views)
  float lr = 0;

  TrainConfig config;        // the config the models were built with
  ViewConfig views;          // what these snapshots carry for the views
  std::shared_ptr<const Dataset> data;
  std::vector<uint32_t> example_index;  // test images shown with reconstructions
  std::vector<uint32_t> code_index;     // test images whose codes are in codes_mu
  std::vector<ArmSnapshot> arms;

  // The timeline: thinned past frames, oldest first (see core/train/history.h).
  std::vector<std::shared_ptr<const HistoryFrame>> history;
  size_t history_bytes = 0;

  // Following a run folder: the folder (empty: not following) and the latest checkpoints
  // followed, oldest first (bounded; ids tell a reader which it has not seen).
  std::string follow_dir;
  std::vector<FollowedCheckpoint> followed;
};

}  // namespace ll
