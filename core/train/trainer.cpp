#include "core/train/trainer.h"

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/nn/adam.h"
#include "core/nn/gemm.h"
#include "core/nn/rng.h"
#include "core/nn/side_thread.h"
#include "core/vae/evaluate.h"
#include "core/vae/forward.h"
#include "core/vae/gradients.h"

namespace ll {

const char* to_string(TrainerStatus s) {
  switch (s) {
    case TrainerStatus::Idle: return "idle";
    case TrainerStatus::Loading: return "loading";
    case TrainerStatus::Running: return "running";
    case TrainerStatus::Paused: return "paused";
    case TrainerStatus::Finished: return "finished";
    case TrainerStatus::Diverged: return "diverged";
    case TrainerStatus::Failed: return "failed";
  }
  return "?";
}

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// How often the last finite weights are copied aside, to come back to after a divergence.
// Every step would be exact but costs ~20% of a step in copies (params, m and v, 7.8 MB for
// the defaults); every 50 cost 0.4%, every 200 0.1%, and a divergence then loses at most
// ~1 s of training at the default batch.
constexpr int64_t kGoodCopyEvery = 200;
// ε for test evaluations: fixed, so successive test points differ only by the weights.
constexpr uint64_t kEvalSeed = 0x5eed7e57;

// Whether one model's products are sliced across its threads is measured, again and again:
// slicing pays while the other cores are free (up to 2x at 2 threads) but when other programs
// take them it made steps up to 20% slower than one thread. A cycle starts with kProbeSteps
// steps on one thread and kProbeSteps on all, and runs the rest the faster way by the probes'
// medians (an epoch's end or a publish inside a probe does not sway them), slicing only if
// it is at least 10% faster. While slicing loses, cycles double in length (probing a busy
// machine costs: its sliced steps are the slow ones), up to kMaxCycleSteps.
// Slicing is bit-exact, so the choice never changes the numbers.
class SliceChooser {
 public:
  static constexpr int kProbeSteps = 15;
  static constexpr int64_t kMinCycleSteps = 256, kMaxCycleSteps = 8192;
  // The threads the next step's products use (threads > 1), given how long the step just taken
  // lasted. Probes of another count say nothing of this one: then it starts over.
  int next(double step_ms, int threads) {
    if (threads != threads_) {
      *this = SliceChooser{};
      threads_ = threads;
    }
    const int64_t pos = pos_++;
    if (pos < 2 * kProbeSteps) probe_ms_[pos] = step_ms;
    if (pos == 2 * kProbeSteps - 1) {
      slice_ = median(probe_ms_ + kProbeSteps) < 0.9 * median(probe_ms_);
      cycle_ = slice_ ? kMinCycleSteps : std::min(2 * cycle_, kMaxCycleSteps);
    }
    if (pos_ >= cycle_) pos_ = 0;
    if (pos_ < kProbeSteps) return 1;
    if (pos_ < 2 * kProbeSteps) return threads;
    return slice_ ? threads : 1;
  }

 private:
  static double median(double* v) {
    std::nth_element(v, v + kProbeSteps / 2, v + kProbeSteps);
    return v[kProbeSteps / 2];
  }
  int threads_ = 0;  // the count probed
  int64_t pos_ = 0, cycle_ = kMinCycleSteps;
  double probe_ms_[2 * kProbeSteps] = {};
  bool slice_ = false;
};

}  // namespace

// Everything the training thread owns. Only TrainerWorker's methods touch it, and only on the
// trainer thread (after construction).
class TrainerWorker {
 public:
  TrainerWorker(Trainer& owner, std::shared_ptr<const Dataset> data, const TrainConfig& cfg)
      : owner_(owner) {
    build(std::move(data), cfg);
  }

  void run();
  std::shared_ptr<const Snapshot> make_snapshot(bool refresh_views);

 private:
  struct Arm {
    ArmConfig cfg;
    std::unique_ptr<Model> model;
    FloatBuffer grads;
    AdamState adam;
    Workspace ws;
    Rng eps_rng;
    FloatBuffer good_params;  // the last weights known finite, and their Adam state
    AdamState good_adam;
    // running sums for the next training-curve point
    double acc_rec = 0, acc_kl = 0;
    int64_t acc_samples = 0;
    std::vector<double> kl_dim_acc;
    std::vector<MetricPoint> train, test;
    std::vector<double> kl_per_dim;
    std::vector<float> recon, codes_mu, codes_logvar;
    int64_t views_step = -1;
    int64_t collapse_step = -1;
    CollapseStats collapse;
    std::vector<BoundPoint> bounds;
    // this step's (written by whichever thread steps the arm)
    ObjectiveParams obj;
    BatchLoss loss;
    bool finite = true;
  };

  void build(std::shared_ptr<const Dataset> data, const TrainConfig& cfg);
  void apply(const Command& c);
  void step();
  void end_epoch();
  void diverged(const std::string& what);
  void keep_good_copy();
  void refresh_views();
  void refresh_collapse();
  void publish(bool refresh_views);
  void say(std::string msg, bool error);
  float effective_beta(const Arm& a) const;
  // Compare mode with threads to spare: the arms step concurrently, one thread each.
  bool parallel_arms() const { return arms_.size() == 2 && cfg_.threads >= 2; }
  // Runs fn(arm) for every arm, the second on the side thread when they run concurrently.
  // fn must touch only its arm's state (and read shared, unchanging things).
  template <class F>
  void for_each_arm(F&& fn);
  // Threads each matrix product may use: the arms' share when they run concurrently.
  int gemm_threads() const { return parallel_arms() ? std::max(1, cfg_.threads / 2) : cfg_.threads; }
  void new_epoch_order();

  Trainer& owner_;
  std::shared_ptr<const Dataset> data_;
  TrainConfig cfg_;
  std::vector<Arm> arms_;
  Rng order_rng_;
  std::vector<uint32_t> order_;
  size_t cursor_ = 0;
  int64_t step_ = 0;
  int64_t epochs_done_ = 0;
  int64_t pause_at_step_ = -1;  // a Step command's target; -1 = none
  FloatBuffer batch_x_;
  std::vector<uint32_t> example_index_, code_index_;
  History history_;
  std::unique_ptr<SideThread> side_;  // started on the first step that runs arms concurrently
  SliceChooser slicing_;
  int step_gemm_threads_ = 1;  // what the last set_gemm_threads() said

  TrainerStatus status_ = TrainerStatus::Idle;
  std::string message_;
  bool message_is_error_ = false;
  uint64_t message_id_ = 0;
  uint64_t snapshot_id_ = 0;

  Clock::time_point last_publish_ = Clock::now(), last_views_ = Clock::now();
  Clock::time_point last_collapse_ = Clock::now();
  bool collapse_due_ = true;  // after (re)building: compute at the first views refresh
  int64_t samples_since_publish_ = 0;
  double samples_per_s_ = 0;
  int64_t samples_seen_ = 0;
  double train_seconds_ = 0;
};

void TrainerWorker::build(std::shared_ptr<const Dataset> data, const TrainConfig& cfg) {
  if (!data) throw Error("trainer: no dataset");
  cfg.validate();
  if (data->train.count == 0) throw Error(data->spec + ": the training split is empty");
  const int D = int(data->image_size());
  std::vector<Arm> arms(cfg.arms.size());
  for (size_t i = 0; i < arms.size(); ++i) {
    Arm& a = arms[i];
    a.cfg = cfg.arms[i];
    a.model = std::make_unique<Model>(cfg.arm_model(i, D));
    // Same seed for every arm: the AE then starts from the VAE's weights in every tensor they
    // share (core/vae/model.h), so compare mode shows only the effect of the KL term.
    a.model->init(cfg.seed);
    a.grads.assign(a.model->params().size(), 0.f);
    a.adam.reset(a.grads.size());
    a.ws.reserve(a.model->config(), cfg.batch);
    a.eps_rng.reseed(cfg.seed * 0x9e3779b97f4a7c15ull + 1);
    a.kl_dim_acc.assign(cfg.model.latent, 0.0);
    a.kl_per_dim.assign(cfg.model.latent, 0.0);
  }
  data_ = std::move(data);
  cfg_ = cfg;
  cfg_.model.input_dim = D;
  arms_ = std::move(arms);
  order_rng_.reseed(cfg.seed);
  step_ = 0;
  epochs_done_ = 0;
  samples_seen_ = 0;
  train_seconds_ = 0;
  pause_at_step_ = -1;
  batch_x_.assign(size_t(cfg.batch) * D, 0.f);
  new_epoch_order();
  keep_good_copy();

  // Fixed test images for the views: one of each class first, so every class is shown.
  example_index_.clear();
  const Split& test = data_->test.count ? data_->test : data_->train;
  const size_t n_test = test.count;
  if (!test.labels.empty()) {
    std::vector<bool> seen(std::max<size_t>(1, data_->class_names.size()), false);
    for (size_t i = 0; i < n_test && int(example_index_.size()) < cfg.view_examples; ++i) {
      const int32_t l = test.labels[i];
      if (l >= 0 && size_t(l) < seen.size() && !seen[l]) {
        seen[l] = true;
        example_index_.push_back(uint32_t(i));
      }
    }
  }
  for (size_t i = 0; i < n_test && int(example_index_.size()) < cfg.view_examples; ++i)
    if (std::find(example_index_.begin(), example_index_.end(), i) == example_index_.end())
      example_index_.push_back(uint32_t(i));
  // A seeded subset of the test split for the latent scatter.
  code_index_.resize(n_test);
  std::iota(code_index_.begin(), code_index_.end(), 0u);
  Rng pick(cfg.seed ^ 0xc0de5);
  const size_t n_codes = std::min<size_t>(n_test, size_t(cfg.view_codes));
  for (size_t i = 0; i < n_codes; ++i) std::swap(code_index_[i], code_index_[i + pick.below(n_test - i)]);
  code_index_.resize(n_codes);
  for (Arm& a : arms_) a.views_step = -1;
  history_.clear();
  collapse_due_ = true;
}

template <class F>
void TrainerWorker::for_each_arm(F&& fn) {
  if (!parallel_arms()) {
    for (Arm& a : arms_) fn(a);
    return;
  }
  if (!side_) side_ = std::make_unique<SideThread>();
  Arm* second = &arms_[1];
  side_->run([&fn, second] { fn(*second); });
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

void TrainerWorker::new_epoch_order() {
  order_.resize(data_->train.count);
  std::iota(order_.begin(), order_.end(), 0u);
  for (size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[order_rng_.below(i)]);
  cursor_ = 0;
}

float TrainerWorker::effective_beta(const Arm& a) const {
  if (cfg_.warmup_steps <= 0) return a.cfg.beta;
  return a.cfg.beta * std::min(1.f, float(step_ + 1) / float(cfg_.warmup_steps));
}

void TrainerWorker::keep_good_copy() {
  for (Arm& a : arms_) {
    a.good_params = a.model->params();
    a.good_adam = a.adam;
  }
}

void TrainerWorker::say(std::string msg, bool error) {
  message_ = std::move(msg);
  message_is_error_ = error;
  ++message_id_;
}

void TrainerWorker::diverged(const std::string& what) {
  for (Arm& a : arms_) {
    a.model->params() = a.good_params;
    a.adam = a.good_adam;
    a.acc_rec = a.acc_kl = 0;
    a.acc_samples = 0;
    std::fill(a.kl_dim_acc.begin(), a.kl_dim_acc.end(), 0.0);
  }
  status_ = TrainerStatus::Diverged;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "training diverged at step %lld (%s) with learning rate %g: restored the weights "
                "and Adam state of step %lld, the last finite copy (one is kept every %lld steps); "
                "lower the learning rate and resume",
                (long long)step_, what.c_str(), double(cfg_.lr), (long long)arms_[0].adam.t,
                (long long)kGoodCopyEvery);
  say(buf, true);
}

void TrainerWorker::step() {
  const Split& train = data_->train;
  const int D = cfg_.model.input_dim;
  const int B = int(std::min<size_t>(size_t(cfg_.batch), train.count - cursor_));
  gather_images(data_->train.pixels.data(), size_t(D), order_.data() + cursor_, B, batch_x_.data());

  // One arm's step reads the batch and touches only that arm's state. In compare mode with
  // two or more threads the second arm runs on the side thread: one hand-off per step, where
  // splitting each product across threads would synchronise a dozen times. Either way every
  // arm steps before any is checked, so both orders leave the same state.
  AdamConfig adam;
  adam.lr = cfg_.lr;
  for (Arm& a : arms_) a.obj = ObjectiveParams{effective_beta(a), cfg_.free_bits};
  auto train_arm = [this, B, &adam](Arm& a) {
    a.loss = compute_gradients(*a.model, batch_x_.data(), B, a.eps_rng, a.obj, a.ws,
                               a.grads.data(), a.kl_dim_acc.data());
    a.finite = std::isfinite(a.loss.objective) &&
               adam_update(adam, a.adam, a.model->params().data(), a.grads.data(), a.grads.size());
  };
  for_each_arm(train_arm);
  for (size_t i = 0; i < arms_.size(); ++i) {
    const Arm& a = arms_[i];
    if (!std::isfinite(a.loss.objective)) return diverged(cfg_.arm_label(i) + " loss is not finite");
    if (!a.finite) return diverged(cfg_.arm_label(i) + " weights are not finite");
  }
  for (Arm& a : arms_) {
    a.acc_rec += a.loss.rec * B;
    a.acc_kl += a.loss.kl * B;
    a.acc_samples += B;
  }
  cursor_ += B;
  ++step_;
  samples_since_publish_ += B;
  samples_seen_ += B;
  if (step_ % kGoodCopyEvery == 0) keep_good_copy();

  if (step_ % cfg_.metrics_every == 0) {
    const double epoch = double(epochs_done_) + double(cursor_) / double(train.count);
    for (Arm& a : arms_) {
      const double n = double(a.acc_samples);
      const double kl = a.cfg.kind == ModelKind::Vae ? a.acc_kl / n : 0.0;
      a.train.push_back({step_, epoch, a.acc_rec / n + kl, a.acc_rec / n, kl});
      for (size_t j = 0; j < a.kl_dim_acc.size(); ++j) a.kl_per_dim[j] = a.kl_dim_acc[j] / n;
      std::fill(a.kl_dim_acc.begin(), a.kl_dim_acc.end(), 0.0);
      a.acc_rec = a.acc_kl = 0;
      a.acc_samples = 0;
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
      const EvalResult r = evaluate(*a.model, test.pixels.data(), test.count, kEvalSeed, a.ws);
      a.test.push_back({step_, double(epochs_done_), r.loss, r.rec, r.kl});
    });
  new_epoch_order();
  if (cfg_.epochs > 0 && epochs_done_ >= cfg_.epochs) {
    status_ = TrainerStatus::Finished;
    say("finished " + std::to_string(epochs_done_) + " epochs", false);
  }
  publish(true);
}

// On the trainer thread: about 50–100 ms for the defaults (the IWAE decodes dominate), every
// few seconds — a few percent of training, and no model copy needed.
void TrainerWorker::refresh_collapse() {
  const Split& test = data_->test.count ? data_->test : data_->train;
  const size_t n = std::min<size_t>(test.count, size_t(cfg_.collapse_images));
  if (n == 0) return;
  CollapseOptions opt;
  opt.mi_images = n;
  opt.iwae_k = cfg_.iwae_k;
  opt.iwae_images = std::min<size_t>(n, size_t(cfg_.iwae_images));
  const double epoch = double(epochs_done_) + double(cursor_) / double(std::max<size_t>(1, data_->train.count));
  for (Arm& a : arms_) {
    a.collapse = collapse_stats(*a.model, test.pixels.data(), n, cfg_.seed ^ 0xc011a55e, opt);
    a.collapse_step = step_;
    if (a.cfg.kind == ModelKind::Vae && opt.iwae_k > 0)
      a.bounds.push_back({step_, epoch, a.collapse.iwae, a.collapse.elbo});
  }
  last_collapse_ = Clock::now();
  collapse_due_ = false;
}

void TrainerWorker::refresh_views() {
  const Split& test = data_->test.count ? data_->test : data_->train;
  const size_t D = data_->image_size();
  const int L = cfg_.model.latent;
  std::vector<uint8_t> px(std::max(example_index_.size(), code_index_.size()) * D);
  for (Arm& a : arms_) {
    Workspace& ws = a.ws;
    // Reconstructions decode the posterior mean: the view should not flicker with ε.
    const size_t ne = example_index_.size();
    for (size_t i = 0; i < ne; ++i)
      std::copy_n(test.pixels.data() + size_t(example_index_[i]) * D, D, px.data() + i * D);
    std::vector<float> mu(ne * L);
    encode_images(*a.model, px.data(), int(ne), ws, mu.data(), nullptr);
    a.recon.assign(ne * D, 0.f);
    decode_images(*a.model, mu.data(), int(ne), ws, a.recon.data());

    const size_t nc = code_index_.size();
    for (size_t i = 0; i < nc; ++i)
      std::copy_n(test.pixels.data() + size_t(code_index_[i]) * D, D, px.data() + i * D);
    a.codes_mu.assign(nc * L, 0.f);
    a.codes_logvar.assign(nc * L, 0.f);
    encode_images(*a.model, px.data(), int(nc), ws, a.codes_mu.data(), a.codes_logvar.data());
    a.views_step = step_;
  }
  last_views_ = Clock::now();
  if (!code_index_.empty() && history_.wants(step_)) {
    auto frame = std::make_shared<HistoryFrame>();
    frame->step = step_;
    frame->epoch = double(epochs_done_) + double(cursor_) / double(std::max<size_t>(1, data_->train.count));
    for (const Arm& a : arms_)
      frame->arms.push_back(History::capture(*a.model, a.codes_mu, a.codes_logvar, a.recon, a.collapse, a.collapse_step));
    history_.add(std::move(frame));
  }
}

std::shared_ptr<const Snapshot> TrainerWorker::make_snapshot(bool views) {
  // Collapse first: a timeline frame taken by refresh_views then carries this measurement.
  if (views && cfg_.collapse_every_ms > 0 && (collapse_due_ || ms_since(last_collapse_) >= cfg_.collapse_every_ms))
    refresh_collapse();
  if (views) refresh_views();
  auto s = std::make_shared<Snapshot>();
  s->id = ++snapshot_id_;
  s->status = status_;
  s->message = message_;
  s->message_id = message_id_;
  s->message_is_error = message_is_error_;
  s->step = step_;
  s->epoch = double(epochs_done_) + double(cursor_) / double(std::max<size_t>(1, data_->train.count));
  s->steps_per_epoch = int64_t((data_->train.count + cfg_.batch - 1) / cfg_.batch);
  s->samples_per_s = samples_per_s_;
  s->samples_seen = samples_seen_;
  s->train_seconds = train_seconds_;
  s->lr = cfg_.lr;
  s->config = cfg_;
  s->data = data_;
  s->history = history_.frames();
  s->history_bytes = history_.bytes();
  s->example_index = example_index_;
  s->code_index = code_index_;
  for (size_t i = 0; i < arms_.size(); ++i) {
    const Arm& a = arms_[i];
    ArmSnapshot as;
    as.arm = a.cfg;
    as.name = cfg_.arm_name(i);
    as.label = cfg_.arm_label(i);
    as.model = std::make_shared<const Model>(*a.model);
    as.train = a.train;
    as.test = a.test;
    as.kl_per_dim = a.kl_per_dim;
    as.beta = a.cfg.beta;
    as.effective_beta = effective_beta(a);
    as.views_step = a.views_step;
    as.recon = a.recon;
    as.codes_mu = a.codes_mu;
    as.codes_logvar = a.codes_logvar;
    as.collapse_step = a.collapse_step;
    as.collapse = a.collapse;
    as.bounds = a.bounds;
    s->arms.push_back(std::move(as));
  }
  return s;
}

void TrainerWorker::publish(bool views) {
  const double dt = ms_since(last_publish_);
  if (dt > 0 && samples_since_publish_ > 0) samples_per_s_ = samples_since_publish_ * 1000.0 / dt;
  if (status_ != TrainerStatus::Running) samples_per_s_ = 0;
  samples_since_publish_ = 0;
  last_publish_ = Clock::now();
  owner_.publish(make_snapshot(views));
}

void TrainerWorker::apply(const Command& c) {
  using T = Command::Type;
  switch (c.type) {
    case T::Start:
    case T::Resume:
    case T::Step:
      if (status_ == TrainerStatus::Failed || status_ == TrainerStatus::Loading) break;
      if (c.type == T::Step && c.value < 1) break;
      pause_at_step_ = c.type == T::Step ? step_ + std::max<int64_t>(0, int64_t(c.value)) : -1;
      if (status_ == TrainerStatus::Finished) cfg_.epochs = 0;  // keep going past the target
      status_ = TrainerStatus::Running;
      samples_since_publish_ = 0;
      last_publish_ = Clock::now();
      break;
    case T::Pause:
      if (status_ == TrainerStatus::Running) status_ = TrainerStatus::Paused;
      break;
    case T::Stop:
      if (status_ != TrainerStatus::Failed) status_ = TrainerStatus::Idle;
      break;
    case T::Reset: {
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
      break;
    }
    case T::SetBeta:
      if (!(c.value >= 0) || !std::isfinite(c.value)) {
        say("beta must be >= 0", true);
        break;
      }
      for (size_t i = 0; i < arms_.size(); ++i)
        if (c.arm < 0 ? arms_[i].cfg.kind == ModelKind::Vae : int(i) == c.arm) {
          arms_[i].cfg.beta = float(c.value);
          cfg_.arms[i].beta = float(c.value);
        }
      break;
    case T::SetLearningRate:
      if (!(c.value > 0) || !std::isfinite(c.value)) {
        say("learning rate must be > 0", true);
        break;
      }
      cfg_.lr = float(c.value);
      break;
    case T::SetWarmup:
      cfg_.warmup_steps = std::max(0, int(c.value));
      break;
    case T::SetFreeBits:
      cfg_.free_bits = std::max(0.f, float(c.value));
      break;
    case T::SetThreads: {
      // TrainConfig::validate() holds the range and names it; a value no int holds is out of it.
      TrainConfig next = cfg_;
      next.threads = std::fabs(c.value) < 1e6 ? int(c.value) : 0;
      try {
        next.validate();
        cfg_.threads = next.threads;  // slicing_ starts over if it probed another count > 1
      } catch (const Error& e) {
        say(e.what(), true);
      }
      break;
    }
    case T::Save: {
      try {
        std::filesystem::create_directories(c.path);
        std::string written;
        for (size_t i = 0; i < arms_.size(); ++i) {
          const Arm& a = arms_[i];
          CheckpointInfo info{data_->spec, data_->height, data_->width, data_->channels, step_,
                              double(epochs_done_) + double(cursor_) / double(data_->train.count),
                              a.cfg.beta, cfg_.lr, cfg_.batch, cfg_.seed};
          const std::string path = (std::filesystem::path(c.path) / (cfg_.arm_name(i) + ".safetensors")).string();
          save_checkpoint(path, *a.model, &a.adam, info);
          written += (written.empty() ? "" : ", ") + path;
        }
        say("saved " + written, false);
      } catch (const std::exception& e) {
        say(std::string("save failed: ") + e.what(), true);
      }
      break;
    }
    case T::Load: {
      try {
        LoadedCheckpoint ck = load_checkpoint(c.path);
        int target = c.arm;
        if (target < 0)
          for (size_t i = 0; i < arms_.size() && target < 0; ++i)
            if (arms_[i].cfg.kind == ck.model->config().kind) target = int(i);
        if (target < 0 || target >= int(arms_.size()))
          throw Error(c.path + ": a " + std::string(to_string(ck.model->config().kind)) +
                      " checkpoint, but no such model is being trained");
        Arm& a = arms_[target];
        const ModelConfig& want = a.model->config();
        const ModelConfig& got = ck.model->config();
        if (!want.same_shape(got))
          throw Error(c.path + ": checkpoint is " + std::string(to_string(got.kind)) + " " +
                      std::to_string(got.input_dim) + "-" + format_int_list(got.hidden) + "-" +
                      std::to_string(got.latent) + ", the current model is " +
                      std::string(to_string(want.kind)) + " " + std::to_string(want.input_dim) +
                      "-" + format_int_list(want.hidden) + "-" + std::to_string(want.latent) +
                      ": choose those settings and Reset first");
        a.model->params() = ck.model->params();
        if (ck.adam) a.adam = *ck.adam; else a.adam.reset(a.grads.size());
        keep_good_copy();
        a.views_step = -1;
        collapse_due_ = true;
        say("loaded " + c.path + " into " + cfg_.arm_label(target), false);
      } catch (const std::exception& e) {
        say(std::string("load failed: ") + e.what(), true);
      }
      break;
    }
  }
}

void TrainerWorker::run() {
  set_gemm_threads(step_gemm_threads_ = 1);
  for (;;) {
    std::vector<Command> cmds;
    uint64_t taken = 0;
    {
      std::unique_lock lock(owner_.mutex_);
      if (status_ != TrainerStatus::Running)
        owner_.changed_.wait(lock, [&] { return owner_.quit_ || !owner_.queue_.empty(); });
      if (owner_.quit_) return;
      cmds.swap(owner_.queue_);
      taken = cmds.size();
    }
    if (taken) {
      // Live settings change no view: publish them without the ~40 ms views refresh.
      bool views = false;
      for (const Command& c : cmds) {
        apply(c);
        views |= c.type == Command::Type::Reset || c.type == Command::Type::Load;
      }
      publish(views);
      std::lock_guard lock(owner_.mutex_);
      owner_.commands_done_ += taken;
      owner_.changed_.notify_all();
      continue;
    }
    try {
      const auto t0 = Clock::now();
      step();
      const double ms = ms_since(t0);
      train_seconds_ += ms / 1000.0;
      // Compare mode runs its arms concurrently instead (one hand-off per step, no probing).
      const int threads = parallel_arms()     ? gemm_threads()
                          : cfg_.threads > 1 ? slicing_.next(ms, cfg_.threads)
                                             : 1;
      if (threads != step_gemm_threads_) set_gemm_threads(step_gemm_threads_ = threads);
    } catch (const std::exception& e) {
      status_ = TrainerStatus::Failed;
      say(std::string("training failed: ") + e.what(), true);
      publish(false);
      continue;
    }
    if (status_ != TrainerStatus::Running) {
      publish(true);
    } else if (ms_since(last_publish_) >= cfg_.publish_every_ms) {
      publish(ms_since(last_views_) >= cfg_.views_every_ms);
    }
  }
}

Trainer::Trainer(std::shared_ptr<const Dataset> data, const TrainConfig& cfg)
    : worker_(std::make_unique<TrainerWorker>(*this, std::move(data), cfg)) {
  latest_ = worker_->make_snapshot(true);
  thread_ = std::thread([this] { worker_->run(); });
}

Trainer::~Trainer() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Trainer::send(Command c) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(c));
    ++commands_sent_;
  }
  changed_.notify_all();
}

std::shared_ptr<const Snapshot> Trainer::snapshot() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

std::shared_ptr<const Snapshot> Trainer::wait_snapshot(uint64_t after_id, int timeout_ms) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                    [&] { return latest_->id > after_id || quit_; });
  return latest_;
}

std::shared_ptr<const Snapshot> Trainer::sync() const {
  std::unique_lock lock(mutex_);
  const uint64_t target = commands_sent_;
  changed_.wait(lock, [&] { return commands_done_ >= target || quit_; });
  return latest_;
}

void Trainer::publish(std::shared_ptr<const Snapshot> s) {
  {
    std::lock_guard lock(mutex_);
    latest_ = std::move(s);
  }
  changed_.notify_all();
}

}  // namespace ll
