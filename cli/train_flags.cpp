#include "cli/train_flags.h"

#include <limits>

#include "core/error.h"

namespace ll::cli {

TrainConfig read_train_config(Args& a, const TrainConfig& d) {
  TrainConfig c = d;
  c.data = a.str("data", d.data);
  c.model.latent = a.integer("latent", d.model.latent, 1, 4096);
  if (auto h = a.value("hidden")) c.model.hidden = parse_int_list(*h, "--hidden");
  c.model.activation = parse_activation(a.str("activation", std::string(to_string(d.model.activation))));
  c.model.likelihood = parse_likelihood(a.str("likelihood", std::string(to_string(d.model.likelihood))));
  c.model.learn_variance = a.has("learn-variance");
  if (c.model.learn_variance && c.model.likelihood != Likelihood::Gaussian)
    throw Error("--learn-variance needs --likelihood gaussian");
  c.batch = a.integer("batch", d.batch, 1, 65536);
  // Only float's own range caps the rate: a rate too high diverges, and divergence is handled
  // (last finite weights restored and saved, exit 3), which is better told than refused.
  c.lr = float(a.number("lr", d.lr, 0, std::numeric_limits<float>::max(), true));
  const float beta = float(a.number("beta", 1, 0, 1e6));
  c.seed = uint64_t(a.integer("seed", int(d.seed), 0, 2147483647));
  c.threads = a.integer("threads", d.threads, 1, 256);
  c.epochs = a.integer("epochs", d.epochs, 0, 1000000);
  c.warmup_steps = a.integer("warmup", d.warmup_steps, 0, 1 << 30);
  c.free_bits = float(a.number("free-bits", d.free_bits, 0, 1e6));

  const bool ae = a.has("ae"), compare = a.has("compare");
  const auto compare_beta = a.value("compare-beta");
  if (int(ae) + int(compare) + int(bool(compare_beta)) > 1)
    throw Error("choose one of --ae, --compare and --compare-beta");
  if (ae) {
    c.arms = {ArmConfig{ModelKind::Ae, 1.f}};
  } else if (compare) {
    c.arms = {ArmConfig{ModelKind::Vae, beta}, ArmConfig{ModelKind::Ae, 1.f}};
  } else if (compare_beta) {
    const float b2 = float(a.number("compare-beta", 1, 0, 1e6));
    c.arms = {ArmConfig{ModelKind::Vae, beta}, ArmConfig{ModelKind::Vae, b2}};
  } else {
    c.arms = {ArmConfig{ModelKind::Vae, beta}};
  }
  c.validate();
  return c;
}

ViewConfig without_views() {
  ViewConfig v;
  v.view_codes = 0;
  v.view_examples = 0;
  v.views_every_ms = 1 << 30;
  v.collapse_every_ms = 0;
  return v;
}

}  // namespace ll::cli
