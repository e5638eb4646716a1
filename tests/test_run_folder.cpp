// Following a run folder: which files count, the step from the metadata, metrics.csv, the
// watch's "complete and new" rule, and the trainer's Follow mode end to end.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/data/dataset.h"
#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/run_folder.h"
#include "core/train/metrics_csv.h"
#include "core/train/trainer.h"
#include "tests/temp_dir.h"

namespace ll {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

ModelConfig small_model(ModelKind kind, int latent = 2) {
  ModelConfig m;
  m.kind = kind;
  m.input_dim = 784;
  m.hidden = {16};
  m.latent = latent;
  return m;
}

// A checkpoint of a small model at `step`, as a trainer would rename it into place.
void write_checkpoint(const std::string& path, ModelKind kind, int64_t step, uint64_t seed = 7, int latent = 2) {
  Model m(small_model(kind, latent));
  m.init(seed);
  CheckpointInfo info;
  info.data = "synthetic:300";
  info.height = info.width = 28;
  info.channels = 1;
  info.step = step;
  info.epoch = double(step) / 10;
  info.batch = 32;
  save_checkpoint(path, m, nullptr, info);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(RunFolder, TemporaryNamesAreNotCheckpoints) {
  EXPECT_TRUE(is_checkpoint_name("vae.safetensors"));
  EXPECT_TRUE(is_checkpoint_name("ae-step200.safetensors"));
  for (const char* n : {"vae.safetensors.tmp-123", "vae.safetensors.tmp-123-2", ".vae.safetensors.Xa3f",
                        "vae.tmp.safetensors", "vae.safetensors.part", "vae.safetensors~", ".safetensors",
                        "metrics.csv", "vae.safetensorsx"})
    EXPECT_FALSE(is_checkpoint_name(n)) << n;
}

TEST(RunFolder, StepAndKindFromTheMetadata) {
  TempDir dir;
  write_checkpoint(dir / "ae.safetensors", ModelKind::Ae, 340);
  const RunCheckpoint c = read_run_checkpoint(dir / "ae.safetensors");
  EXPECT_EQ(c.kind, ModelKind::Ae);
  EXPECT_EQ(c.step, 340);
  EXPECT_EQ(c.name, "ae.safetensors");
  EXPECT_GT(c.stamp.size, 0u);
}

TEST(RunFolder, NewestByStepPerKind) {
  std::vector<RunCheckpoint> all = {{"d/vae-100", "vae-100", {}, ModelKind::Vae, 100},
                                    {"d/vae", "vae", {}, ModelKind::Vae, 300},
                                    {"d/vae-200", "vae-200", {}, ModelKind::Vae, 200},
                                    {"d/ae", "ae", {}, ModelKind::Ae, 50}};
  const std::vector<RunCheckpoint> newest = newest_by_kind(all);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].name, "vae");
  EXPECT_EQ(newest[0].step, 300);
  EXPECT_EQ(newest[1].kind, ModelKind::Ae);
}

TEST(RunFolder, TruncatedFileNamesTheFileAndOffset) {
  TempDir dir;
  write_checkpoint(dir / "whole.safetensors", ModelKind::Vae, 10);
  const std::string bytes = read_all(dir / "whole.safetensors");
  write_all(dir / "cut.safetensors", bytes.substr(0, bytes.size() / 2));
  std::string e = error_of([&] { read_run_checkpoint(dir / "cut.safetensors"); });
  EXPECT_NE(e.find("cut.safetensors"), std::string::npos) << e;
  EXPECT_NE(e.find("offset"), std::string::npos) << e;
  // Cut inside the header: the declared length passes the end of the file.
  write_all(dir / "head.safetensors", bytes.substr(0, 40));
  e = error_of([&] { read_run_checkpoint(dir / "head.safetensors"); });
  EXPECT_NE(e.find("head.safetensors: header of "), std::string::npos) << e;
  EXPECT_NE(e.find("at offset 0"), std::string::npos) << e;
  write_all(dir / "tiny.safetensors", "abc");
  e = error_of([&] { read_run_checkpoint(dir / "tiny.safetensors"); });
  EXPECT_NE(e.find("tiny.safetensors: file is 3 bytes"), std::string::npos) << e;
}

TEST(RunFolder, WrongFileIsRefusedWithTheField) {
  TempDir dir;
  write_all(dir / "notes.safetensors", std::string("\x02\0\0\0\0\0\0\0{}", 10));
  const std::string e = error_of([&] { read_run_checkpoint(dir / "notes.safetensors"); });
  EXPECT_NE(e.find("notes.safetensors: metadata field 'kind' missing"), std::string::npos) << e;
}

TEST(RunFolder, MetricsCsvRoundTrip) {
  TempDir dir;
  Snapshot s;
  ArmSnapshot vae, ae;
  vae.name = "vae";
  vae.train = {{20, 0.5, 210.25, 200.125, 10.125}, {40, 1.0, 190.5, 182, 8.5}};
  vae.test = {{40, 1.0, 195.75, 186.5, 9.25}};
  ae.name = "ae";
  ae.train = {{20, 0.5, 150, 150, 0}};
  s.arms = {vae, ae};
  write_metrics_csv(dir / "metrics.csv", s);
  const auto curves = read_metrics_csv(dir / "metrics.csv");
  ASSERT_EQ(curves.size(), 2u);
  const RunCurves& v = curves.at("vae");
  ASSERT_EQ(v.train.size(), 2u);
  ASSERT_EQ(v.test.size(), 1u);
  EXPECT_EQ(v.train[1].step, 40);
  EXPECT_DOUBLE_EQ(v.train[0].loss, 210.25);
  EXPECT_DOUBLE_EQ(v.train[0].rec, 200.125);
  EXPECT_DOUBLE_EQ(v.test[0].kl, 9.25);
  EXPECT_EQ(curves.at("ae").train.size(), 1u);
}

TEST(RunFolder, MetricsCsvErrorsNameLineAndColumn) {
  const std::string header = "model,split,step,epoch,neg_elbo,reconstruction,kl\n";
  std::string e = error_of([&] { parse_metrics_csv("step,loss\n1,2\n", "m.csv"); });
  EXPECT_NE(e.find("m.csv: line 1: header is 'step,loss'"), std::string::npos) << e;
  e = error_of([&] { parse_metrics_csv(header + "vae,train,20,1,2,3\n", "m.csv"); });
  EXPECT_NE(e.find("m.csv: line 2: 6 fields, expected 7"), std::string::npos) << e;
  e = error_of([&] { parse_metrics_csv(header + "vae,train,20,1,2,3,4\nvae,valid,20,1,2,3,4\n", "m.csv"); });
  EXPECT_NE(e.find("m.csv: line 3, column 'split': 'valid'"), std::string::npos) << e;
  e = error_of([&] { parse_metrics_csv(header + "vae,test,20,1,x2,3,4\n", "m.csv"); });
  EXPECT_NE(e.find("column 'neg_elbo': 'x2', expected a number"), std::string::npos) << e;
  e = error_of([&] { parse_metrics_csv("", "m.csv"); });
  EXPECT_NE(e.find("m.csv: empty"), std::string::npos) << e;
  // nan is a number the writer writes (a diverged point), and CRLF lines read too.
  const auto ok = parse_metrics_csv(header + "\"vae\",train,20,1,nan,3,4\r\n", "m.csv");
  EXPECT_TRUE(std::isnan(ok.at("vae").train.at(0).loss));
}

TEST(RunFolder, WatchHandsOutCompleteFilesOnce) {
  TempDir dir;
  RunFolderWatch watch(dir.path.string() + "/later");
  EXPECT_FALSE(watch.poll().folder_exists);
  fs::create_directories(dir / "later");
  RunFolderWatch::Changes c = watch.poll();
  EXPECT_TRUE(c.folder_exists);
  EXPECT_EQ(c.checkpoint_files, 0u);

  write_checkpoint(dir / "later/vae.safetensors.tmp-99", ModelKind::Vae, 10);
  write_all(dir / "later/metrics.csv", "model,split,step,epoch,neg_elbo,reconstruction,kl\n");
  EXPECT_TRUE(watch.poll().checkpoints.empty());  // first seen: not yet known to be still
  fs::rename(dir / "later/vae.safetensors.tmp-99", dir / "later/vae.safetensors");
  c = watch.poll();
  EXPECT_TRUE(c.checkpoints.empty()) << "handed out on the poll it appeared in";
  EXPECT_TRUE(c.metrics);
  c = watch.poll();
  ASSERT_EQ(c.checkpoints.size(), 1u);
  EXPECT_EQ(fs::path(c.checkpoints[0]).filename(), "vae.safetensors");
  EXPECT_FALSE(c.metrics);
  EXPECT_TRUE(watch.poll().checkpoints.empty()) << "the same file twice";

  // Rewritten in place (a new inode by rename): handed out again once still.
  write_checkpoint(dir / "later/vae.safetensors", ModelKind::Vae, 20);
  watch.poll();
  EXPECT_EQ(watch.poll().checkpoints.size(), 1u);
}

// The trainer's Follow mode: checkpoints renamed into a folder become the models, at their step;
// a truncated one is reported and the last good model stays.
TEST(RunFolder, TrainerFollowsAFolder) {
  TempDir dir;
  auto data = std::make_shared<const Dataset>(load_dataset("synthetic:300", 3));
  TrainConfig cfg;
  cfg.data = data->spec;
  cfg.model.hidden = {8};
  cfg.model.latent = 3;  // another shape than the followed run's: it must rebuild
  cfg.batch = 32;
  ViewConfig views;
  views.view_codes = 50;
  views.view_examples = 4;
  views.collapse_every_ms = 0;
  Trainer t(data, cfg, views);
  const std::string run = dir / "run";
  t.send({Command::Type::Follow, 0, -1, run, {}});
  auto s = t.sync();
  EXPECT_EQ(s->status, TrainerStatus::Following);
  EXPECT_EQ(s->follow_dir, run);
  EXPECT_NE(s->message.find("no such folder yet"), std::string::npos) << s->message;

  fs::create_directories(run);
  write_checkpoint(dir / "vae.tmp", ModelKind::Vae, 120, 11);
  write_checkpoint(dir / "ae.tmp", ModelKind::Ae, 120, 11);
  write_all(run + "/metrics.csv", "model,split,step,epoch,neg_elbo,reconstruction,kl\nvae,train,120,1.5,200,190,10\n");
  fs::rename(dir / "vae.tmp", run + "/vae.safetensors");
  fs::rename(dir / "ae.tmp", run + "/ae.safetensors");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto wait_for = [&](auto done) {
    while (!done(*s) && std::chrono::steady_clock::now() < deadline) s = t.wait_snapshot(s->id, 500);
    return done(*s);
  };
  ASSERT_TRUE(wait_for([](const Snapshot& x) { return x.arms.size() == 2 && x.step == 120; })) << s->message;
  EXPECT_EQ(s->config.model.latent, 2);
  EXPECT_EQ(s->config.model.hidden, std::vector<int>{16});
  EXPECT_EQ(s->arms[0].name, "vae");
  EXPECT_EQ(s->arms[1].name, "ae");
  EXPECT_EQ(s->arms[0].views_step, 120);
  ASSERT_FALSE(s->followed.empty());
  EXPECT_EQ(s->followed.back().step, 120);
  ASSERT_TRUE(wait_for([](const Snapshot& x) { return !x.arms.empty() && x.arms[0].train.size() == 1; }));
  EXPECT_DOUBLE_EQ(s->arms[0].train[0].loss, 200);
  Model expected(small_model(ModelKind::Vae));
  expected.init(11);
  EXPECT_EQ(s->arms[0].model->params(), expected.params());

  // A truncated file renamed in: the message names it, the step-120 model stays.
  const std::string bytes = read_all(run + "/vae.safetensors");
  write_all(dir / "cut.tmp", bytes.substr(0, bytes.size() - 100));
  fs::rename(dir / "cut.tmp", run + "/vae.safetensors");
  ASSERT_TRUE(wait_for([](const Snapshot& x) { return x.message_is_error; })) << s->message;
  EXPECT_NE(s->message.find("vae.safetensors"), std::string::npos) << s->message;
  EXPECT_NE(s->message.find("the last good model stays"), std::string::npos) << s->message;
  EXPECT_EQ(s->step, 120);
  EXPECT_EQ(s->arms[0].model->params(), expected.params());

  // A newer checkpoint after the bad one is followed.
  write_checkpoint(dir / "vae2.tmp", ModelKind::Vae, 240, 12);
  fs::rename(dir / "vae2.tmp", run + "/vae.safetensors");
  ASSERT_TRUE(wait_for([](const Snapshot& x) { return x.step == 240; })) << s->message;
  EXPECT_GE(s->history.size(), 2u) << "each followed checkpoint joins the timeline";

  // Training here is refused while following; Unfollow keeps the models.
  t.send({Command::Type::Start});
  s = t.sync();
  EXPECT_EQ(s->status, TrainerStatus::Following);
  EXPECT_TRUE(s->message_is_error);
  t.send({Command::Type::Unfollow});
  s = t.sync();
  EXPECT_EQ(s->status, TrainerStatus::Idle);
  EXPECT_TRUE(s->follow_dir.empty());
  EXPECT_EQ(s->step, 240);
}

}  // namespace
}  // namespace ll
