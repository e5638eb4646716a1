#pragma once
// One trained model as the trainer thread keeps it, grouped by what each part is for. Only the
// trainer thread touches an Arm (in compare mode the second arm's step runs on its side thread,
// which then touches that arm alone).
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/latent/diagnostics.h"
#include "core/nn/adam.h"
#include "core/nn/bfloat16.h"
#include "core/nn/buffer.h"
#include "core/nn/rng.h"
#include "core/train/snapshot.h"
#include "core/train/train_config.h"
#include "core/vae/workspace.h"
#include "core/vae/model.h"
#include "core/vae/objective.h"

namespace ll {

// One shard of a training batch (kBatchShards): what the thread that computes its rows needs,
// its own so that shards can run at once. Sized by the step when the model changes shape.
struct Shard {
  Workspace ws;
  FloatBuffer grads;       // its gradient; the first shard's goes to Learner::grads instead
  std::vector<double> kl;  // (L) its KL per dimension, summed over its rows
  double rec = 0;          // its reconstruction nats, summed over its rows
};

// The model, its optimizer and what a step needs beside them.
struct Learner {
  ArmConfig cfg;  // β is live-settable
  std::unique_ptr<Model> model;
  FloatBuffer grads;  // the first shard's gradient; the batch's is the sum of the shards'
  AdamState adam;
  Workspace ws;  // the views' and the evaluations' scratch, between steps
  Rng eps_rng;
  std::array<Shard, kBatchShards> shards;
  std::vector<double> kl_batch;  // (L) the batch's KL per dimension: the shards' in order

  float* shard_grads(int s) { return s == 0 ? grads.data() : shards[s].grads.data(); }
};

// The last weights known finite, and their Adam state: what a divergence restores. The weights
// are kept exactly; Adam's moments in bfloat16 (core/nn/bfloat16.h: float's range, so the
// second moment neither overflows nor flushes to zero, 0.4% relative error). That is 2.5 MB
// less per 784-400-2 model, and a divergence is recovered from with a lower learning rate
// anyway, whose first steps the rounded moments move by at most 0.4%.
struct GoodCopy {
  FloatBuffer params;
  std::vector<uint16_t> m, v;  // Adam's moments, bfloat16
  int64_t t = 0;               // Adam's step count
};

// The curves, and the running sums of the next training point.
struct Curves {
  std::vector<MetricPoint> train, test;
  std::vector<double> kl_per_dim;  // (L) means over the last training point's batches
  double acc_rec = 0, acc_kl = 0;
  int64_t acc_samples = 0;
  std::vector<double> kl_dim_acc;  // (L) summed by compute_gradients

  void clear_running() {
    acc_rec = acc_kl = 0;
    acc_samples = 0;
    std::fill(kl_dim_acc.begin(), kl_dim_acc.end(), 0.0);
  }
};

// What the snapshots show of the arm beside its weights, refreshed on the views' clocks.
struct ArmViews {
  int64_t views_step = -1;  // -1: to be refreshed
  std::vector<float> recon, codes_mu, codes_logvar;
  int64_t collapse_step = -1;
  CollapseStats collapse;
  std::vector<BoundPoint> bounds;
};

// This step's, written by whichever thread steps the arm and read after both have.
struct StepResult {
  ObjectiveParams obj;
  BatchLoss loss;
  double kl_term = 0;  // the objective's KL term, as the shards' backward passes found it
  bool finite = true;
};

struct Arm {
  Learner learner;
  // The immutable copy of the weights the last snapshot carried: the next snapshot shares it
  // while the weights are still equal to it (published_model(), trainer_views.cpp).
  std::shared_ptr<const Model> published;
  GoodCopy good;
  Curves curves;
  ArmViews views;
  StepResult step;
};

}  // namespace ll
