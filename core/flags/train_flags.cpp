#include "core/flags/train_flags.h"

#include <CLI/CLI.hpp>

#include <limits>
#include <memory>

#include "core/error.h"
#include "core/train/train_mode.h"

namespace ll {

TrainConfig train_defaults(Frontend f) {
  TrainConfig c;  // latent 20, one VAE, default_threads(), as the CLI trains
  switch (f) {
    case Frontend::Gui:
      c.model.latent = 2;  // the latent map shows the space itself
      c.arms = arms_for_mode(TrainMode::VaeAe, 1.f, 1.f);
      c.threads = default_threads_beside_ui();
      c.epochs = 0;  // until the person stops it
      break;
    case Frontend::CliTrain: c.epochs = 10; break;
    case Frontend::CliBench: c.data = ""; break;  // bench_command picks what is installed
  }
  return c;
}

std::string defaults_summary(Frontend f) {
  const TrainConfig c = train_defaults(f);
  return "latent " + std::to_string(c.model.latent) + ", " + train_mode_info(mode_of(c.arms)).label + ", " +
         std::to_string(c.threads) + (c.threads == 1 ? " thread, " : " threads, ") +
         (c.epochs > 0 ? std::to_string(c.epochs) + " epochs" : "no epoch limit");
}

namespace {

// The mode flags and --beta, read before the arms can be built.
struct ModeFlags {
  bool on[4] = {};  // by train_modes() order
  float beta = 1.f, beta2 = 1.f;
};

}  // namespace

void add_train_flags(FlagSet& flags, TrainConfig& out, Frontend f) {
  out = train_defaults(f);
  const TrainConfig d = out;
  const auto mode = std::make_shared<ModeFlags>();
  mode->beta = d.arms[0].beta;
  if (d.arms.size() > 1) mode->beta2 = d.arms[1].beta;

  const char* model = "Data and model";
  const char* training = "Training";
  const char* models = "Models (at most one of these)";
  flags.value("--data", "SPEC",
              "fashion-mnist | idx:DIR | idx:FILE | folder:DIR[@WxH][:rgb] | synthetic[:N]" +
                  std::string(f == Frontend::CliBench ? " (default: fashion-mnist when installed, else synthetic)" : ""),
              d.data, [&out](const std::string& v) {
                if (v.empty()) throw Error("--data needs a value");
                out.data = v;
              })->group(model);
  flags.integer("--latent", out.model.latent, 1, 4096, "latent size")->group(model);
  flags.value("--hidden", "LIST", "encoder hidden sizes, e.g. 400 or 512,256 (the decoder mirrors them)",
              format_int_list(d.model.hidden),
              [&out](const std::string& v) { out.model.hidden = parse_int_list(v, "--hidden"); })->group(model);
  flags.value("--activation", "NAME", "relu | tanh", std::string(to_string(d.model.activation)),
              [&out](const std::string& v) {
                out.model.activation = parse_activation(read_choice("--activation", v, {"relu", "tanh"}));
              })->group(model);
  flags.value("--likelihood", "NAME", "bernoulli | gaussian", std::string(to_string(d.model.likelihood)),
              [&out](const std::string& v) {
                out.model.likelihood = parse_likelihood(read_choice("--likelihood", v, {"bernoulli", "gaussian"}));
              })->group(model);
  flags.flag("--learn-variance", out.model.learn_variance,
             "learn the decoder's per-pixel variance (needs --likelihood gaussian)")->group(model);

  flags.integer("--batch", out.batch, 1, 65536, "batch size")->group(training);
  // Only float's own range caps the rate: a rate too high diverges, and divergence is handled
  // (last finite weights restored), which is better told than refused.
  flags.number("--lr", out.lr, 0, std::numeric_limits<float>::max(), true, "Adam learning rate")->group(training);
  flags.number("--beta", mode->beta, 0, 1e6, false, "weight of the KL term (the first VAE's)")->group(training);
  flags.integer("--warmup", out.warmup_steps, 0, 1 << 30, "steps over which beta ramps up from 0 (0: none)")
      ->group(training);
  flags.number("--free-bits", out.free_bits, 0, 1e6, false, "KL floor per latent dimension, in nats (0: off)")
      ->group(training);
  flags.value("--seed", "N", "seed for the weights, the batches and the noise", std::to_string(d.seed),
              [&out](const std::string& v) { out.seed = uint64_t(read_integer("--seed", v, 0, 2147483647)); })
      ->group(training);
  flags.integer("--threads", out.threads, 1, 256,
                f == Frontend::Gui ? "training threads (default: the cores less one for the UI, at most 4)"
                                   : "training threads (default: every core, at most 4)")->group(training);
  if (f != Frontend::CliBench)
    flags.integer("--epochs", out.epochs, f == Frontend::Gui ? 0 : 1, 1000000,
                  f == Frontend::Gui ? "stop after this many epochs (0: when told)" : "epochs to train")
        ->group(training);

  const TrainMode default_mode = mode_of(d.arms);
  for (size_t i = 0; i < train_modes().size(); ++i) {
    const TrainModeInfo& m = train_modes()[i];
    const std::string help = std::string(m.help) + (m.mode == default_mode ? " (default)" : "");
    if (m.mode == TrainMode::VaeVae)
      flags.value(m.flag, "B", help, "", [mode, i](const std::string& v) {
        mode->on[i] = true;
        mode->beta2 = float(read_number("--compare-beta", v, 0, 1e6, false));
      })->group(models);
    else
      flags.flag(m.flag, mode->on[i], help)->group(models);
  }

  flags.then([&out, mode, default_mode] {
    TrainMode chosen = default_mode;
    int given = 0;
    for (size_t i = 0; i < train_modes().size(); ++i)
      if (mode->on[i]) {
        chosen = train_modes()[i].mode;
        ++given;
      }
    if (given > 1) throw Error("choose one of --compare, --compare-beta, --vae and --ae");
    out.arms = arms_for_mode(chosen, mode->beta, mode->beta2);
    if (out.model.learn_variance && out.model.likelihood != Likelihood::Gaussian)
      throw Error("--learn-variance needs --likelihood gaussian");
    out.validate();
  });
}

}  // namespace ll
