// latentlab-cli eval / export: a saved model against a dataset.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/eval_exact.h"
#include "core/data/dataset.h"
#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/exports.h"
#include "core/io/json.h"
#include "core/latent/diagnostics.h"
#include "core/latent/holes.h"
#include "core/vae/evaluate.h"
#include "core/vae/iwae.h"

namespace ll::cli {

namespace {

struct Loaded {
  LoadedCheckpoint ck;
  Dataset data;
};

// The checkpoint, and the dataset it is judged on: --data, else the one it was trained on.
Loaded load(const std::string& path, const std::string& data) {
  Loaded l{load_checkpoint(path), {}};
  const std::string spec = !data.empty() ? data : l.ck.info.data.empty() ? "fashion-mnist" : l.ck.info.data;
  l.data = load_dataset(spec, l.ck.info.seed);
  if (size_t(l.ck.model->config().input_dim) != l.data.image_size())
    throw Error(path + ": the model takes " + std::to_string(l.ck.model->config().input_dim) +
                " inputs but " + spec + " images have " + std::to_string(l.data.image_size()));
  return l;
}

}  // namespace

int eval_command(const EvalOptions& o) {
  Loaded l = load(o.checkpoint, o.data);
  const int iwae_k = o.iwae_k;
  const bool json = o.json, holes = o.holes;
  const HoleOptions& hole_opt = o.hole;
  const Model& m = *l.ck.model;
  check_theory_flags(m, o);
  const Split& test = l.data.test.count ? l.data.test : l.data.train;
  Workspace ws;
  const EvalResult r = evaluate(m, test.pixels.data(), test.count, 0x5eed7e57, ws);
  const std::string name(to_string(m.config().kind));
  std::printf("%s on %s (%zu test images): -ELBO %.3f nats (reconstruction %.3f, KL %.3f)\n",
              name.c_str(), l.data.name.c_str(), test.count, r.loss, r.rec, r.kl);
  io::Json model = io::Json::object();
  model["test_loss"] = r.loss;
  model["test_rec"] = r.rec;
  model["test_kl"] = r.kl;
  // At z = μ: what another implementation (PyTorch's) reproduces exactly, with no ε to share.
  const EvalResult at_mu = evaluate_at_mean(m, test.pixels.data(), test.count, ws);
  std::printf("at z = mu, no sampling: reconstruction %.3f nats, + KL = %.3f (not a bound on log p(x))\n",
              at_mu.rec, at_mu.loss);
  model["test_rec_at_mu"] = at_mu.rec;
  model["test_loss_at_mu"] = at_mu.loss;
  const size_t n = per_image_count(o, test.count);
  double iwae = NAN;
  if (iwae_k > 0) {
    iwae = iwae_bound(m, test.pixels.data(), n, iwae_k, 0x1a4ae);
    std::printf("IWAE bound (k=%d, %zu images): log p(x) >= %.3f nats\n", iwae_k, n, iwae);
    model["iwae"] = iwae;
    model["iwae_k"] = iwae_k;
  }
  if (o.exact) add_exact(m, test.pixels.data(), n, iwae, iwae_k, model);
  if (o.grad_variance) add_grad_variance(m, test.pixels.data(), test.count, o.draws, model);
  // Collapse: KL per dimension and active units on the whole split, MI on a 2,000-image batch.
  const CollapseStats c = collapse_stats(m, test.pixels.data(), test.count, 0xc011a95e);
  std::printf("active units: %d of %d (Var_x of mu > %g)\n", c.active_units, m.config().latent,
              kActiveUnitThreshold);
  if (std::isfinite(c.mutual_info))
    std::printf("mutual information I(x;z): %.3f nats (%zu images; the estimate is at most log %zu = %.2f)\n",
                c.mutual_info, c.mi_count, c.mi_count, std::log(double(c.mi_count)));
  model["active_units"] = c.active_units;
  model["mutual_info"] = c.mutual_info;  // NaN (the AE) is written as null
  io::Json kl_dims = io::Json::array(), mu_var = io::Json::array();
  for (double v : c.kl_per_dim) kl_dims.push_back(v);
  for (double v : c.mu_variance) mu_var.push_back(v);
  model["kl_per_dim"] = kl_dims;
  model["mu_variance"] = mu_var;
  std::vector<float> hole_points;  // for eval_features' feature rule over the same points
  if (holes) {
    const HoleThreshold t = hole_threshold(l.data);
    const auto t0 = std::chrono::steady_clock::now();
    const HoleMap h = hole_map(m, l.data, t, hole_opt);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string where = h.grid ? std::to_string(h.grid) + "x" + std::to_string(h.grid) + " grid points"
                                     : std::to_string(h.count()) + " uniform samples";
    std::printf("holes: %.1f%% of %s over the 1-99%% box of test mu decode farther from every "
                "training image than 95%% of %zu test images are (MSE > %.5f); %.2f s\n",
                100 * h.rate, where.c_str(), t.test_count, t.mse, secs);
    model["hole_rate"] = h.rate;
    model["hole_threshold"] = t.mse;
    model["hole_points"] = uint64_t(h.count());
    model["hole_map_seconds"] = secs;
    hole_points = h.z;
  }
  if (o.fd_samples > 0) eval_features(m, l.data, o, hole_points, model);
  if (json) {
    io::Json models = io::Json::object();
    models[name] = model;
    io::Json root = io::Json::object();
    root["models"] = models;
    std::printf("%s\n", io::to_json(root).c_str());
  }
  return 0;
}

int export_command(const ExportOptions& o) {
  Loaded l = load(o.checkpoint, o.data);
  const std::string& out = o.out;
  const uint64_t seed = uint64_t(o.seed);
  const std::string name(to_string(l.ck.model->config().kind));
  for (const std::string& p : export_views(out, name, *l.ck.model, l.data, seed))
    std::printf("wrote %s\n", p.c_str());
  return 0;
}

}  // namespace ll::cli
