#pragma once
// The command line of `latentlab`: the run to start with (the training flags of
// core/flags/train_flags.h, as latentlab-cli train reads them), and the hooks scripted tests
// and demos use.
#include <string>

#include "core/train/train_config.h"

namespace app {

struct AppOptions {
  ll::TrainConfig config;        // what to build (and, with autostart, train) at start-up
  bool autostart = false;        // send Start once the models are built
  bool print_layout = false;     // the stdout event protocol (see events.h)
  bool print_stats = false;      // one JSON line of frame and training statistics at exit
  std::string screenshot;        // PNG of the window written just before exiting
  double quit_after = 0;         // seconds; 0 = run until closed
  std::string tab;               // the lower tab open at start: interpolation | draw | collapse | gradients | traverse
  bool show_holes = false;       // the maps start with the hole tiles shown
  std::string follow;            // a run folder to follow instead of training (Command::Follow)
  int points_subset = 0;         // --points N: a seeded subset of N test codes (0: all of them)
  bool points_train = false;     // --points all: the training codes too
  bool show_density = false;     // --density: the maps start with the density layer
  bool plane_pca = false;        // --plane pca: the maps show each model's principal plane (latent > 2)
  bool show_posterior = true;    // the VAE's posterior overlay starts on (--posterior)
  int width = 1280, height = 800;
};

// The GUI's defaults: ll::train_defaults(Frontend::Gui) (Fashion-MNIST, 2-D latent, VAE
// beside AE) and a 1280x800 window.
AppOptions default_options();

enum class ParseResult { Ok, Help, Error };
// Fills `out` from argv; the training settings start from the GUI's defaults whatever `out`
// held. Help: `message` is the usage text. Error: `message` is one line naming the flag.
ParseResult parse_options(int argc, char** argv, AppOptions& out, std::string& message);

}  // namespace app
