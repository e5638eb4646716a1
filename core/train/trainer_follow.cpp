// Following a run folder: the trainer stops training and shows the checkpoints another trainer
// (latentlab-cli, latentlab_torch, on this machine or a share) renames into the folder. The
// models stay the trainer's alone; only where their weights come from changes.
#include <algorithm>

#include "core/data/dataset.h"
#include "core/error.h"
#include "core/train/trainer_worker.h"

namespace ll {

namespace {

constexpr size_t kFollowLog = 32;  // checkpoints remembered for the snapshots' readers

}  // namespace

void TrainerWorker::apply_follow(const Command& c) {
  if (c.path.empty()) return say("follow: give the run folder to follow", true);
  follow_ = std::make_unique<FollowState>(c.path);
  status_ = TrainerStatus::Following;
  pause_at_step_ = -1;
  say("following " + c.path + ": training here stopped", false);
  poll_follow();
}

void TrainerWorker::apply_unfollow() {
  if (!follow_) return;
  say("stopped following " + follow_->watch.dir() + ": the last followed models stay", false);
  follow_.reset();
  if (status_ == TrainerStatus::Following) status_ = TrainerStatus::Idle;
}

void TrainerWorker::poll_follow() {
  FollowState& f = *follow_;
  const RunFolderWatch::Changes ch = f.watch.poll();
  // An empty or missing folder is a run that has not written yet (the explorer is often
  // started first): say so once and keep watching.
  std::string waiting;
  if (!ch.folder_exists)
    waiting = "following " + f.watch.dir() + ": no such folder yet, waiting for it to appear";
  else if (f.latest.empty() && ch.checkpoint_files == 0)
    waiting = "following " + f.watch.dir() + ": no checkpoint yet, waiting for vae.safetensors or ae.safetensors";
  bool news = false;
  if (!waiting.empty() && waiting != f.waiting) {
    say(waiting, false);
    news = true;
  }
  f.waiting = waiting;

  // The header first (cheap), to keep the newest of each kind; then the whole file. A
  // failure is said and the last good model stays.
  std::vector<RunCheckpoint> fresh;
  for (const std::string& path : ch.checkpoints) {
    try {
      fresh.push_back(read_run_checkpoint(path));
    } catch (const std::exception& e) {
      say(std::string("follow: ") + e.what() + " (the last good model stays)", true);
      news = true;
    }
  }
  bool adopted = false;
  for (const RunCheckpoint& rc : newest_by_kind(fresh)) {
    auto shown = f.latest.find(rc.kind);
    // An older step in another file (a step-numbered copy) is history, not news; the shown
    // file rewritten at a lower step is a new run in the same folder.
    if (shown != f.latest.end() && rc.step < shown->second.info.step && f.latest_name[rc.kind] != rc.name)
      continue;
    try {
      LoadedCheckpoint ck = load_checkpoint(rc.path);
      f.latest[rc.kind] = std::move(ck);
      f.latest_name[rc.kind] = rc.name;
      f.log.push_back({f.next_id++, rc.step, rc.path});
      adopted = true;
    } catch (const std::exception& e) {
      say(std::string("follow: ") + e.what() + " (the last good model stays)", true);
      news = true;
    }
  }
  if (f.log.size() > kFollowLog) f.log.erase(f.log.begin(), f.log.end() - kFollowLog);
  if (ch.metrics) {
    try {
      f.curves = read_metrics_csv(f.watch.metrics_path());
      apply_followed_curves();
      news = true;
    } catch (const std::exception& e) {
      say(std::string("follow: ") + e.what() + " (the curves stay)", true);
      news = true;
    }
  }
  if (adopted) {
    try {
      adopt_followed();
    } catch (const std::exception& e) {
      say(std::string("follow: ") + e.what(), true);
    }
    publish(true);
  } else if (news) {
    publish(false);
  }
}

void TrainerWorker::adopt_followed() {
  FollowState& f = *follow_;
  const LoadedCheckpoint* lead = nullptr;
  for (const auto& [kind, ck] : f.latest)
    if (!lead || ck.info.step > lead->info.step) lead = &ck;
  if (!lead) return;
  const ModelConfig& m = lead->model->config();

  // The followed run defines the models: its shape, its data, one arm per kind it holds.
  TrainConfig next = cfg_;
  if (!lead->info.data.empty()) next.data = lead->info.data;
  next.model.hidden = m.hidden;
  next.model.latent = m.latent;
  next.model.activation = m.activation;
  next.model.likelihood = m.likelihood;
  next.model.learn_variance = m.learn_variance;
  next.model.gaussian_logvar = m.gaussian_logvar;
  next.batch = lead->info.batch;
  next.lr = lead->info.lr;
  next.seed = lead->info.seed;
  next.epochs = 0;
  next.arms.clear();
  for (const auto& [kind, ck] : f.latest) next.arms.push_back({kind, ck.info.beta});

  bool fits = next.data == cfg_.data && next.arms.size() == arms_.size();
  for (size_t i = 0; fits && i < arms_.size(); ++i) {
    const ModelConfig& have = arms_[i].learner.model->config();
    fits = have.kind == next.arms[i].kind && have.same_shape(f.latest.at(have.kind).model->config());
  }
  if (!fits) {
    std::shared_ptr<const Dataset> data = data_;
    if (next.data != data_->spec) {
      try {
        data = std::make_shared<const Dataset>(load_dataset(next.data, next.seed));
      } catch (const std::exception& e) {
        // The run's data may live on the machine that trains: its images are shown on this
        // one's data when the image size agrees.
        if (data_->image_size() != size_t(m.input_dim)) throw;
        say(std::string("follow: ") + e.what() + "; showing the run on " + data_->name, true);
        next.data = data_->spec;
      }
    }
    if (data->image_size() != size_t(m.input_dim))
      throw Error(f.latest_name.begin()->second + ": a model of " + std::to_string(m.input_dim) +
                  " inputs, but the data " + data->spec + " has images of " + std::to_string(data->image_size()));
    build(std::move(data), next);
  }
  for (Arm& a : arms_) {
    const LoadedCheckpoint& ck = f.latest.at(a.learner.cfg.kind);
    a.learner.model->params() = ck.model->params();
    if (ck.adam) a.learner.adam = *ck.adam; else a.learner.adam.reset(a.learner.grads.size());
    a.learner.cfg.beta = ck.info.beta;
    a.views.views_step = -1;
  }
  for (size_t i = 0; i < arms_.size(); ++i) cfg_.arms[i].beta = arms_[i].learner.cfg.beta;
  // A new run in the same folder starts over: its timeline too.
  if (lead->info.step < step_) history_.clear();
  step_ = lead->info.step;
  f.epoch = lead->info.epoch;
  keep_good_copy();
  collapse_due_ = true;
  apply_followed_curves();
  status_ = TrainerStatus::Following;
  say("followed " + f.log.back().file + " (step " + std::to_string(step_) + ")", false);
}

void TrainerWorker::apply_followed_curves() {
  const FollowState& f = *follow_;
  for (size_t i = 0; i < arms_.size(); ++i) {
    auto it = f.curves.find(cfg_.arm_name(i));
    if (it == f.curves.end()) continue;
    arms_[i].curves.train = it->second.train;
    arms_[i].curves.test = it->second.test;
  }
}

}  // namespace ll
