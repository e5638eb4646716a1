// latentlab-cli bench: training throughput against this machine's GEMM ceiling, the cost of a
// test evaluation against an epoch, the latency of the views' work, and peak memory. The
// report; the measurements are in bench_ceiling, bench_training and bench_host.
#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/bench_ceiling.h"
#include "cli/bench_host.h"
#include "core/util/process_memory.h"
#include "cli/bench_training.h"
#include "cli/commands.h"
#include "core/data/dataset.h"
#include "core/error.h"
#include "core/io/json.h"
#include "core/latent/grid.h"
#include "core/nn/gemm.h"
#include "core/nn/tile_gemm.h"
#include "core/train/trainer.h"
#include "core/util/stats.h"
#include "core/vae/evaluate.h"
#include "core/vae/forward.h"

namespace ll::cli {

int bench_command(const BenchOptions& o) {
  TrainConfig cfg = o.config;
  const int steps = o.steps;
  const bool json = o.json;
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
  // the timed steps without its FLOPs being counted. It is timed
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
  GemmThreads eval_threads(cfg.threads);  // as the trainer thread evaluates
  Workspace eval_ws;
  const double eval_ms = time_ms([&] {
    for (const ArmSnapshot& arm : s->arms) evaluate(*arm.model, test.pixels.data(), test.count, 1, eval_ws);
  });
  const double epoch_ms = 1000.0 * double(data->train.count) / sps;

  // The views' work, on the first model, on one thread (the UI's situation).
  GemmThreads view_threads(1);
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

  const double rss_mb = ll::peak_rss_mib();  // before the second ceiling's matrices
  ceiling = std::max({ceiling, gemm_gflops(1024, 5, cfg.threads), gemm_gflops(2048, 3, cfg.threads)});

  double one_ceiling = 0, speedup_median = 0, speedup_lo = 0, speedup_hi = 0;
  if (cfg.threads > 1) {
    TrainingRun& one = runs[1];
    one_ceiling = std::max({one.ceiling, gemm_gflops(1024, 5, 1), gemm_gflops(2048, 3, 1)});
    std::vector<double> speedup;  // each window at cfg.threads over the one-thread window after it
    for (size_t w = 0; w < run.window_samples_per_s.size(); ++w)
      speedup.push_back(run.window_samples_per_s[w] / one.window_samples_per_s[w]);
    speedup_median = median(speedup);
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
  {
    // Products a shard runs on the library instead of tile_gemm, with their share of the FLOPs.
    const StepProducts prod = step_products(m, cfg.batch);
    double all = 0, lib = 0;
    std::string names;
    for (const GemmShape& p : prod.all) all += 2.0 * p.M * p.N * p.K;
    for (const GemmShape& p : prod.library) {
      lib += 2.0 * p.M * p.N * p.K;
      names += std::string(names.empty() ? "" : ", ") + std::to_string(p.M) + "x" + std::to_string(p.N) + "x" +
               std::to_string(p.K) + (p.trans_a ? " Aᵀ" : "") + (p.trans_b ? " Bᵀ" : "");
    }
    std::printf("products      %d batch shards of <= %d rows, one thread each; %zu of a shard's %zu products "
                "(%.0f%% of its FLOPs) go to %s%s%s\n",
                kBatchShards, (cfg.batch + kBatchShards - 1) / kBatchShards, prod.library.size(), prod.all.size(),
                all > 0 ? 100.0 * lib / all : 0.0, tile_gemm_enabled() ? "the library" : "the library (no tile_gemm)",
                names.empty() ? "" : ": ", names.c_str());
  }
  if (cfg.threads > 1) {
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
