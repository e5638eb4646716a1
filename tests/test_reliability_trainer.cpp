// The trainer under load: thousands of commands from one thread while it trains, snapshots
// read and decoded on another, and the final state must be exactly what the last commands
// asked for. Named TrainerStress* so scripts/test --sanitize tsan (-R 'Trainer|...') runs it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "core/data/dataset.h"
#include "core/io/checkpoint.h"
#include "core/train/trainer.h"
#include "core/vae/forward.h"
#include "tests/temp_dir.h"

namespace ll {
namespace {

std::shared_ptr<const Dataset> stress_data() {
  static auto d = std::make_shared<const Dataset>(load_dataset("synthetic:300", 5));
  return d;
}

TrainConfig stress_config() {
  TrainConfig c;
  c.data = stress_data()->spec;
  c.model.hidden = {16};
  c.model.latent = 2;
  c.batch = 25;
  c.arms = {ArmConfig{ModelKind::Vae, 1.f}, ArmConfig{ModelKind::Ae, 1.f}};
  c.metrics_every = 3;
  return c;
}

ViewConfig stress_views() {
  ViewConfig v;
  v.view_codes = 50;
  v.view_examples = 4;
  v.publish_every_ms = 1;
  v.views_every_ms = 2;
  return v;
}

// A hung trainer would hang ctest until its timeout with no hint; this names the stage.
class Watchdog {
 public:
  Watchdog(int seconds, const char* what) : what_(what), thread_([this, seconds] {
    std::unique_lock lock(m_);
    if (!cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return done_; })) {
      std::fprintf(stderr, "TrainerStress: deadlock? %s did not finish in %d s\n", what_, seconds);
      std::abort();
    }
  }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(m_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  const char* what_;
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

TEST(TrainerStress, ThousandsOfCommandsWhileSnapshotsAreDecodedOnAnotherThread) {
  const testing::TempDir tmp;
  const std::filesystem::path& dir = tmp.path;
  Watchdog watchdog(300, "the command flood");
  Trainer t(stress_data(), stress_config(), stress_views());
  t.send({Command::Type::Start});

  // Reader: what a GUI frame does — take the latest snapshot, decode under a cursor with the
  // snapshot's own model, read the curves — as fast as it can.
  std::atomic<bool> stop{false};
  std::atomic<int64_t> decoded{0};
  std::atomic<bool> reader_ok{true};
  std::atomic<int64_t> max_step{0};
  std::thread reader([&] {
    Workspace ws;
    uint64_t last_id = 0;
    std::vector<float> z, img;
    while (!stop.load()) {
      auto s = t.wait_snapshot(last_id, 5);
      if (s->id < last_id) reader_ok = false;  // ids only grow
      last_id = s->id;
      if (s->step > max_step.load()) max_step = s->step;
      for (const ArmSnapshot& a : s->arms) {
        const ModelConfig& mc = a.model->config();
        z.assign(size_t(mc.latent), 0.5f);
        img.assign(size_t(mc.input_dim), 0.f);
        decode_images(*a.model, z.data(), 1, ws, img.data());
        for (float v : img)
          if (!(v >= 0.f && v <= 1.f)) reader_ok = false;
        double sum = 0;
        for (const MetricPoint& p : a.train) sum += p.loss;
        (void)sum;
        if (a.views_step >= 0 && a.recon.size() != s->example_index.size() * size_t(mc.input_dim))
          reader_ok = false;
        ++decoded;
      }
    }
  });

  // Writer: a seeded flood of every kind of command, a few shapes of model among the resets.
  std::thread writer([&] {
    std::mt19937 rng(1234);
    TrainConfig other = stress_config();
    other.model.hidden = {8, 8};
    other.model.latent = 3;
    other.arms = {ArmConfig{ModelKind::Vae, 2.f}};
    for (int i = 0; i < 3000; ++i) {
      // Pauses in the flood let the trainer take steps between commands too.
      if (i % 100 == 99) std::this_thread::sleep_for(std::chrono::milliseconds(3));
      switch (rng() % 13) {
        case 0: t.send({Command::Type::Pause}); break;
        case 1: t.send({Command::Type::Resume}); break;
        case 2: t.send({Command::Type::Start}); break;
        case 3: t.send({Command::Type::Step, double(1 + rng() % 5)}); break;
        case 4: t.send({Command::Type::SetBeta, (rng() % 100) / 10.0}); break;
        case 5: t.send({Command::Type::SetLearningRate, 1e-4 * double(1 + rng() % 20)}); break;
        case 6: t.send({Command::Type::Save, 0, -1, dir.string()}); break;
        case 7: t.send({Command::Type::Load, 0, -1, (dir / "vae.safetensors").string()}); break;
        case 8:
          if (rng() % 8 == 0) t.send({Command::Type::Reset, 0, -1, "", rng() % 2 ? other : stress_config()});
          else t.send({Command::Type::Reset});
          break;
        case 9: t.send({Command::Type::SetWarmup, double(rng() % 50)}); break;
        case 10: t.send({Command::Type::SetFreeBits, (rng() % 10) / 10.0}); break;
        case 11: t.send({Command::Type::SetThreads, double(rng() % 4)}); break;  // 0 is refused
        default:
          // Now and then let it train between commands, and wait like the CLI does.
          if (rng() % 4 == 0) t.sync();
          else std::this_thread::yield();
      }
    }
    // The last word: train, set β and the rate, pause.
    t.send({Command::Type::Start});
    t.send({Command::Type::SetBeta, 0.3});
    t.send({Command::Type::SetLearningRate, 5e-4});
    t.send({Command::Type::Pause});
  });
  writer.join();
  auto s = t.sync();
  // Let the reader see the final state too, then stop it.
  while (decoded.load() < 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  stop = true;
  reader.join();

  EXPECT_TRUE(reader_ok.load());
  EXPECT_EQ(s->status, TrainerStatus::Paused) << to_string(s->status) << ": " << s->message;
  EXPECT_FLOAT_EQ(s->lr, 5e-4f);
  for (const ArmSnapshot& a : s->arms) {
    if (a.arm.kind == ModelKind::Vae) {
      EXPECT_FLOAT_EQ(a.beta, 0.3f) << a.name;
    }
  }
  for (const ArmSnapshot& a : s->arms) EXPECT_TRUE(a.model->all_finite()) << a.name;
  // Paused means paused: no step is taken afterwards.
  const int64_t step = s->step;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(t.snapshot()->step, step);
  // Whatever the flood saved last is a whole checkpoint.
  if (std::filesystem::exists(dir / "vae.safetensors")) {
    EXPECT_NO_THROW(load_checkpoint((dir / "vae.safetensors").string()));
  }
  std::printf("TrainerStress: 3000 commands, %lld snapshot decodes, up to step %lld between resets\n",
              (long long)decoded.load(), (long long)max_step.load());
}

// Destroying a trainer in the middle of a flood must neither hang nor leak: the destructor
// joins a thread that may be busy with any command.
TEST(TrainerStress, DestroyedWhileCommandsArePending) {
  Watchdog watchdog(120, "destroying busy trainers");
  for (int round = 0; round < 20; ++round) {
    Trainer t(stress_data(), stress_config(), stress_views());
    t.send({Command::Type::Start});
    for (int i = 0; i < 50; ++i) {
      t.send({Command::Type::SetBeta, 0.5});
      t.send({i % 2 ? Command::Type::Pause : Command::Type::Resume});
      if (i % 10 == 0) t.send({Command::Type::Reset});
    }
    if (round % 2) t.snapshot();
  }
}

}  // namespace
}  // namespace ll
