// What the trainer publishes: the views' data, refreshed on their own clocks, and snapshots.
#include <algorithm>
#include <cstring>

#include "core/train/trainer.h"
#include "core/train/trainer_worker.h"
#include "core/vae/forward.h"

namespace ll {

namespace {

// The weights for a snapshot: the copy the last snapshot carried while the weights still equal
// it bit for bit (paused, idle, after a command that changed no weight), else a new one. Ten
// publishes a second each copied both models, and every worker's job, every pending job and the
// app held a different copy (~9 alive, 48 MiB); sharing keeps one per change of the weights.
// The comparison reads the buffer once (2.5 MB for 784-400-2, a fraction of a step); tracking
// every place that writes weights (steps, Load, Reset, Follow, a divergence's restore) instead
// would be one more thing to forget.
std::shared_ptr<const Model> published_model(std::shared_ptr<const Model>& last, const Model& now) {
  const bool same = last && last->config() == now.config() && last->params().size() == now.params().size() &&
                    std::memcmp(last->params().data(), now.params().data(), now.params().size() * sizeof(float)) == 0;
  if (!same) last = std::make_shared<const Model>(now);
  return last;
}

}  // namespace

void TrainerWorker::say(std::string msg, bool error) {
  message_ = std::move(msg);
  message_is_error_ = error;
  ++message_id_;
}

// On the trainer thread, every few seconds: the IWAE decodes dominate, but at the default sizes
// it stays a few percent of training, and it needs no copy of the models.
void TrainerWorker::refresh_collapse() {
  const Split& test = data_->test.count ? data_->test : data_->train;
  const size_t n = std::min<size_t>(test.count, size_t(views_.collapse_images));
  if (n == 0) return;
  CollapseOptions opt;
  opt.mi_images = n;
  opt.iwae_k = views_.iwae_k;
  opt.iwae_images = std::min<size_t>(n, size_t(views_.iwae_images));
  const double e = epoch();
  for (Arm& a : arms_) {
    ArmViews& v = a.views;
    v.collapse = collapse_stats(*a.learner.model, test.pixels.data(), n, cfg_.seed ^ 0xc011a55e, opt);
    v.collapse_step = step_;
    if (a.learner.cfg.kind == ModelKind::Vae && opt.iwae_k > 0)
      v.bounds.push_back({step_, e, v.collapse.iwae, v.collapse.elbo});
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
    const Model& m = *a.learner.model;
    Workspace& ws = a.learner.ws;
    ArmViews& v = a.views;
    // Reconstructions decode the posterior mean: the view should not flicker with ε.
    const size_t ne = example_index_.size();
    for (size_t i = 0; i < ne; ++i)
      std::copy_n(test.pixels.data() + size_t(example_index_[i]) * D, D, px.data() + i * D);
    std::vector<float> mu(ne * L);
    encode_images(m, px.data(), int(ne), ws, mu.data(), nullptr);
    v.recon.assign(ne * D, 0.f);
    decode_images(m, mu.data(), int(ne), ws, v.recon.data());

    const size_t nc = code_index_.size();
    for (size_t i = 0; i < nc; ++i)
      std::copy_n(test.pixels.data() + size_t(code_index_[i]) * D, D, px.data() + i * D);
    v.codes_mu.assign(nc * L, 0.f);
    v.codes_logvar.assign(nc * L, 0.f);
    encode_images(m, px.data(), int(nc), ws, v.codes_mu.data(), v.codes_logvar.data());
    v.views_step = step_;
  }
  last_views_ = Clock::now();
  if (!code_index_.empty() && history_.wants(step_)) {
    auto frame = std::make_shared<HistoryFrame>();
    frame->step = step_;
    frame->epoch = epoch();
    for (const Arm& a : arms_) {
      const ArmViews& v = a.views;
      frame->arms.push_back(History::capture(*a.learner.model, v.codes_mu, v.codes_logvar, v.recon,
                                             v.collapse, v.collapse_step));
    }
    history_.add(std::move(frame));
  }
}

std::shared_ptr<const Snapshot> TrainerWorker::make_snapshot(bool views) {
  // Collapse first: a timeline frame taken by refresh_views then carries this measurement.
  if (views && views_.collapse_every_ms > 0 &&
      (collapse_due_ || ms_since(last_collapse_) >= views_.collapse_every_ms))
    refresh_collapse();
  if (views) refresh_views();
  auto s = std::make_shared<Snapshot>();
  s->id = ++snapshot_id_;
  s->status = status_;
  s->message = message_;
  s->message_id = message_id_;
  s->message_is_error = message_is_error_;
  s->step = step_;
  s->epoch = epoch();
  s->steps_per_epoch = int64_t((data_->train.count + cfg_.batch - 1) / cfg_.batch);
  s->samples_per_s = samples_per_s_;
  s->samples_seen = samples_seen_;
  s->train_seconds = train_seconds_;
  s->lr = cfg_.lr;
  s->config = cfg_;
  s->views = views_;
  s->data = data_;
  s->history = history_.frames();
  s->history_bytes = history_.bytes();
  s->example_index = example_index_;
  s->code_index = code_index_;
  if (follow_) {
    s->follow_dir = follow_->watch.dir();
    s->followed = follow_->log;
  }
  for (size_t i = 0; i < arms_.size(); ++i) {
    Arm& a = arms_[i];
    ArmSnapshot as;
    as.arm = a.learner.cfg;
    as.name = cfg_.arm_name(i);
    as.model = published_model(a.published, *a.learner.model);
    as.train = a.curves.train;
    as.test = a.curves.test;
    as.kl_per_dim = a.curves.kl_per_dim;
    as.beta = a.learner.cfg.beta;
    as.effective_beta = effective_beta(a);
    as.views_step = a.views.views_step;
    as.recon = a.views.recon;
    as.codes_mu = a.views.codes_mu;
    as.codes_logvar = a.views.codes_logvar;
    as.collapse_step = a.views.collapse_step;
    as.collapse = a.views.collapse;
    as.bounds = a.views.bounds;
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

}  // namespace ll
