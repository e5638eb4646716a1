#include "cli/bench_training.h"

#include <algorithm>

#include "cli/bench_ceiling.h"
#include "cli/bench_host.h"
#include "cli/commands.h"
#include "core/error.h"
#include "core/nn/gemm.h"
#include "core/nn/rng.h"
#include "core/util/stats.h"
#include "core/vae/flops.h"
#include "core/vae/gradients.h"

namespace ll::cli {

std::shared_ptr<const Snapshot> time_training(const std::shared_ptr<const Dataset>& data,
                                              TrainConfig cfg, int steps,
                                              std::vector<TrainingRun>& runs) {
  cfg.threads = runs[0].threads;
  Trainer trainer(data, cfg, without_views());
  const int warmup = std::max(20, steps / 10);
  trainer.send({Command::Type::Start});
  auto s = trainer.sync();
  while (s->step < warmup) s = trainer.wait_snapshot(s->id, 1000);
  trainer.send({Command::Type::Pause});
  s = trainer.sync();
  double flops = 0;
  for (const ArmSnapshot& arm : s->arms) flops += train_flops_per_sample(arm.model->layout());
  const int windows = std::clamp(steps / 100, 1, 20);
  struct Totals {
    int64_t samples = 0;
    double seconds = 0, cpu_s = 0;
  };
  std::vector<Totals> totals(runs.size());
  for (int w = 0; w < windows; ++w)
    for (size_t r = 0; r < runs.size(); ++r) {
      TrainingRun& run = runs[r];
      if (runs.size() > 1) trainer.send({Command::Type::SetThreads, double(run.threads)});
      const int n = int(int64_t(steps) * (w + 1) / windows - int64_t(steps) * w / windows);
      const double before = gemm_gflops(1024, 3, run.threads);
      const int64_t samples0 = s->samples_seen, target = s->step + n;
      const double t0 = s->train_seconds, cpu0 = process_cpu_seconds();
      trainer.send({Command::Type::Step, double(n)});
      s = trainer.sync();
      while (s->step < target && s->status == TrainerStatus::Running) s = trainer.wait_snapshot(s->id, 1000);
      s = trainer.sync();
      const double cpu_s = process_cpu_seconds() - cpu0;
      if (s->status == TrainerStatus::Diverged || s->status == TrainerStatus::Failed) throw Error(s->message);
      const double after = gemm_gflops(1024, 3, run.threads);
      const int64_t samples = s->samples_seen - samples0;
      const double seconds = s->train_seconds - t0;
      totals[r].samples += samples;
      totals[r].seconds += seconds;
      totals[r].cpu_s += cpu_s;
      run.ceiling = std::max({run.ceiling, before, after});
      run.window_samples_per_s.push_back(double(samples) / seconds);
      run.window_fraction.push_back(double(samples) * flops / 1e9 / seconds / std::max(before, after));
    }
  for (size_t r = 0; r < runs.size(); ++r) {
    TrainingRun& run = runs[r];
    std::sort(run.window_fraction.begin(), run.window_fraction.end());
    run.fraction_beside = median(run.window_fraction);
    run.flops_per_sample = flops;
    run.samples_per_s = double(totals[r].samples) / totals[r].seconds;
    // Samples per CPU-second (all threads): what the work costs, whatever else the machine
    // runs. On a loaded machine it shows whether more threads add overhead when the wall-clock
    // figure cannot show whether they add speed.
    run.samples_per_cpu_s = double(totals[r].samples) / totals[r].cpu_s;
    run.gflops = run.samples_per_s * flops / 1e9;
  }
  return s;
}

StepProducts step_products(const Model& m, int batch) {
  const int rows = (batch + kBatchShards - 1) / kBatchShards;  // the first (largest) shard's
  Workspace ws;
  ws.reserve(m.config(), rows);
  std::vector<float> x(size_t(rows) * m.config().input_dim, 0.f), grads(m.params().size());
  std::vector<double> kl(m.config().latent);
  Rng rng(1);
  StepProducts out;
  record_gemm_shapes(&out.all);
  draw_eps(m, rows, rng, ws);
  shard_forward(m, x.data(), rows, batch, ws, grads.data(), kl.data());
  shard_backward(m, x.data(), rows, batch, ObjectiveParams{}, kl.data(), ws, grads.data());
  record_gemm_shapes(nullptr);
  for (const GemmShape& p : out.all)
    if (!gemm_uses_tile(p.trans_a, p.trans_b, p.M, p.N, p.K)) out.library.push_back(p);
  return out;
}

}  // namespace ll::cli
