// The trainer thread's loop and one training step.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/nn/gemm.h"
#include "core/train/trainer.h"
#include "core/train/trainer_worker.h"
#include "core/vae/evaluate.h"
#include "core/vae/forward.h"
#include "core/vae/gradients.h"

namespace ll {

namespace {

// How often the last finite weights are copied aside, to come back to after a divergence.
// Every step would be exact but costs a large share of a step in copies (params, m and v);
// every 200 costs next to nothing, and a divergence then loses about a second of training at
// the default batch.
constexpr int64_t kGoodCopyEvery = 200;
// ε for test evaluations: fixed, so successive test points differ only by the weights.
constexpr uint64_t kEvalSeed = 0x5eed7e57;
// A followed folder is polled this often: a checkpoint shows within a second of its rename,
// and a poll (a directory listing and a few stats) costs next to nothing.
constexpr std::chrono::milliseconds kFollowPoll{500};

}  // namespace

template <class F>
void TrainerWorker::for_each_arm(F&& fn) {
  if (!parallel_arms()) {
    for (Arm& a : arms_) fn(a);
    return;
  }
  if (!side_) side_ = std::make_unique<SideThread>();
  Arm* second = &arms_[1];
  // The GEMM budget belongs to the thread running the products: the side thread takes this one's.
  const int budget = GemmThreads::current();
  side_->run([&fn, second, budget] {
    GemmThreads scope(budget);
    fn(*second);
  });
  try {
    fn(arms_[0]);
  } catch (...) {
    try {
      side_->wait();  // the side job refers to fn: it must end before this frame does
    } catch (...) {
    }
    throw;
  }
  side_->wait();
}

double TrainerWorker::epoch() const {
  if (follow_) return follow_->epoch;
  return double(epochs_done_) + double(cursor_) / double(std::max<size_t>(1, data_->train.count));
}

void TrainerWorker::new_epoch_order() {
  order_.resize(data_->train.count);
  std::iota(order_.begin(), order_.end(), 0u);
  for (size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[order_rng_.below(i)]);
  cursor_ = 0;
}

float TrainerWorker::effective_beta(const Arm& a) const {
  const float beta = a.learner.cfg.beta;
  if (cfg_.warmup_steps <= 0) return beta;
  return beta * std::min(1.f, float(step_ + 1) / float(cfg_.warmup_steps));
}

void TrainerWorker::keep_good_copy() {
  for (Arm& a : arms_) {
    a.good.params = a.learner.model->params();
    a.good.adam = a.learner.adam;
  }
}

void TrainerWorker::diverged(const std::string& what) {
  for (Arm& a : arms_) {
    a.learner.model->params() = a.good.params;
    a.learner.adam = a.good.adam;
    a.curves.clear_running();
  }
  status_ = TrainerStatus::Diverged;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "training diverged at step %lld (%s) with learning rate %g: restored the weights "
                "and Adam state of step %lld, the last finite copy (one is kept every %lld steps); "
                "lower the learning rate and resume",
                (long long)step_, what.c_str(), double(cfg_.lr), (long long)arms_[0].learner.adam.t,
                (long long)kGoodCopyEvery);
  say(buf, true);
}

void TrainerWorker::step() {
  const Split& train = data_->train;
  const int D = cfg_.model.input_dim;
  const int B = int(std::min<size_t>(size_t(cfg_.batch), train.count - cursor_));
  gather_images(train.pixels.data(), size_t(D), order_.data() + cursor_, B, batch_x_.data());

  // One arm's step reads the batch and touches only that arm's state. In compare mode with
  // two or more threads the second arm runs on the side thread: one hand-off per step, where
  // splitting each product across threads would synchronise a dozen times. Either way every
  // arm steps before any is checked, so both orders leave the same state.
  AdamConfig adam;
  adam.lr = cfg_.lr;
  for (Arm& a : arms_) a.step.obj = ObjectiveParams{effective_beta(a), cfg_.free_bits};
  auto train_arm = [this, B, &adam](Arm& a) {
    Learner& l = a.learner;
    a.step.loss = compute_gradients(*l.model, batch_x_.data(), B, l.eps_rng, a.step.obj, l.ws,
                                    l.grads.data(), a.curves.kl_dim_acc.data());
    a.step.finite = std::isfinite(a.step.loss.objective) &&
                    adam_update(adam, l.adam, l.model->params().data(), l.grads.data(), l.grads.size());
  };
  for_each_arm(train_arm);
  for (size_t i = 0; i < arms_.size(); ++i) {
    const StepResult& r = arms_[i].step;
    if (!std::isfinite(r.loss.objective)) return diverged(cfg_.arm_name(i) + " loss is not finite");
    if (!r.finite) return diverged(cfg_.arm_name(i) + " weights are not finite");
  }
  for (Arm& a : arms_) {
    a.curves.acc_rec += a.step.loss.rec * B;
    a.curves.acc_kl += a.step.loss.kl * B;
    a.curves.acc_samples += B;
  }
  cursor_ += B;
  ++step_;
  samples_since_publish_ += B;
  samples_seen_ += B;
  if (step_ % kGoodCopyEvery == 0) keep_good_copy();

  if (step_ % cfg_.metrics_every == 0) {
    const double e = epoch();
    for (Arm& a : arms_) {
      Curves& c = a.curves;
      const double n = double(c.acc_samples);
      const double kl = a.learner.cfg.kind == ModelKind::Vae ? c.acc_kl / n : 0.0;
      c.train.push_back({step_, e, c.acc_rec / n + kl, c.acc_rec / n, kl});
      for (size_t j = 0; j < c.kl_dim_acc.size(); ++j) c.kl_per_dim[j] = c.kl_dim_acc[j] / n;
      c.clear_running();
    }
  }
  if (cursor_ >= train.count) end_epoch();
  if (step_ == pause_at_step_ && status_ == TrainerStatus::Running) status_ = TrainerStatus::Paused;
}

void TrainerWorker::end_epoch() {
  ++epochs_done_;
  const Split& test = data_->test;
  if (test.count > 0)
    for_each_arm([this, &test](Arm& a) {
      const EvalResult r = evaluate(*a.learner.model, test.pixels.data(), test.count, kEvalSeed, a.learner.ws);
      a.curves.test.push_back({step_, double(epochs_done_), r.loss, r.rec, r.kl});
    });
  new_epoch_order();
  if (cfg_.epochs > 0 && epochs_done_ >= cfg_.epochs) {
    status_ = TrainerStatus::Finished;
    say("finished " + std::to_string(epochs_done_) + " epochs", false);
  }
  publish(true);
}

int TrainerWorker::next_gemm_threads(double step_ms) {
  // Compare mode runs its arms concurrently instead (one hand-off per step, no probing), each
  // with its share of the threads.
  if (parallel_arms()) return std::max(1, cfg_.threads / 2);
  return cfg_.threads > 1 ? slicing_.next(step_ms, cfg_.threads) : 1;
}

void TrainerWorker::run() {
  // This thread's budget for its products; the UI's and the workers' stay their own.
  GemmThreads gemm_threads(1);
  int step_threads = 1;
  for (;;) {
    std::vector<Command> cmds;
    uint64_t taken = 0;
    {
      std::unique_lock lock(owner_.mutex_);
      auto woken = [&] { return owner_.quit_ || !owner_.queue_.empty(); };
      if (follow_)
        owner_.changed_.wait_for(lock, kFollowPoll, woken);
      else if (status_ != TrainerStatus::Running)
        owner_.changed_.wait(lock, woken);
      if (owner_.quit_) return;
      cmds.swap(owner_.queue_);
      taken = cmds.size();
    }
    if (taken) {
      // Live settings change no view: publish them without refreshing the views.
      bool views = false;
      for (const Command& c : cmds) {
        apply(c);
        views |= c.type == Command::Type::Reset || c.type == Command::Type::Load || c.type == Command::Type::Follow;
      }
      publish(views);
      std::lock_guard lock(owner_.mutex_);
      owner_.commands_done_ += taken;
      owner_.changed_.notify_all();
      continue;
    }
    if (follow_) {
      poll_follow();
      continue;
    }
    try {
      const auto t0 = Clock::now();
      step();
      const double ms = ms_since(t0);
      train_seconds_ += ms / 1000.0;
      const int threads = next_gemm_threads(ms);
      if (threads != step_threads) gemm_threads.set(step_threads = threads);
    } catch (const std::exception& e) {
      status_ = TrainerStatus::Failed;
      say(std::string("training failed: ") + e.what(), true);
      publish(false);
      continue;
    }
    if (status_ != TrainerStatus::Running) {
      publish(true);
    } else if (ms_since(last_publish_) >= views_.publish_every_ms) {
      publish(ms_since(last_views_) >= views_.views_every_ms);
    }
  }
}

}  // namespace ll
