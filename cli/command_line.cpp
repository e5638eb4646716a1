#include "cli/command_line.h"

#include <CLI/CLI.hpp>

#include "core/error.h"
#include "core/flags/train_flags.h"

namespace ll::cli {

namespace {

constexpr const char* kDataSpecs =
    "data specs: fashion-mnist (default), idx:DIR, idx:FILE, folder:DIR[@WxH][:rgb], synthetic[:N]";

// --checkpoint and --out: required, and not empty.
CLI::Option* required_text(FlagSet& flags, const std::string& name, std::string& out, const std::string& type,
                           const std::string& help) {
  CLI::Option* o = flags.value(name, type, help, "", [&out, name](const std::string& v) {
    if (v.empty()) throw Error(name + " is required");
    out = v;
  });
  o->required();
  return o;
}

}  // namespace

FlagResult parse_command_line(const std::vector<std::string>& args, CommandLine& out, std::string& message) {
  CLI::App app("The same training, evaluation and exports as the latentlab GUI, without a display.",
               "latentlab-cli");
  app.footer(std::string(kDataSpecs) + "\nlatentlab-cli COMMAND --help lists a command's flags and their defaults.");
  app.require_subcommand(0, 1);
  app.allow_extras();  // an unknown command is named below, in our words

  CLI::App* train = app.add_subcommand("train", "train a VAE (or an AE, or two side by side), save and export it");
  train->footer(std::string(kDataSpecs) + "\nlatentlab (the GUI) reads the same training flags; its defaults: " +
                defaults_summary(Frontend::Gui) + ".");
  FlagSet train_flags(*train);
  add_train_flags(train_flags, out.train.config, Frontend::CliTrain);
  required_text(train_flags, "--out", out.train.out, "DIR", "folder for checkpoints, metrics.csv and images")
      ->group("Output");
  train_flags.integer("--checkpoint-every", out.train.checkpoint_every, 0, 1 << 30,
                      "also save every this many steps (0: only at the end)")->group("Output");
  train_flags.flag("--json", out.train.json, "end with one JSON line of the results")->group("Output");
  train_flags.flag("--quiet", out.train.quiet, "no progress on stderr")->group("Output");

  CLI::App* eval = app.add_subcommand(
      "eval", "a saved model's test -ELBO, IWAE bound, exact log p(x), gradient variance, collapse and holes");
  FlagSet eval_flags(*eval);
  required_text(eval_flags, "--checkpoint", out.eval.checkpoint, "FILE", "a .safetensors checkpoint");
  eval_flags.text("--data", out.eval.data, "SPEC", "data to judge it on (default: the data it was trained on)");
  eval_flags.integer("--iwae", out.eval.iwae_k, 0, 100000, "samples per image for the IWAE bound (0: none)");
  eval_flags.flag("--holes", out.eval.holes, "measure the holes in the latent space");
  eval_flags.integer("--grid", out.eval.hole.grid, 1, 200, "with --holes, 2-D latents: grid points per side");
  eval_flags.integer("--samples", out.eval.hole.samples, 1, 100000, "with --holes, other latents: points sampled");
  eval_flags.flag("--json", out.eval.json, "end with one JSON line of the results");
  // Sample quality in feature space (cli/eval_features.cpp).
  eval_flags.integer("--fd-samples", out.eval.fd_samples, 0, 1000000,
                     "decodings per Frechet distance in the data's feature space (0: none); with --holes "
                     "also the feature hole rates")->group("Sample quality");
  // The exact readout and the gradient estimators. --images has kept --iwae-images, its name
  // from before --exact, as a second name.
  eval_flags.value("--images,--iwae-images", "N",
                   "test images for every per-image estimate, the first N: IWAE (0: all) and --exact (0: 1000)",
                   "0", [&o = out.eval](const std::string& v) { o.images = read_integer("--images", v, 0, 1 << 30); })
      ->group("Exact evidence and gradients");
  eval_flags.flag("--exact", out.eval.exact,
                  "a VAE with latent size 1 or 2: -log p(x) by quadrature over z, the -ELBO without "
                  "sampling, and its approximation and amortization gaps")->group("Exact evidence and gradients");
  eval_flags.flag("--grad-variance", out.eval.grad_variance,
                  "a VAE: the variance of the encoder's gradient by the reparameterized and the score-function "
                  "estimators, on the first 128 test images")->group("Exact evidence and gradients");
  eval_flags.integer("--draws", out.eval.draws, 2, 100000, "with --grad-variance: draws of eps")
      ->group("Exact evidence and gradients");

  CLI::App* exported = app.add_subcommand("export", "a saved model's images: reconstructions, samples, manifold, holes");
  FlagSet export_flags(*exported);
  required_text(export_flags, "--checkpoint", out.exported.checkpoint, "FILE", "a .safetensors checkpoint");
  required_text(export_flags, "--out", out.exported.out, "DIR", "folder for the images");
  export_flags.text("--data", out.exported.data, "SPEC", "data to show (default: the data it was trained on)");
  export_flags.integer("--seed", out.exported.seed, 0, 2147483647, "seed for the samples");

  CLI::App* bench = app.add_subcommand("bench", "training speed against this machine's GEMM ceiling, view latency, memory");
  FlagSet bench_flags(*bench);
  add_train_flags(bench_flags, out.bench.config, Frontend::CliBench);
  bench_flags.integer("--steps", out.bench.steps, 1, 1 << 30, "training steps timed")->group("Output");
  bench_flags.flag("--json", out.bench.json, "end with one JSON line of the figures")->group("Output");

  std::vector<std::string> argv = args;
  if (!argv.empty() && argv[0] == "help") argv[0] = "--help";
  const FlagResult r = parse_flags(app, argv, message);
  for (const CLI::App* sub : {train, eval, exported, bench})
    if (sub->parsed()) out.command = sub->get_name();
  if (r != FlagResult::Ok) return r;
  if (!app.remaining().empty()) {
    const std::string first = app.remaining().front();
    message = first.rfind("-", 0) == 0 ? "unknown flag " + first.substr(0, first.find('=')) + " (see --help)"
                                       : "unknown command '" + first + "': expected train, eval, export or bench";
    return FlagResult::Error;
  }
  if (out.command.empty()) {
    message = "no command given: expected train, eval, export or bench (see --help)";
    return FlagResult::Error;
  }
  return FlagResult::Ok;
}

}  // namespace ll::cli
