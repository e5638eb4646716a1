// latentlab-cli bench: training throughput against this machine's GEMM ceiling, and the
// latency of the views' work.
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/train_flags.h"
#include "core/data/dataset.h"
#include "core/error.h"
#include "core/io/json.h"
#include "core/latent/grid.h"
#include "core/nn/eigen_maps.h"
#include "core/nn/gemm.h"
#include "core/train/trainer.h"
#include "core/vae/flops.h"
#include "core/vae/forward.h"

namespace ll::cli {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Best of `reps` timings of an n×n×n single-precision product with the trainer's GEMM.
double gemm_gflops(int n, int reps) {
  MatrixRM a = MatrixRM::Random(n, n), b = MatrixRM::Random(n, n), c(n, n);
  gemm(false, false, n, n, n, a.data(), b.data(), 0.f, c.data());  // warm-up: page in, spin up threads
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    gemm(false, false, n, n, n, a.data(), b.data(), 0.f, c.data());
    best = std::min(best, seconds_since(t0));
  }
  return 2.0 * n * n * double(n) / best / 1e9;
}

// Mean milliseconds of fn over enough repetitions to take ~0.2 s.
template <class F>
double time_ms(F&& fn) {
  fn();
  int reps = 0;
  const auto t0 = Clock::now();
  do {
    fn();
    ++reps;
  } while (seconds_since(t0) < 0.2);
  return seconds_since(t0) * 1000.0 / reps;
}

}  // namespace

int bench_command(const std::vector<std::string>& argv) {
  Args a(argv, {"json", "ae", "compare", "learn-variance"});
  TrainConfig defaults;
  defaults.data = "";
  TrainConfig cfg = read_train_config(a, defaults);
  const int steps = a.integer("steps", 300, 1, 1 << 30);
  const bool json = a.has("json");
  a.finish();
  cfg.view_codes = 0;
  cfg.view_examples = 0;
  cfg.views_every_ms = 1 << 30;
  cfg.epochs = 0;

  // Fashion-MNIST when installed, else the built-in set: the benchmark always runs.
  Dataset loaded;
  if (cfg.data.empty()) {
    try {
      loaded = load_dataset("fashion-mnist", cfg.seed);
    } catch (const Error&) {
      loaded = load_dataset("synthetic", cfg.seed);
    }
  } else {
    loaded = load_dataset(cfg.data, cfg.seed);
  }
  auto data = std::make_shared<const Dataset>(std::move(loaded));
  cfg.data = data->spec;

  set_gemm_threads(cfg.threads);
  const double ceiling = std::max(gemm_gflops(1024, 5), gemm_gflops(2048, 3));

  Trainer trainer(data, cfg);
  const int warmup = std::max(20, steps / 10);
  trainer.send({Command::Type::Start});
  auto s = trainer.sync();
  while (s->step < warmup) s = trainer.wait_snapshot(s->id, 1000);
  const int64_t samples0 = s->samples_seen, step0 = s->step;
  const double t0 = s->train_seconds;
  while (s->step < step0 + steps && s->status == TrainerStatus::Running) s = trainer.wait_snapshot(s->id, 1000);
  trainer.send({Command::Type::Pause});
  s = trainer.sync();
  if (s->status == TrainerStatus::Diverged || s->status == TrainerStatus::Failed) throw Error(s->message);
  const double sps = double(s->samples_seen - samples0) / (s->train_seconds - t0);
  double flops = 0;
  for (const ArmSnapshot& arm : s->arms) flops += train_flops_per_sample(arm.model->layout());
  const double gflops = sps * flops / 1e9;

  // The views' work, on the first model, on this thread (the UI's situation).
  const Model& m = *s->arms[0].model;
  const int L = m.config().latent;
  Workspace ws1, ws;
  std::vector<float> z1(L, 0.5f), img(m.config().input_dim);
  const double decode_one_ms = time_ms([&] { decode_images(m, z1.data(), 1, ws1, img.data()); });
  const std::vector<float> grid = L >= 2 ? prior_grid(20, 20, L, 0, 1) : std::vector<float>(400 * L, 0.f);
  std::vector<float> grid_img(400 * size_t(m.config().input_dim));
  const double grid_ms = time_ms([&] { decode_images(m, grid.data(), 400, ws, grid_img.data()); });
  const Split& test = data->test.count ? data->test : data->train;
  const int n_enc = int(std::min<size_t>(5000, test.count));
  std::vector<float> mu(size_t(n_enc) * L), lv(size_t(n_enc) * L);
  const double encode_ms = time_ms([&] { encode_images(m, test.pixels.data(), n_enc, ws, mu.data(), lv.data()); });

  std::printf("data %s, model %d-%s-%d x%zu, batch %d, %d thread(s), %d steps\n", data->name.c_str(),
              m.config().input_dim, format_int_list(m.config().hidden).c_str(), L, s->arms.size(),
              cfg.batch, cfg.threads, steps);
  std::printf("training      %10.0f samples/s  %7.1f GFLOP/s  (%.2f MFLOP/sample)\n", sps, gflops, flops / 1e6);
  std::printf("GEMM ceiling  %10.1f GFLOP/s    trainer at %.0f%% of it\n", ceiling, 100.0 * gflops / ceiling);
  std::printf("decode 1 point %.3f ms, 20x20 grid %.2f ms, encode %d images %.2f ms\n", decode_one_ms, grid_ms,
              n_enc, encode_ms);
  if (json) {
    io::Json root = io::Json::object();
    root.set("samples_per_s", sps);
    root.set("gflops", gflops);
    root.set("gemm_ceiling_gflops", ceiling);
    root.set("fraction_of_ceiling", gflops / ceiling);
    root.set("threads", cfg.threads);
    root.set("batch", cfg.batch);
    root.set("decode_one_ms", decode_one_ms);
    root.set("grid20_ms", grid_ms);
    root.set("encode_ms", encode_ms);
    root.set("encode_images", n_enc);
    std::printf("%s\n", io::to_json(root).c_str());
  }
  return 0;
}

}  // namespace ll::cli
