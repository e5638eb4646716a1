#pragma once
// The command line of latentlab-cli: its commands and their flags, on CLI11. The flags that
// describe a model and its training come from core/flags/train_flags.h, as the GUI's do.
#include <string>
#include <vector>

#include "core/flags/flag_set.h"
#include "core/latent/holes.h"
#include "core/train/train_config.h"

namespace ll::cli {

struct TrainOptions {
  TrainConfig config;
  std::string out;
  int checkpoint_every = 0;  // steps; 0 = only at the end
  bool json = false, quiet = false;
};

struct EvalOptions {
  std::string checkpoint;
  std::string data;  // empty: the dataset the checkpoint was trained on
  int iwae_k = 0;
  bool holes = false;
  HoleOptions hole;
  bool json = false;
  // Sample quality in the data's feature space (cli/eval_features.cpp): decodings per Fréchet
  // distance, 0 = not measured.
  int fd_samples = 0;
  // The exact readout and the encoder-gradient estimators (cli/eval_exact.h).
  int images = 0;  // test images for every per-image estimate; 0: each one's default
  bool exact = false, grad_variance = false;
  int draws = 64;  // of ε, for --grad-variance
};

struct ExportOptions {
  std::string checkpoint, data, out;  // data as EvalOptions'
  int seed = 1;
};

struct BenchOptions {
  TrainConfig config;
  int steps = 300;
  bool json = false;
};

struct CommandLine {
  std::string command;  // train | eval | export | bench; set as soon as it is known
  TrainOptions train;
  EvalOptions eval;
  ExportOptions exported;
  BenchOptions bench;
};

// args: argv without the program name. Help: `message` is the help asked for (the program's
// or a command's). Error: `message` is one line naming the flag and what was expected.
FlagResult parse_command_line(const std::vector<std::string>& args, CommandLine& out, std::string& message);

}  // namespace ll::cli
