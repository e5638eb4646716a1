// The trainer thread: commands while it runs, determinism, compare mode, divergence, epochs,
// save and load through commands.
#include <gtest/gtest.h>

#include <set>

#include <cmath>
#include <filesystem>
#include <thread>

#include "core/data/dataset.h"
#include "core/io/checkpoint.h"
#include "core/nn/bfloat16.h"
#include "core/nn/gemm.h"
#include "core/nn/rng.h"
#include "core/train/trainer.h"
#include "core/vae/forward.h"
#include "tests/shared_tensors.h"

namespace ll {
namespace {

std::shared_ptr<const Dataset> tiny_data() {
  static auto d = std::make_shared<const Dataset>(load_dataset("synthetic:600", 3));
  return d;
}

TrainConfig tiny_config() {
  TrainConfig c;
  c.data = tiny_data()->spec;
  c.model.hidden = {32};
  c.model.latent = 2;
  c.batch = 50;
  c.metrics_every = 2;
  return c;
}

ViewConfig tiny_views() {
  ViewConfig v;
  v.view_codes = 100;
  v.view_examples = 4;
  v.publish_every_ms = 10;
  v.views_every_ms = 20;
  return v;
}

// Runs `n` steps and waits for the trainer to pause after them.
std::shared_ptr<const Snapshot> run_steps(Trainer& t, int n) {
  t.send({Command::Type::Step, double(n)});
  auto s = t.sync();
  while (s->status == TrainerStatus::Running) s = t.wait_snapshot(s->id, 2000);
  return s;
}

std::string tmp_dir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("latentlab_trainer_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

TEST(Trainer, StartsIdleWithViewsAndSteps) {
  Trainer t(tiny_data(), tiny_config(), tiny_views());
  auto s = t.snapshot();
  EXPECT_EQ(s->status, TrainerStatus::Idle);
  EXPECT_EQ(s->step, 0);
  ASSERT_EQ(s->arms.size(), 1u);
  EXPECT_EQ(s->arms[0].codes_mu.size(), 100u * 2);
  EXPECT_EQ(s->arms[0].recon.size(), 4u * 784);
  s = run_steps(t, 7);
  EXPECT_EQ(s->status, TrainerStatus::Paused);
  EXPECT_EQ(s->step, 7);
  EXPECT_EQ(s->arms[0].train.size(), 3u);  // metrics_every = 2
}

TEST(Trainer, SameSeedGivesIdenticalWeights) {
  FloatBuffer a, b;
  for (auto* out : {&a, &b}) {
    Trainer t(tiny_data(), tiny_config(), tiny_views());
    auto s = run_steps(t, 15);
    *out = s->arms[0].model->params();
  }
  EXPECT_EQ(a, b);
  TrainConfig other = tiny_config();
  other.seed = 2;
  Trainer t(tiny_data(), other, tiny_views());
  EXPECT_NE(run_steps(t, 15)->arms[0].model->params(), a);
}

// Threads split work without changing it: the arms of compare mode step on their own threads,
// and a product sliced across threads computes each element exactly as one thread would. So
// the numbers are the same for any thread count, not only for the same one.
TEST(Trainer, ThreadCountDoesNotChangeTheNumbers) {
  TrainConfig c = tiny_config();
  c.model.hidden = {256};  // products large enough to be sliced across threads
  c.batch = 64;
  for (const bool compare : {false, true}) {
    if (compare) c.arms = {ArmConfig{ModelKind::Vae, 1.f}, ArmConfig{ModelKind::Ae, 1.f}};
    std::vector<FloatBuffer> by_threads[2];
    for (int threads : {1, 2}) {
      c.threads = threads;
      Trainer t(tiny_data(), c, tiny_views());
      auto s = run_steps(t, 6);
      for (const ArmSnapshot& arm : s->arms) by_threads[threads - 1].push_back(arm.model->params());
    }
    EXPECT_EQ(by_threads[0], by_threads[1]) << (compare ? "compare mode" : "one model");
  }
}

// The batch's shards are shared out among the threads, the arms' too when there are more
// threads than arms, and summed in shard order: 1, 2 and 3 threads give the same bits, through
// an epoch's end (a short last batch, whose shards are shorter) and with free bits on (the
// floor is decided on the whole batch's KL, between the shards' two passes).
TEST(Trainer, ShardedStepsGiveTheSameNumbersForOneTwoAndThreeThreads) {
  TrainConfig c = tiny_config();
  c.model.hidden = {64};
  c.model.latent = 3;
  c.batch = 64;  // 600 images: 9 batches of 64 and one of 24 per epoch
  c.free_bits = 0.02f;
  for (const bool compare : {false, true}) {
    if (compare) c.arms = {ArmConfig{ModelKind::Vae, 1.f}, ArmConfig{ModelKind::Ae, 1.f}};
    std::vector<FloatBuffer> params[3];
    std::vector<double> train_loss[3];
    for (int threads : {1, 2, 3}) {
      c.threads = threads;
      Trainer t(tiny_data(), c, tiny_views());
      auto s = run_steps(t, 12);
      ASSERT_EQ(s->step, 12);
      for (const ArmSnapshot& arm : s->arms) {
        params[threads - 1].push_back(arm.model->params());
        for (const MetricPoint& p : arm.train) train_loss[threads - 1].push_back(p.loss);
      }
    }
    const char* what = compare ? "compare mode" : "one model";
    EXPECT_EQ(params[0], params[1]) << what << ": 2 threads";
    EXPECT_EQ(params[0], params[2]) << what << ": 3 threads";
    EXPECT_FALSE(train_loss[0].empty());
    EXPECT_EQ(train_loss[0], train_loss[1]) << what << ": 2 threads";
    EXPECT_EQ(train_loss[0], train_loss[2]) << what << ": 3 threads";
  }
}

// Changing the thread count while training (bench alternates its windows between counts)
// leaves the numbers as one thread throughout gives them, and the run goes on at the new count.
TEST(Trainer, SetThreadsMidRunDoesNotChangeTheNumbers) {
  TrainConfig c = tiny_config();
  c.model.hidden = {256};
  c.batch = 64;
  c.arms = {ArmConfig{ModelKind::Vae, 1.f}, ArmConfig{ModelKind::Ae, 1.f}};
  c.threads = 1;
  std::vector<FloatBuffer> steady, switched;
  {
    Trainer t(tiny_data(), c, tiny_views());
    for (const ArmSnapshot& arm : run_steps(t, 8)->arms) steady.push_back(arm.model->params());
  }
  Trainer t(tiny_data(), c, tiny_views());
  run_steps(t, 3);
  t.send({Command::Type::SetThreads, 2});
  run_steps(t, 3);
  t.send({Command::Type::SetThreads, 0});  // refused, with the reason
  auto refused = t.sync();
  EXPECT_TRUE(refused->message_is_error);
  EXPECT_EQ(refused->message, "threads must be in 1..256, got 0");
  t.send({Command::Type::SetThreads, 1e300});  // no int holds it: refused too, not cast
  auto huge = t.sync();
  EXPECT_GT(huge->message_id, refused->message_id);
  EXPECT_EQ(huge->message, "threads must be in 1..256, got 0");
  t.send({Command::Type::SetThreads, 1});
  auto s = run_steps(t, 2);
  ASSERT_EQ(s->step, 8);
  for (const ArmSnapshot& arm : s->arms) switched.push_back(arm.model->params());
  EXPECT_EQ(steady, switched);
}

TEST(Trainer, CompareModeStartsFromTheSameWeightsAndSeesTheSameBatches) {
  TrainConfig c = tiny_config();
  c.arms = {ArmConfig{ModelKind::Vae, 1.f}, ArmConfig{ModelKind::Ae, 1.f}};
  Trainer t(tiny_data(), c, tiny_views());
  auto s = t.snapshot();
  ASSERT_EQ(s->arms.size(), 2u);
  EXPECT_EQ(s->arms[0].name, "vae");
  EXPECT_EQ(s->arms[1].name, "ae");
  // Every tensor the AE has starts as the VAE's.
  const Model& vae = *s->arms[0].model;
  const Model& ae = *s->arms[1].model;
  ASSERT_LT(ae.params().size(), vae.params().size());
  EXPECT_TRUE(testing::same_shared_tensors(ae, vae));
  s = run_steps(t, 10);
  EXPECT_EQ(s->arms[0].train.size(), s->arms[1].train.size());
  EXPECT_GT(s->arms[0].train.back().kl, 0.0);
  EXPECT_EQ(s->arms[1].train.back().kl, 0.0);
  // The AE's codes carry no σ.
  for (float lv : s->arms[1].codes_logvar) ASSERT_EQ(lv, 0.f);
}

TEST(Trainer, PauseResumeAndLiveSettingsWhileRunning) {
  Trainer t(tiny_data(), tiny_config(), tiny_views());
  t.send({Command::Type::Start});
  auto s = t.sync();
  EXPECT_EQ(s->status, TrainerStatus::Running);
  while (s->step < 20) s = t.wait_snapshot(s->id, 2000);
  t.send({Command::Type::SetBeta, 0.25});
  t.send({Command::Type::SetLearningRate, 3e-4});
  t.send({Command::Type::Pause});
  s = t.sync();
  EXPECT_EQ(s->status, TrainerStatus::Paused);
  EXPECT_FLOAT_EQ(s->arms[0].beta, 0.25f);
  EXPECT_FLOAT_EQ(s->lr, 3e-4f);
  const int64_t paused_at = s->step;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(t.snapshot()->step, paused_at);
  t.send({Command::Type::Resume});
  s = t.sync();
  while (s->step < paused_at + 5) s = t.wait_snapshot(s->id, 2000);
  t.send({Command::Type::Reset});
  s = t.sync();
  EXPECT_EQ(s->status, TrainerStatus::Idle);
  EXPECT_EQ(s->step, 0);
  EXPECT_TRUE(s->arms[0].train.empty());
}

// Snapshots share one immutable copy of the weights while the weights stay as they were (a
// paused run's publishes, a live setting), and get a new copy once a step or a Reset changes
// them: the copies alive are one per change of the weights, not one per publish.
TEST(Trainer, SnapshotsShareTheModelCopyWhileTheWeightsAreUnchanged) {
  TrainConfig c = tiny_config();
  c.arms = {ArmConfig{ModelKind::Vae, 1.f}, ArmConfig{ModelKind::Ae, 1.f}};
  Trainer t(tiny_data(), c, tiny_views());
  auto a = run_steps(t, 3);
  ASSERT_EQ(a->arms.size(), 2u);
  t.send({Command::Type::SetBeta, 0.5});  // a publish that changes no weight
  auto b = t.sync();
  ASSERT_GT(b->id, a->id);
  for (size_t i = 0; i < 2; ++i) EXPECT_EQ(b->arms[i].model.get(), a->arms[i].model.get()) << i;
  EXPECT_NE(b->arms[0].model.get(), b->arms[1].model.get());  // each arm its own copy

  auto after = run_steps(t, 1);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_NE(after->arms[i].model.get(), a->arms[i].model.get()) << i;
    EXPECT_NE(after->arms[i].model->params(), a->arms[i].model->params()) << i;
  }
  // A snapshot's copy is immutable: the older one still holds the weights of step 3.
  EXPECT_EQ(a->step, 3);
  t.send({Command::Type::Reset});
  auto reset = t.sync();
  EXPECT_NE(reset->arms[0].model.get(), after->arms[0].model.get());
}

TEST(Trainer, BadSettingsAreRefusedWithAMessage) {
  Trainer t(tiny_data(), tiny_config(), tiny_views());
  t.send({Command::Type::SetLearningRate, -1});
  auto s = t.sync();
  EXPECT_TRUE(s->message_is_error);
  EXPECT_NE(s->message.find("learning rate"), std::string::npos);
  EXPECT_FLOAT_EQ(s->lr, 1e-3f);

  TrainConfig bad = tiny_config();
  bad.data = "idx:/nonexistent/folder";
  t.send({Command::Type::Reset, 0, -1, "", bad});
  s = t.sync();
  EXPECT_TRUE(s->message_is_error);
  EXPECT_NE(s->message.find("/nonexistent/folder"), std::string::npos) << s->message;
  EXPECT_EQ(s->data->spec, tiny_data()->spec);  // kept what it had
  EXPECT_EQ(s->status, TrainerStatus::Idle);
}

TEST(Trainer, DivergenceRestoresFiniteWeightsAndPauses) {
  TrainConfig c = tiny_config();
  c.lr = 1e8f;
  Trainer t(tiny_data(), c, tiny_views());
  auto s = run_steps(t, 500);
  ASSERT_EQ(s->status, TrainerStatus::Diverged) << s->message;
  EXPECT_TRUE(s->message_is_error);
  EXPECT_NE(s->message.find("diverged"), std::string::npos);
  EXPECT_TRUE(s->arms[0].model->all_finite());
  // Lowering the learning rate and resuming trains on from the restored weights.
  t.send({Command::Type::SetLearningRate, 1e-3});
  s = run_steps(t, 5);
  EXPECT_EQ(s->status, TrainerStatus::Paused);
  EXPECT_TRUE(s->arms[0].model->all_finite());
}

// The rollback copy keeps the weights exactly (Adam's moments in bfloat16): a divergence
// brings back the very weights of the last copy's step.
TEST(Trainer, DivergenceRestoresTheExactWeightsOfTheLastCopy) {
  Trainer t(tiny_data(), tiny_config(), tiny_views());
  auto good = run_steps(t, 200);  // a copy is kept every 200 steps: this one
  ASSERT_EQ(good->status, TrainerStatus::Paused);
  t.send({Command::Type::SetLearningRate, 1e8});
  auto s = run_steps(t, 150);
  ASSERT_EQ(s->status, TrainerStatus::Diverged) << s->message;
  EXPECT_NE(s->message.find("of step 200"), std::string::npos) << s->message;
  EXPECT_NE(s->message.find("lower the learning rate and resume"), std::string::npos) << s->message;
  EXPECT_EQ(s->arms[0].model->params(), good->arms[0].model->params());
}

TEST(Bfloat16, RoundsToNearestEvenAndKeepsFloatsRange) {
  EXPECT_EQ(float_to_bf16(1.f), 0x3f80);
  EXPECT_EQ(bf16_to_float(float_to_bf16(1.f + std::ldexp(1.f, -8))), 1.f);  // tie: to even
  EXPECT_EQ(bf16_to_float(float_to_bf16(1.f + 3 * std::ldexp(1.f, -8))), 1.f + std::ldexp(1.f, -6));
  EXPECT_EQ(bf16_to_float(float_to_bf16(1e-30f)) > 0, true);  // a tiny second moment stays > 0
  EXPECT_NEAR(bf16_to_float(float_to_bf16(1e-30f)), 1e-30f, 1e-30f * 0.004f);
  EXPECT_TRUE(std::isnan(bf16_to_float(float_to_bf16(std::nanf("")))));
  Rng rng(3);
  for (int i = 0; i < 10000; ++i) {
    const float x = std::ldexp(1.f + float(rng.below(1u << 20)) / float(1u << 20), int(rng.below(200)) - 100);
    ASSERT_LE(std::fabs(bf16_to_float(float_to_bf16(x)) - x), std::ldexp(x, -8)) << x;
  }
}

TEST(Trainer, FinishesAfterTheConfiguredEpochsWithTestPoints) {
  TrainConfig c = tiny_config();
  c.epochs = 2;
  Trainer t(tiny_data(), c, tiny_views());
  t.send({Command::Type::Start});
  auto s = t.sync();
  while (s->status == TrainerStatus::Running) s = t.wait_snapshot(s->id, 2000);
  EXPECT_EQ(s->status, TrainerStatus::Finished);
  ASSERT_EQ(s->arms[0].test.size(), 2u);
  EXPECT_LT(s->arms[0].test[1].loss, s->arms[0].test[0].loss);  // it learns
  EXPECT_DOUBLE_EQ(s->epoch, 2.0);
}

TEST(Trainer, SaveAndLoadThroughCommands) {
  const std::string dir = tmp_dir("save");
  TrainConfig c = tiny_config();
  c.arms = {ArmConfig{ModelKind::Vae, 1.f}, ArmConfig{ModelKind::Ae, 1.f}};
  Trainer t(tiny_data(), c, tiny_views());
  auto trained = run_steps(t, 12);
  t.send({Command::Type::Save, 0, -1, dir});
  auto s = t.sync();
  ASSERT_FALSE(s->message_is_error) << s->message;
  ASSERT_TRUE(std::filesystem::exists(dir + "/vae.safetensors"));
  ASSERT_TRUE(std::filesystem::exists(dir + "/ae.safetensors"));

  t.send({Command::Type::Reset});
  s = t.sync();
  EXPECT_NE(s->arms[0].model->params(), trained->arms[0].model->params());
  t.send({Command::Type::Load, 0, -1, dir + "/vae.safetensors"});
  t.send({Command::Type::Load, 0, -1, dir + "/ae.safetensors"});
  s = t.sync();
  ASSERT_FALSE(s->message_is_error) << s->message;
  EXPECT_EQ(s->arms[0].model->params(), trained->arms[0].model->params());
  EXPECT_EQ(s->arms[1].model->params(), trained->arms[1].model->params());

  // Another shape is refused and the weights stay.
  TrainConfig wide = c;
  wide.model.hidden = {16};
  wide.arms = {ArmConfig{}};
  Trainer other(tiny_data(), wide, tiny_views());
  other.send({Command::Type::Save, 0, -1, dir + "/other"});
  other.sync();
  t.send({Command::Type::Load, 0, 0, dir + "/other/vae.safetensors"});
  s = t.sync();
  EXPECT_TRUE(s->message_is_error);
  EXPECT_NE(s->message.find("784-16-2"), std::string::npos) << s->message;
  EXPECT_EQ(s->arms[0].model->params(), trained->arms[0].model->params());

  t.send({Command::Type::Load, 0, 0, dir + "/missing.safetensors"});
  s = t.sync();
  EXPECT_TRUE(s->message_is_error);
  EXPECT_NE(s->message.find("missing.safetensors"), std::string::npos) << s->message;
  std::filesystem::remove_all(dir);
}

TEST(Trainer, SnapshotsStayValidWhileTheTrainerMovesOn) {
  Trainer t(tiny_data(), tiny_config(), tiny_views());
  auto held = t.snapshot();
  const auto before = held->arms[0].model->params();
  run_steps(t, 10);
  // The held snapshot is immutable: its model still decodes, unchanged.
  EXPECT_EQ(held->arms[0].model->params(), before);
  Workspace ws;
  std::vector<float> z{0.f, 0.f}, img(784);
  decode_images(*held->arms[0].model, z.data(), 1, ws, img.data());
  for (float v : img) ASSERT_TRUE(v >= 0.f && v <= 1.f);
}

}  // namespace
}  // namespace ll

namespace ll {
namespace {

TEST(Trainer, KeepsATimelineOfPastFrames) {
  TrainConfig c = tiny_config();
  c.arms = {ArmConfig{ModelKind::Vae, 1.f}, ArmConfig{ModelKind::Ae, 1.f}};
  ViewConfig v = tiny_views();
  v.views_every_ms = 1;  // a frame at nearly every publish
  Trainer t(tiny_data(), c, v);
  auto s = t.snapshot();
  ASSERT_EQ(s->history.size(), 1u);  // step 0
  EXPECT_EQ(s->history[0]->step, 0);
  s = run_steps(t, 40);
  ASSERT_GE(s->history.size(), 2u);
  EXPECT_EQ(s->history.front()->step, 0);
  EXPECT_GT(s->history.back()->step, 0);
  EXPECT_GT(s->history_bytes, 0u);
  ASSERT_EQ(s->history.back()->arms.size(), 2u);
  // The first frame's codes are those of the untrained models, unlike the last ones.
  EXPECT_NE(s->history.front()->arms[0].codes_mu, s->history.back()->arms[0].codes_mu);
  EXPECT_EQ(s->history.front()->arms[0].codes_mu.size(), 100u * 2);
  t.send({Command::Type::Reset});
  s = t.sync();
  EXPECT_EQ(s->history.size(), 1u);
}

}  // namespace
}  // namespace ll

namespace ll {
namespace {

// VAE and AE, collapse diagnostics measured at every publish on 80 test images.
TrainConfig collapse_config() {
  TrainConfig c = tiny_config();
  c.arms = {ArmConfig{ModelKind::Vae, 1.f}, ArmConfig{ModelKind::Ae, 1.f}};
  return c;
}

ViewConfig collapse_views() {
  ViewConfig v = tiny_views();
  v.collapse_every_ms = 1;
  v.collapse_images = 80;
  return v;
}

TEST(Trainer, PublishesCollapseDiagnosticsAndBounds) {
  ViewConfig v = collapse_views();
  v.iwae_k = 8;
  v.iwae_images = 10;
  Trainer t(tiny_data(), collapse_config(), v);
  auto s = run_steps(t, 30);
  const ArmSnapshot& vae = s->arms[0];
  const ArmSnapshot& ae = s->arms[1];
  ASSERT_GE(vae.collapse_step, 0);
  EXPECT_EQ(vae.collapse.count, 80u);
  EXPECT_EQ(vae.collapse.kl_per_dim.size(), 2u);
  EXPECT_GE(vae.collapse.mutual_info, 0.0);
  ASSERT_FALSE(vae.bounds.empty());
  // The IWAE bound is at least as tight as the ELBO (up to Monte Carlo noise).
  EXPECT_GE(vae.bounds.back().iwae, vae.bounds.back().elbo - 1.0);
  EXPECT_TRUE(std::isnan(ae.collapse.mutual_info));
  EXPECT_TRUE(ae.bounds.empty());
  EXPECT_GE(ae.collapse.active_units, 0);
}

TEST(Trainer, TimelineFramesCarryTheCollapseDiagnosticsOfTheirTime) {
  ViewConfig v = collapse_views();
  v.views_every_ms = 1;
  Trainer t(tiny_data(), collapse_config(), v);
  auto s = run_steps(t, 40);
  ASSERT_GE(s->history.size(), 3u);
  std::set<int64_t> measured_at;
  for (const auto& f : s->history) {
    ASSERT_EQ(f->arms.size(), 2u);
    const HistoryArm& vae = f->arms[0];
    ASSERT_GE(vae.collapse_step, 0) << "frame at step " << f->step;
    EXPECT_LE(vae.collapse_step, f->step);  // measured then or before, never after
    EXPECT_EQ(vae.collapse.kl_per_dim.size(), 2u);
    EXPECT_EQ(f->arms[1].collapse_step, vae.collapse_step);
    measured_at.insert(vae.collapse_step);
  }
  EXPECT_GE(measured_at.size(), 2u);  // frames from different times, not the present copied
  // The newest frame's diagnostics are the ones the snapshot shows when taken together.
  const HistoryArm& last = s->history.back()->arms[0];
  if (last.collapse_step == s->arms[0].collapse_step) {
    EXPECT_EQ(last.collapse.kl_per_dim, s->arms[0].collapse.kl_per_dim);
  }
}

}  // namespace
}  // namespace ll

namespace ll {
namespace {

// The trainer's GEMM thread count is its own thread's: the UI thread, which decodes under the
// cursor with the same gemm(), keeps one thread while the trainer runs its shards on two and
// slices its evaluations' products.
TEST(Trainer, GemmThreadsStayOnTheTrainerThread) {
  TrainConfig c = tiny_config();
  c.threads = 2;
  Trainer t(tiny_data(), c, tiny_views());
  auto s = run_steps(t, 20);
  ASSERT_EQ(s->step, 20);
  EXPECT_EQ(GemmThreads::current(), 1);
}

TEST(Trainer, WarmupRampsTheEffectiveBeta) {
  TrainConfig c = tiny_config();
  c.warmup_steps = 100;
  Trainer t(tiny_data(), c, tiny_views());
  auto s = run_steps(t, 9);
  EXPECT_FLOAT_EQ(s->arms[0].beta, 1.f);
  EXPECT_FLOAT_EQ(s->arms[0].effective_beta, 0.1f);  // the next step's β: (9 + 1) / 100
  t.send({Command::Type::SetWarmup, 0});
  s = t.sync();
  EXPECT_FLOAT_EQ(s->arms[0].effective_beta, 1.f);
}

}  // namespace
}  // namespace ll
