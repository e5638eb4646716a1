// The trainer's commands, one function each, applied on the trainer thread between steps. A
// refused command changes nothing and says why in the snapshot's message.
#include <cmath>

#include "core/error.h"
#include "core/io/checkpoint_folder.h"
#include "core/train/trainer_worker.h"

namespace ll {

namespace {

// "VAE 784-400-2": a model's shape in a load error.
std::string describe_shape(const ModelConfig& m) {
  return std::string(to_string(m.kind)) + " " + std::to_string(m.input_dim) + "-" +
         format_int_list(m.hidden) + "-" + std::to_string(m.latent);
}

}  // namespace

void TrainerWorker::apply(const Command& c) {
  using T = Command::Type;
  switch (c.type) {
    case T::Start:
    case T::Resume:
    case T::Step: return apply_start(c);
    case T::Pause: return apply_pause();
    case T::Stop: return apply_stop();
    case T::Reset: return apply_reset(c);
    case T::SetBeta: return apply_set_beta(c);
    case T::SetLearningRate: return apply_set_learning_rate(c);
    case T::SetWarmup: return apply_set_warmup(c);
    case T::SetFreeBits: return apply_set_free_bits(c);
    case T::SetThreads: return apply_set_threads(c);
    case T::Save: return apply_save(c);
    case T::Load: return apply_load(c);
    case T::Follow: return apply_follow(c);
    case T::Unfollow: return apply_unfollow();
  }
}

void TrainerWorker::apply_start(const Command& c) {
  if (status_ == TrainerStatus::Failed || status_ == TrainerStatus::Loading) return;
  if (follow_)
    return say("following " + follow_->watch.dir() + ": stop following (Files) to train here", true);
  const bool step = c.type == Command::Type::Step;
  if (step && c.value < 1) return;
  pause_at_step_ = step ? step_ + std::max<int64_t>(0, int64_t(c.value)) : -1;
  if (status_ == TrainerStatus::Finished) cfg_.epochs = 0;  // keep going past the target
  status_ = TrainerStatus::Running;
  samples_since_publish_ = 0;
  last_publish_ = Clock::now();
}

void TrainerWorker::apply_pause() {
  if (status_ == TrainerStatus::Running) status_ = TrainerStatus::Paused;
}

void TrainerWorker::apply_stop() {
  apply_unfollow();
  if (status_ != TrainerStatus::Failed) status_ = TrainerStatus::Idle;
}

void TrainerWorker::apply_reset(const Command& c) {
  TrainConfig next = c.config ? *c.config : cfg_;
  try {
    next.validate();
    std::shared_ptr<const Dataset> data = data_;
    if (next.data != data_->spec) {
      status_ = TrainerStatus::Loading;
      say("loading " + next.data + " ...", false);
      publish(false);
      data = std::make_shared<const Dataset>(load_dataset(next.data, next.seed));
    }
    build(std::move(data), next);
    status_ = TrainerStatus::Idle;
    say("new models: " + std::to_string(arms_.size()) + " on " + data_->name, false);
  } catch (const std::exception& e) {
    // Keep what we had: the old data and models are untouched until build() succeeds.
    status_ = TrainerStatus::Idle;
    say(e.what(), true);
  }
}

void TrainerWorker::apply_set_beta(const Command& c) {
  if (!(c.value >= 0) || !std::isfinite(c.value)) return say("beta must be >= 0", true);
  for (size_t i = 0; i < arms_.size(); ++i)
    if (c.arm < 0 ? arms_[i].learner.cfg.kind == ModelKind::Vae : int(i) == c.arm) {
      arms_[i].learner.cfg.beta = float(c.value);
      cfg_.arms[i].beta = float(c.value);
    }
}

void TrainerWorker::apply_set_learning_rate(const Command& c) {
  if (!(c.value > 0) || !std::isfinite(c.value)) return say("learning rate must be > 0", true);
  cfg_.lr = float(c.value);
}

void TrainerWorker::apply_set_warmup(const Command& c) { cfg_.warmup_steps = std::max(0, int(c.value)); }

void TrainerWorker::apply_set_free_bits(const Command& c) { cfg_.free_bits = std::max(0.f, float(c.value)); }

void TrainerWorker::apply_set_threads(const Command& c) {
  // TrainConfig::validate() holds the range and names it; a value no int holds is out of it.
  TrainConfig next = cfg_;
  next.threads = std::fabs(c.value) < 1e6 ? int(c.value) : 0;
  try {
    next.validate();
    cfg_.threads = next.threads;  // slicing_ starts over if it probed another count > 1
  } catch (const Error& e) {
    say(e.what(), true);
  }
}

void TrainerWorker::apply_save(const Command& c) {
  std::vector<NamedCheckpoint> models;
  for (size_t i = 0; i < arms_.size(); ++i) {
    const Learner& l = arms_[i].learner;
    models.push_back({cfg_.arm_name(i), l.model.get(), &l.adam,
                      CheckpointInfo{data_->spec, data_->height, data_->width, data_->channels, step_,
                                     epoch(), l.cfg.beta, cfg_.lr, cfg_.batch, cfg_.seed}});
  }
  try {
    std::string written;
    for (const std::string& path : save_checkpoint_folder(c.path, models))
      written += (written.empty() ? "" : ", ") + path;
    say("saved " + written, false);
  } catch (const std::exception& e) {
    say(std::string("save failed: ") + e.what(), true);
  }
}

void TrainerWorker::apply_load(const Command& c) {
  try {
    LoadedCheckpoint ck = load_checkpoint(c.path);
    const ModelConfig& got = ck.model->config();
    int target = c.arm;
    if (target < 0)
      for (size_t i = 0; i < arms_.size() && target < 0; ++i)
        if (arms_[i].learner.cfg.kind == got.kind) target = int(i);
    if (target < 0 || target >= int(arms_.size()))
      throw Error(c.path + ": a " + std::string(to_string(got.kind)) +
                  " checkpoint, but no such model is being trained");
    Arm& a = arms_[target];
    const ModelConfig& want = a.learner.model->config();
    if (!want.same_shape(got))
      throw Error(c.path + ": checkpoint is " + describe_shape(got) + ", the current model is " +
                  describe_shape(want) + ": choose those settings and Reset first");
    a.learner.model->params() = ck.model->params();
    if (ck.adam) a.learner.adam = *ck.adam; else a.learner.adam.reset(a.learner.grads.size());
    keep_good_copy();
    a.views.views_step = -1;
    collapse_due_ = true;
    say("loaded " + c.path + " into " + cfg_.arm_name(size_t(target)), false);
  } catch (const std::exception& e) {
    say(std::string("load failed: ") + e.what(), true);
  }
}

}  // namespace ll
