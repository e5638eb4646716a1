// New models for a config: at start-up and on every Reset.
#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/train/trainer_worker.h"

namespace ll {

TrainerWorker::TrainerWorker(Trainer& owner, std::shared_ptr<const Dataset> data,
                             const TrainConfig& cfg, const ViewConfig& views)
    : owner_(owner), views_(views) {
  views_.validate();
  build(std::move(data), cfg);
}

void TrainerWorker::build(std::shared_ptr<const Dataset> data, const TrainConfig& cfg) {
  if (!data) throw Error("trainer: no dataset");
  cfg.validate();
  if (data->train.count == 0) throw Error(data->spec + ": the training split is empty");
  const int D = int(data->image_size());
  // Built aside: a failure leaves the current run untouched (a Reset then keeps it).
  std::vector<Arm> arms(cfg.arms.size());
  for (size_t i = 0; i < arms.size(); ++i) {
    Learner& l = arms[i].learner;
    l.cfg = cfg.arms[i];
    l.model = std::make_unique<Model>(cfg.arm_model(i, D));
    // Same seed for every arm: the AE then starts from the VAE's weights in every tensor they
    // share (core/vae/model.h), so compare mode shows only the effect of the KL term.
    l.model->init(cfg.seed);
    l.grads.assign(l.model->params().size(), 0.f);
    l.adam.reset(l.grads.size());
    // Forward passes only (evaluation, the views): training runs in the shards' workspaces. With
    // backward buffers the views' 256-row chunks made it 4.1 MB a model instead of 1.6.
    l.ws.reserve(l.model->config(), cfg.batch, false);
    l.eps_rng.reseed(cfg.seed * 0x9e3779b97f4a7c15ull + 1);
    arms[i].curves.kl_dim_acc.assign(cfg.model.latent, 0.0);
    arms[i].curves.kl_per_dim.assign(cfg.model.latent, 0.0);
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
  pick_view_images();
  history_.clear();
  collapse_due_ = true;
}

void TrainerWorker::pick_view_images() {
  // Fixed test images for the views: one of each class first, so every class is shown.
  example_index_.clear();
  const Split& test = data_->test.count ? data_->test : data_->train;
  const size_t n_test = test.count;
  if (!test.labels.empty()) {
    std::vector<bool> seen(std::max<size_t>(1, data_->class_names.size()), false);
    for (size_t i = 0; i < n_test && int(example_index_.size()) < views_.view_examples; ++i) {
      const int32_t l = test.labels[i];
      if (l >= 0 && size_t(l) < seen.size() && !seen[l]) {
        seen[l] = true;
        example_index_.push_back(uint32_t(i));
      }
    }
  }
  for (size_t i = 0; i < n_test && int(example_index_.size()) < views_.view_examples; ++i)
    if (std::find(example_index_.begin(), example_index_.end(), i) == example_index_.end())
      example_index_.push_back(uint32_t(i));
  // A seeded subset of the test split for the latent scatter.
  code_index_.resize(n_test);
  std::iota(code_index_.begin(), code_index_.end(), 0u);
  Rng pick(cfg_.seed ^ 0xc0de5);
  const size_t n_codes = std::min<size_t>(n_test, size_t(views_.view_codes));
  for (size_t i = 0; i < n_codes; ++i) std::swap(code_index_[i], code_index_[i + pick.below(n_test - i)]);
  code_index_.resize(n_codes);
  for (Arm& a : arms_) a.views.views_step = -1;
}

}  // namespace ll
