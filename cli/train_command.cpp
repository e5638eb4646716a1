// latentlab-cli train: the GUI's trainer, driven to a fixed number of epochs, then saved and
// exported.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "core/data/dataset.h"
#include "core/error.h"
#include "core/io/exports.h"
#include "core/io/json.h"
#include "core/latent/holes.h"
#include "core/train/metrics_csv.h"
#include "core/train/trainer.h"

namespace ll::cli {

namespace {

// One line that rewrites itself on a terminal; plain lines (one per epoch) when piped.
class Progress {
 public:
  explicit Progress(bool quiet) : tty_(isatty(fileno(stderr))), quiet_(quiet) {}

  void update(const Snapshot& s, int epochs) {
    if (quiet_) return;
    const double frac = epochs > 0 ? std::min(1.0, s.epoch / epochs) : 0.0;
    char line[512];
    int n = std::snprintf(line, sizeof line, "epoch %5.2f/%d", s.epoch, epochs);
    if (tty_) {
      char bar[31];
      const int filled = int(frac * 30);
      for (int i = 0; i < 30; ++i) bar[i] = i < filled ? '#' : '.';
      bar[30] = 0;
      n += std::snprintf(line + n, sizeof line - n, " [%s]", bar);
    }
    for (const ArmSnapshot& a : s.arms)
      if (!a.train.empty())
        n += std::snprintf(line + n, sizeof line - n, "  %s -elbo %.2f (rec %.2f kl %.2f)",
                           a.name.c_str(), a.train.back().loss, a.train.back().rec, a.train.back().kl);
    // 0 once training has stopped (the trainer reports no rate then): the summary line after
    // the run gives the average instead.
    if (s.samples_per_s > 0) std::snprintf(line + n, sizeof line - n, "  %.0f samples/s", s.samples_per_s);
    if (tty_) {
      std::fprintf(stderr, "\r%s\033[K", line);
    } else if (int(s.epoch) != last_epoch_) {
      last_epoch_ = int(s.epoch);
      std::fprintf(stderr, "%s\n", line);
    }
  }
  void done() {
    if (tty_ && !quiet_) std::fputc('\n', stderr);
  }

 private:
  bool tty_, quiet_;
  int last_epoch_ = -1;
};

io::Json model_json(const ArmSnapshot& a, double samples_per_s) {
  io::Json m = io::Json::object();
  if (!a.test.empty()) {
    m["test_loss"] = a.test.back().loss;
    m["test_rec"] = a.test.back().rec;
    m["test_kl"] = a.test.back().kl;
  }
  if (!a.train.empty()) m["train_loss"] = a.train.back().loss;
  m["train_samples_per_s"] = samples_per_s;
  return m;
}

}  // namespace

int train_command(const TrainOptions& o) {
  TrainConfig cfg = o.config;
  const std::string& out = o.out;
  const int checkpoint_every = o.checkpoint_every;
  const bool json = o.json, quiet = o.quiet;
  ViewConfig views = without_views();
  views.publish_every_ms = 200;

  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) throw Error(out + ": cannot create the output folder: " + ec.message());

  auto data = std::make_shared<const Dataset>(load_dataset(cfg.data, cfg.seed));
  if (!quiet)
    std::fprintf(stderr, "%s: %zu train / %zu test images of %dx%dx%d; training %zu model(s), %d epochs\n",
                 data->name.c_str(), data->train.count, data->test.count, data->height, data->width,
                 data->channels, cfg.arms.size(), cfg.epochs);
  Trainer trainer(data, cfg, views);
  trainer.send({Command::Type::Start});
  Progress progress(quiet);
  int64_t next_checkpoint = checkpoint_every;
  std::shared_ptr<const Snapshot> s = trainer.sync();
  while (s->status == TrainerStatus::Running) {
    s = trainer.wait_snapshot(s->id, 1000);
    progress.update(*s, cfg.epochs);
    if (checkpoint_every > 0 && s->step >= next_checkpoint && s->status == TrainerStatus::Running) {
      trainer.send({Command::Type::Save, 0, -1, out});
      next_checkpoint = (s->step / checkpoint_every + 1) * checkpoint_every;
    }
  }
  progress.done();
  const TrainerStatus end = s->status;
  // Why training stopped (a divergence, a failure); the save below replaces the message.
  const std::string end_message = s->message;
  // Whatever happened, save what there is: after a divergence these are the restored weights.
  trainer.send({Command::Type::Save, 0, -1, out});
  s = trainer.sync();
  if (s->message_is_error && s->message.rfind("save failed", 0) == 0) throw Error(s->message);

  write_metrics_csv((std::filesystem::path(out) / "metrics.csv").string(), *s);
  // The hole threshold depends only on the data: measure it once for every model.
  const HoleThreshold threshold = hole_threshold(*data);
  for (const ArmSnapshot& arm : s->arms) export_views(out, arm.name, *arm.model, *data, cfg.seed, &threshold);

  if (end != TrainerStatus::Finished) {
    std::fprintf(stderr, "latentlab-cli train: %s\n", end_message.c_str());
    return 3;
  }
  const double sps = s->train_seconds > 0 ? double(s->samples_seen) / s->train_seconds : 0.0;
  for (const ArmSnapshot& arm : s->arms)
    if (!arm.test.empty())
      std::printf("%s: test -ELBO %.2f nats (reconstruction %.2f, KL %.2f) after %.0f epoch%s\n",
                  arm.name.c_str(), arm.test.back().loss, arm.test.back().rec, arm.test.back().kl,
                  s->epoch, s->epoch == 1.0 ? "" : "s");
  std::printf("%.0f samples/s (%d thread%s); wrote %s\n", sps, cfg.threads, cfg.threads > 1 ? "s" : "",
              out.c_str());
  if (json) {
    io::Json models = io::Json::object();
    for (const ArmSnapshot& arm : s->arms) models[arm.name] = model_json(arm, sps);
    io::Json root = io::Json::object();
    root["models"] = models;
    std::printf("%s\n", io::to_json(root).c_str());
  }
  return 0;
}

}  // namespace ll::cli
