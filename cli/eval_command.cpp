// latentlab-cli eval / export: a saved model against a dataset.
#include <cstdio>
#include <filesystem>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/data/dataset.h"
#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/exports.h"
#include "core/io/json.h"
#include "core/vae/evaluate.h"
#include "core/vae/iwae.h"

namespace ll::cli {

namespace {

struct Loaded {
  LoadedCheckpoint ck;
  Dataset data;
};

// The checkpoint, and the dataset it is judged on: --data, else the one it was trained on.
Loaded load(Args& a) {
  const std::string path = a.required("checkpoint");
  Loaded l{load_checkpoint(path), {}};
  const std::string spec = a.str("data", l.ck.info.data.empty() ? "fashion-mnist" : l.ck.info.data);
  l.data = load_dataset(spec, l.ck.info.seed);
  if (size_t(l.ck.model->config().input_dim) != l.data.image_size())
    throw Error(path + ": the model takes " + std::to_string(l.ck.model->config().input_dim) +
                " inputs but " + spec + " images have " + std::to_string(l.data.image_size()));
  return l;
}

}  // namespace

int eval_command(const std::vector<std::string>& argv) {
  Args a(argv, {"json"});
  Loaded l = load(a);
  const int iwae_k = a.integer("iwae", 0, 0, 100000);
  const int iwae_images = a.integer("iwae-images", 0, 0, 1 << 30);
  const bool json = a.has("json");
  a.finish();
  const Model& m = *l.ck.model;
  const Split& test = l.data.test.count ? l.data.test : l.data.train;
  Workspace ws;
  const EvalResult r = evaluate(m, test.pixels.data(), test.count, 0x5eed7e57, ws);
  const std::string name(to_string(m.config().kind));
  std::printf("%s on %s (%zu test images): -ELBO %.3f nats (reconstruction %.3f, KL %.3f)\n",
              name.c_str(), l.data.name.c_str(), test.count, r.loss, r.rec, r.kl);
  io::Json model = io::Json::object();
  model.set("test_loss", r.loss);
  model.set("test_rec", r.rec);
  model.set("test_kl", r.kl);
  if (iwae_k > 0) {
    const size_t n = iwae_images > 0 ? std::min<size_t>(iwae_images, test.count) : test.count;
    const double bound = iwae_bound(m, test.pixels.data(), n, iwae_k, 0x1a4ae);
    std::printf("IWAE bound (k=%d, %zu images): log p(x) >= %.3f nats\n", iwae_k, n, bound);
    model.set("iwae", bound);
    model.set("iwae_k", iwae_k);
  }
  if (json) {
    io::Json models = io::Json::object();
    models.set(name, model);
    io::Json root = io::Json::object();
    root.set("models", models);
    std::printf("%s\n", io::to_json(root).c_str());
  }
  return 0;
}

int export_command(const std::vector<std::string>& argv) {
  Args a(argv, {});
  Loaded l = load(a);
  const std::string out = a.required("out");
  const uint64_t seed = uint64_t(a.integer("seed", 1, 0, 2147483647));
  a.finish();
  const std::string name(to_string(l.ck.model->config().kind));
  for (const std::string& p : export_views(out, name, *l.ck.model, l.data, seed))
    std::printf("wrote %s\n", p.c_str());
  return 0;
}

}  // namespace ll::cli
