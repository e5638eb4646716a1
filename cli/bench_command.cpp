// latentlab-cli bench: training throughput against this machine's GEMM ceiling, the cost of a
// test evaluation against an epoch, the latency of the views' work, and peak memory.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/train_flags.h"
#include "core/data/dataset.h"
#include "core/error.h"
#include "core/io/json.h"
#include "core/latent/grid.h"
#include "core/nn/buffer.h"
#include "core/nn/gemm.h"
#include "core/nn/rng.h"
#include "core/nn/tile_gemm.h"
#include "core/train/trainer.h"
#include "core/vae/evaluate.h"
#include "core/vae/flops.h"
#include "core/vae/forward.h"
#include "core/vae/gradients.h"

namespace ll::cli {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The best rate of `reps` n×n×n single-precision products through the trainer's gemm() (so
// with its library), on `threads` threads: the library with B row-major and with B stored
// transposed, and gemm()'s own choice, which sends a row-major B to tile_gemm where that is
// enabled (at these sizes it runs below the library: it does not block for the caches). The
// best of them is the ceiling, so tile_gemm can raise it but never lower it. The
// process-wide thread count is restored after: the (paused) trainer set it and remembers
// what it set.
double gemm_gflops(int n, int reps, int threads) {
  const int before = gemm_thread_count();
  set_gemm_threads(threads);
  FloatBuffer a(size_t(n) * n), b(size_t(n) * n), c(size_t(n) * n);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = float(i % 7) * 0.25f - 0.75f;
    b[i] = float(i % 5) * 0.5f - 1.f;
  }
  double best = 1e30;
  struct Form {
    bool trans_b;
    GemmRoute route;
  };
  for (const Form f : {Form{false, GemmRoute::LibraryOnly}, Form{true, GemmRoute::LibraryOnly},
                       Form{false, GemmRoute::Auto}}) {
    if (f.route == GemmRoute::Auto && !tile_gemm_enabled()) continue;  // the first form again
    gemm(false, f.trans_b, n, n, n, a.data(), b.data(), 0.f, c.data(), f.route);  // warm-up: page in
    for (int r = 0; r < reps; ++r) {
      const auto t0 = Clock::now();
      gemm(false, f.trans_b, n, n, n, a.data(), b.data(), 0.f, c.data(), f.route);
      best = std::min(best, seconds_since(t0));
    }
  }
  set_gemm_threads(before);
  return 2.0 * n * n * double(n) / best / 1e9;
}

// Best of 5 means, each over enough repetitions of fn to take ~40 ms: the least disturbed
// figure on a machine whose cores are shared.
template <class F>
double time_ms(F&& fn) {
  fn();
  double best = 1e30;
  for (int round = 0; round < 5; ++round) {
    int reps = 0;
    const auto t0 = Clock::now();
    do {
      fn();
      ++reps;
    } while (seconds_since(t0) < 0.04);
    best = std::min(best, seconds_since(t0) * 1000.0 / reps);
  }
  return best;
}

// CPU seconds this process has used, all threads, user + system.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;  // Linux reports kB
}

std::string cpu_model() {
  std::ifstream f("/proc/cpuinfo");
  for (std::string line; std::getline(f, line);)
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  return "unknown";
}

// The 1-minute load average: > cores means others compete for the CPU and the figures drop.
double load_average() {
  double l = -1;
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &l) != 1) l = -1;
    std::fclose(f);
  }
  return l;
}

// The products one training step of this model runs at this batch (recorded from a real
// step, so the list follows the layer code), how many are large enough to be sliced across
// `threads`, and how many of those found an exact cut on this machine's GEMM kernel (the
// rest run whole on one thread).
std::pair<int, int> sliced_products(const Model& m, int batch, int threads) {
  Workspace ws;
  ws.reserve(m.config(), batch);
  std::vector<float> x(size_t(batch) * m.config().input_dim, 0.f), grads(m.params().size());
  std::vector<double> kl(m.config().latent);
  Rng rng(1);
  std::vector<GemmShape> shapes;
  record_gemm_shapes(&shapes);
  compute_gradients(m, x.data(), batch, rng, ObjectiveParams{}, ws, grads.data(), kl.data());
  record_gemm_shapes(nullptr);
  int large = 0, cut = 0;
  for (const GemmShape& p : shapes) {
    const GemmSlicing g = gemm_slicing(p.trans_a, p.trans_b, p.M, p.N, p.K, threads);
    large += g.large;
    cut += g.parts > 1;
  }
  return {large, cut};
}

// Training: `steps` steps after a warm-up, timed by the trainer's own clock (step() only), in
// windows of ~100 steps with the trainer paused between them for a 1024³ ceiling measurement
// at the window's thread count. A shared host's speed drifts over seconds, and the trainer
// (which streams ~28 MB per step) slows more than the cache-resident square product does; each
// window's fraction is against the ceiling measured just before and after it, under the same
// conditions. The headline fraction stays the whole run's mean against the best ceiling.
//
// With a second thread count, `steps` more steps run at it on the same trainer (SetThreads,
// which leaves the numbers as they are), its windows alternating with the first count's: the
// two meet the same conditions, where one run after the other met whatever the host did then
// (2 threads measured 0.94x of 1 that way, from minutes of drift, while slicing only runs when
// its probes find it faster).
struct TrainingRun {
  int threads = 1;
  double flops_per_sample = 0;  // every arm's
  double samples_per_s = 0, gflops = 0, samples_per_cpu_s = 0;
  double ceiling = 0;                   // the best measured at this thread count
  std::vector<double> window_fraction;  // sorted
  double fraction_beside = 0;           // their median
  std::vector<double> window_samples_per_s;  // in the order run
};

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t mid = v.size() / 2;
  return v.size() % 2 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
}

// runs[i].threads says each count, runs[i].ceiling comes in with the best measured so far.
// Returns the last snapshot: the models as the runs left them.
std::shared_ptr<const Snapshot> time_training(const std::shared_ptr<const Dataset>& data,
                                              TrainConfig cfg, int steps,
                                              std::vector<TrainingRun>& runs) {
  cfg.threads = runs[0].threads;
  Trainer trainer(data, cfg);
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
    run.fraction_beside = median_of(run.window_fraction);
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

}  // namespace

int bench_command(const std::vector<std::string>& argv) {
  Args a(argv, {"json", "ae", "compare", "learn-variance"});
  TrainConfig defaults;
  defaults.data = "";
  TrainConfig cfg = read_train_config(a, defaults);
  const int steps = a.integer("steps", 300, 1, 1 << 30);
  const bool json = a.has("json");
  a.finish();
  without_views(cfg);
  cfg.epochs = 0;
  const double load = load_average();

  // The ceiling is the best of a measurement before training and one after: on a machine
  // whose cores are shared, one short burst may land in a busy moment. This one runs before
  // the data is loaded, so its 48 MB of matrices do not add to the peak memory reported.
  double ceiling = std::max(gemm_gflops(1024, 5, cfg.threads), gemm_gflops(2048, 3, cfg.threads));

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
  // The trainer gets no test split: its end-of-epoch evaluation would otherwise land inside
  // the timed steps (150 ms in 600 steps, ~5%) without its FLOPs being counted. It is timed
  // on its own below.
  Split test = loaded.test.count ? std::move(loaded.test) : loaded.train;
  loaded.test = Split{};
  auto data = std::make_shared<const Dataset>(std::move(loaded));
  cfg.data = data->spec;

  // The speed target is stated at one thread, and more threads must never be slower than one:
  // with more, the windows alternate with windows at one thread, so that one invocation shows
  // both under the same conditions.
  std::vector<TrainingRun> runs(cfg.threads > 1 ? 2 : 1);
  runs[0].threads = cfg.threads;
  runs[0].ceiling = ceiling;
  if (cfg.threads > 1) runs[1].ceiling = std::max(gemm_gflops(1024, 5, 1), gemm_gflops(2048, 3, 1));
  const std::shared_ptr<const Snapshot> s = time_training(data, cfg, steps, runs);
  const TrainingRun& run = runs[0];
  ceiling = run.ceiling;
  const double flops = run.flops_per_sample;
  const double sps = run.samples_per_s, sp_cpu_s = run.samples_per_cpu_s, gflops = run.gflops;
  const double fraction_beside = run.fraction_beside;
  const std::vector<double>& window_fraction = run.window_fraction;
  const int windows = int(window_fraction.size());

  // A test evaluation as the trainer runs it at each epoch's end (every arm, same threads),
  // against the time of one epoch at the speed just measured.
  set_gemm_threads(cfg.threads);  // the runs ended on their last count
  Workspace eval_ws;
  const double eval_ms = time_ms([&] {
    for (const ArmSnapshot& arm : s->arms) evaluate(*arm.model, test.pixels.data(), test.count, 1, eval_ws);
  });
  const double epoch_ms = 1000.0 * double(data->train.count) / sps;

  // The views' work, on the first model, on one thread (the UI's situation).
  set_gemm_threads(1);
  const Model& m = *s->arms[0].model;
  const int L = m.config().latent, D = m.config().input_dim;
  Workspace ws;
  std::vector<float> z1(L, 0.5f), img(D);
  const double decode_one_ms = time_ms([&] { decode_images(m, z1.data(), 1, ws, img.data()); });
  const std::vector<float> grid = L >= 2 ? prior_grid(20, 20, L, 0, 1) : std::vector<float>(400 * L, 0.f);
  std::vector<float> grid_img(400 * size_t(D));
  const double grid_ms = time_ms([&] { decode_images(m, grid.data(), 400, ws, grid_img.data()); });
  const int n_enc = int(std::min<size_t>(5000, test.count));
  std::vector<float> mu(size_t(n_enc) * L), lv(size_t(n_enc) * L);
  const double encode_ms = time_ms([&] { encode_images(m, test.pixels.data(), n_enc, ws, mu.data(), lv.data()); });

  const double rss_mb = peak_rss_mb();  // before the second ceiling's matrices
  ceiling = std::max({ceiling, gemm_gflops(1024, 5, cfg.threads), gemm_gflops(2048, 3, cfg.threads)});

  double one_ceiling = 0, speedup_median = 0, speedup_lo = 0, speedup_hi = 0;
  if (cfg.threads > 1) {
    TrainingRun& one = runs[1];
    one_ceiling = std::max({one.ceiling, gemm_gflops(1024, 5, 1), gemm_gflops(2048, 3, 1)});
    std::vector<double> speedup;  // each window at cfg.threads over the one-thread window after it
    for (size_t w = 0; w < run.window_samples_per_s.size(); ++w)
      speedup.push_back(run.window_samples_per_s[w] / one.window_samples_per_s[w]);
    speedup_median = median_of(speedup);
    speedup_lo = *std::min_element(speedup.begin(), speedup.end());
    speedup_hi = *std::max_element(speedup.begin(), speedup.end());
  }
  const TrainingRun& one = runs.back();

  // OpenBLAS picks its kernel for the CPU unless the environment names one; say so, as the
  // figures depend on it (on Zen 5, Haswell's AVX2 kernel runs at about half the AVX-512 one).
  const char* forced_kernel = std::getenv("OPENBLAS_CORETYPE");
  std::printf("cpu %s, %d thread(s), load %.1f, GEMM %s%s%s%s", cpu_model().c_str(), cfg.threads, load,
              gemm_library(), forced_kernel ? " (kernel set by OPENBLAS_CORETYPE=" : "",
              forced_kernel ? forced_kernel : "", forced_kernel ? ")" : "");
  if (tile_gemm_enabled())
    std::printf(", large products through tile_gemm at %d bits\n", tile_gemm_vector_bits());
  else
    std::printf("\n");
  std::printf("data %s, model %d-%s-%d x%zu, batch %d, %d steps\n", data->name.c_str(), D,
              format_int_list(m.config().hidden).c_str(), L, s->arms.size(), cfg.batch, steps);
  std::printf("training      %10.0f samples/s  %7.1f GFLOP/s  (%.2f MFLOP/sample; %.0f samples per CPU-second)\n",
              sps, gflops, flops / 1e6, sp_cpu_s);
  // Per CPU-second and per thread, against the ceiling per thread: the figure time-sharing
  // with other programs disturbs least (at 1 thread, what the trainer would reach alone).
  const double cpu_fraction = sp_cpu_s * flops / 1e9 / (ceiling / cfg.threads);
  std::printf("GEMM ceiling  %10.1f GFLOP/s    trainer at %.0f%% of it (%.0f%% per CPU-second)\n", ceiling,
              100.0 * gflops / ceiling, 100.0 * cpu_fraction);
  if (windows == 1)
    std::printf("beside            trainer at %.0f%% of the ceiling measured around it\n", 100.0 * fraction_beside);
  else
    std::printf("beside            trainer at %.0f%% of the ceiling measured around it (median of %d windows, %.0f%%-%.0f%%)\n",
                100.0 * fraction_beside, windows, 100.0 * window_fraction.front(), 100.0 * window_fraction.back());
  if (cfg.threads > 1) {
    const auto [big, cut] = sliced_products(m, cfg.batch, cfg.threads);
    std::printf("slicing       %d of the model's %d large products cut exactly across %d threads\n", cut, big,
                cfg.threads);
    std::printf("1 thread      %10.0f samples/s  %7.1f GFLOP/s  = %.0f%% of the 1-thread ceiling (%.1f GFLOP/s; beside %.0f%%)\n",
                one.samples_per_s, one.gflops, 100.0 * one.gflops / one_ceiling, one_ceiling,
                100.0 * one.fraction_beside);
    std::printf("%d threads vs 1  %.2fx as fast (median of %d paired windows, %.2fx-%.2fx)\n", cfg.threads,
                speedup_median, windows, speedup_lo, speedup_hi);
  }
  std::printf("test eval     %10.1f ms (%zu images) = %.1f%% of an epoch (%.0f ms)\n", eval_ms, test.count,
              100.0 * eval_ms / epoch_ms, epoch_ms);
  std::printf("views         decode 1 point %.3f ms, 20x20 grid %.2f ms, encode %d images %.2f ms\n",
              decode_one_ms, grid_ms, n_enc, encode_ms);
  std::printf("peak RSS      %10.1f MB\n", rss_mb);
  if (json) {
    io::Json root = io::Json::object();
    root["samples_per_s"] = sps;
    root["gflops"] = gflops;
    root["samples_per_cpu_s"] = sp_cpu_s;
    root["gemm_ceiling_gflops"] = ceiling;
    root["fraction_of_ceiling"] = gflops / ceiling;
    root["fraction_of_ceiling_per_cpu_s"] = cpu_fraction;
    root["fraction_of_ceiling_beside"] = fraction_beside;
    root["windows"] = windows;
    if (cfg.threads > 1) {
      io::Json o = io::Json::object();
      o["samples_per_s"] = one.samples_per_s;
      o["gflops"] = one.gflops;
      o["gemm_ceiling_gflops"] = one_ceiling;
      o["fraction_of_ceiling"] = one.gflops / one_ceiling;
      o["fraction_of_ceiling_beside"] = one.fraction_beside;
      root["one_thread"] = std::move(o);
      root["speedup_over_one_thread"] = sps / one.samples_per_s;
      root["speedup_over_one_thread_windows_median"] = speedup_median;
    }
    root["threads"] = cfg.threads;
    root["batch"] = cfg.batch;
    root["arms"] = int(s->arms.size());
    root["eval_ms"] = eval_ms;
    root["epoch_ms"] = epoch_ms;
    root["eval_fraction_of_epoch"] = eval_ms / epoch_ms;
    root["decode_one_ms"] = decode_one_ms;
    root["grid20_ms"] = grid_ms;
    root["encode_ms"] = encode_ms;
    root["encode_images"] = n_enc;
    root["peak_rss_mb"] = rss_mb;
    root["load_average"] = load;
    root["cpu"] = cpu_model();
    root["gemm_library"] = std::string(gemm_library());
    if (forced_kernel) root["openblas_coretype"] = std::string(forced_kernel);
    root["tile_gemm_bits"] = tile_gemm_vector_bits();
    std::printf("%s\n", io::to_json(root).c_str());
  }
  return 0;
}

}  // namespace ll::cli
