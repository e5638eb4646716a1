#pragma once
// One trained model as the trainer thread keeps it, grouped by what each part is for. Only the
// trainer thread touches an Arm (in compare mode the second arm's step runs on its side thread,
// which then touches that arm alone).
#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/latent/diagnostics.h"
#include "core/nn/adam.h"
#include "core/nn/buffer.h"
#include "core/nn/rng.h"
#include "core/train/snapshot.h"
#include "core/train/train_config.h"
#include "core/vae/workspace.h"
#include "core/vae/model.h"
#include "core/vae/objective.h"

namespace ll {

// The model, its optimizer and what a step needs beside them.
struct Learner {
  ArmConfig cfg;  // β is live-settable
  std::unique_ptr<Model> model;
  FloatBuffer grads;
  AdamState adam;
  Workspace ws;  // also the views' scratch, between steps
  Rng eps_rng;
};

// The last weights known finite, and their Adam state: what a divergence restores.
struct GoodCopy {
  FloatBuffer params;
  AdamState adam;
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
  bool finite = true;
};

struct Arm {
  Learner learner;
  GoodCopy good;
  Curves curves;
  ArmViews views;
  StepResult step;
};

}  // namespace ll
