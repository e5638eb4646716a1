// The trainer thread's loop and one training step.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
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
void TrainerWorker::run_tasks(int n, F&& fn) {
  const int workers = std::min(n, cfg_.threads);
  if (workers <= 1) {
    for (int i = 0; i < n; ++i) fn(i);
    return;
  }
  while (int(side_.size()) < workers - 1) side_.push_back(std::make_unique<SideThread>());
  auto block = [&fn, n, workers](int w) {
    for (int i = n * w / workers; i < n * (w + 1) / workers; ++i) fn(i);
  };
  // The GEMM budget belongs to the thread running the products: the side threads take this one's.
  const int budget = GemmThreads::current();
  for (int w = 1; w < workers; ++w)
    side_[w - 1]->run([&block, w, budget] {
      GemmThreads scope(budget);
      block(w);
    });
  // Every side job refers to this frame: all must end before it does, whoever throws.
  std::exception_ptr error;
  try {
    block(0);
  } catch (...) {
    error = std::current_exception();
  }
  for (int w = 1; w < workers; ++w) try {
      side_[w - 1]->wait();
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  if (error) std::rethrow_exception(error);
}

template <class F>
void TrainerWorker::for_each_arm(F&& fn) {
  const int n = int(arms_.size());
  if (!parallel_arms()) {
    for (Arm& a : arms_) fn(a);
    return;
  }
  run_tasks(n, [this, &fn](int i) { fn(arms_[size_t(i)]); });
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
    const AdamState& adam = a.learner.adam;
    a.good.params = a.learner.model->params();
    to_bf16(adam.m.data(), adam.m.size(), a.good.m);
    to_bf16(adam.v.data(), adam.v.size(), a.good.v);
    a.good.t = adam.t;
  }
}

void TrainerWorker::diverged(const std::string& what) {
  for (Arm& a : arms_) {
    AdamState& adam = a.learner.adam;
    a.learner.model->params() = a.good.params;
    adam.m.resize(a.good.m.size());
    adam.v.resize(a.good.v.size());
    from_bf16(a.good.m, adam.m.data());
    from_bf16(a.good.v, adam.v.data());
    adam.t = a.good.t;
    a.curves.clear_running();
  }
  status_ = TrainerStatus::Diverged;
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "training diverged at step %lld (%s) with learning rate %g: restored the weights "
                "(and Adam's moments, to bfloat16) of step %lld, the last finite copy (one is kept "
                "every %lld steps); "
                "lower the learning rate and resume",
                (long long)step_, what.c_str(), double(cfg_.lr), (long long)arms_[0].learner.adam.t,
                (long long)kGoodCopyEvery);
  say(buf, true);
}

// The first row of shard s of a batch of B cut into `shards`.
static int first_row(int B, int shards, int s) { return B * s / shards; }

void TrainerWorker::prepare_shards(Arm& a, int B, int shards) {
  Learner& l = a.learner;
  const size_t n = l.model->params().size(), L = size_t(l.model->config().latent);
  for (int s = 0; s < shards; ++s) {
    Shard& sh = l.shards[size_t(s)];
    sh.ws.reserve(l.model->config(), first_row(B, shards, s + 1) - first_row(B, shards, s));
    if (s > 0 && sh.grads.size() != n) sh.grads.assign(n, 0.f);
    if (sh.kl.size() != L) sh.kl.assign(L, 0.0);
    // In shard order, each shard's rows in row order: the batch's ε, whatever the threads.
    draw_eps(*l.model, first_row(B, shards, s + 1) - first_row(B, shards, s), l.eps_rng, sh.ws);
  }
  if (l.kl_batch.size() != L) l.kl_batch.assign(L, 0.0);
}

void TrainerWorker::shard_forward_pass(Arm& a, int B, int shards, int s) {
  Learner& l = a.learner;
  Shard& sh = l.shards[size_t(s)];
  const int r0 = first_row(B, shards, s), rows = first_row(B, shards, s + 1) - r0;
  const float* x = batch_x_.data() + size_t(r0) * size_t(cfg_.model.input_dim);
  sh.rec = shard_forward(*l.model, x, rows, B, sh.ws, l.shard_grads(s), sh.kl.data());
}

void TrainerWorker::sum_shard_kl(Arm& a, int shards) {
  Learner& l = a.learner;
  std::fill(l.kl_batch.begin(), l.kl_batch.end(), 0.0);
  for (int s = 0; s < shards; ++s)
    for (size_t j = 0; j < l.kl_batch.size(); ++j) l.kl_batch[j] += l.shards[size_t(s)].kl[j];
}

void TrainerWorker::shard_backward_pass(Arm& a, int B, int shards, int s) {
  Learner& l = a.learner;
  Shard& sh = l.shards[size_t(s)];
  const int r0 = first_row(B, shards, s), rows = first_row(B, shards, s + 1) - r0;
  const float* x = batch_x_.data() + size_t(r0) * size_t(cfg_.model.input_dim);
  // Every shard's KL term is the batch's: the last one's is kept.
  const double kl_term =
      shard_backward(*l.model, x, rows, B, a.step.obj, l.kl_batch.data(), sh.ws, l.shard_grads(s));
  if (s == shards - 1) a.step.kl_term = kl_term;
}

void TrainerWorker::update_arm(Arm& a, int B, int shards, const AdamConfig& adam) {
  static_assert(kBatchShards == 2, "adam_update sums at most two shards' gradients");
  Learner& l = a.learner;
  double rec = 0, kl = 0;
  for (int s = 0; s < shards; ++s) rec += l.shards[size_t(s)].rec;
  for (size_t j = 0; j < l.kl_batch.size(); ++j) {
    kl += l.kl_batch[j];
    a.curves.kl_dim_acc[j] += l.kl_batch[j];
  }
  a.step.loss = {rec / B, kl / B, rec / B + a.step.kl_term};
  const float* second = shards > 1 ? l.shard_grads(1) : nullptr;
  a.step.finite = std::isfinite(a.step.loss.objective) &&
                  adam_update(adam, l.adam, l.model->params().data(), l.grads.data(), second,
                              l.grads.size());
}

void TrainerWorker::step() {
  const Split& train = data_->train;
  const int D = cfg_.model.input_dim;
  const int B = int(std::min<size_t>(size_t(cfg_.batch), train.count - cursor_));
  gather_images(train.pixels.data(), size_t(D), order_.data() + cursor_, B, batch_x_.data());

  // The batch's shards are computed whole, each by one thread, and their gradients summed in
  // shard order, so the threads change where the work runs but not a bit of its result. With
  // a thread per arm or fewer, a thread takes whole arms: one hand-off per step, as compare
  // mode needs. With more, the shards (of every arm) are shared out: a hand-off for the
  // forward passes, one for the backward passes (the free-bits floor needs the whole batch's
  // KL between them) and one for the updates. Every arm steps before any is checked, so the
  // order they ran in leaves no trace.
  AdamConfig adam;
  adam.lr = cfg_.lr;
  for (Arm& a : arms_) a.step.obj = ObjectiveParams{effective_beta(a), cfg_.free_bits};
  const int A = int(arms_.size()), S = std::min(kBatchShards, B);
  if (cfg_.threads <= A) {
    run_tasks(A, [this, B, S, &adam](int i) {
      Arm& a = arms_[size_t(i)];
      prepare_shards(a, B, S);
      for (int s = 0; s < S; ++s) shard_forward_pass(a, B, S, s);
      sum_shard_kl(a, S);
      for (int s = 0; s < S; ++s) shard_backward_pass(a, B, S, s);
      update_arm(a, B, S, adam);
    });
  } else {
    for (Arm& a : arms_) prepare_shards(a, B, S);
    run_tasks(A * S, [this, B, S](int t) { shard_forward_pass(arms_[size_t(t / S)], B, S, t % S); });
    for (Arm& a : arms_) sum_shard_kl(a, S);
    run_tasks(A * S, [this, B, S](int t) { shard_backward_pass(arms_[size_t(t / S)], B, S, t % S); });
    run_tasks(A, [this, B, S, &adam](int i) { update_arm(arms_[size_t(i)], B, S, adam); });
  }
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
  // Training products run whole on their threads (the shards are the parallel part); the
  // test set's large products are sliced across the arm's share of the threads instead.
  GemmThreads eval_threads(std::max(1, cfg_.threads / int(arms_.size())));
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

void TrainerWorker::run() {
  // This thread's budget for its products; the UI's and the workers' stay their own.
  GemmThreads gemm_threads(1);
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
