#pragma once
// The commands of latentlab-cli, each on the options cli/command_line.h read. Each returns the
// process exit code; bad input throws ll::Error, which main() prints as one line and turns
// into exit code 2.
#include <vector>

#include "cli/command_line.h"
#include "core/data/dataset.h"
#include "core/io/json.h"
#include "core/vae/model.h"
#include "core/train/view_config.h"

namespace ll::cli {

int train_command(const TrainOptions& o);
int eval_command(const EvalOptions& o);
int export_command(const ExportOptions& o);
int bench_command(const BenchOptions& o);

// eval --fd-samples: the feature-space numbers of m on d, printed and added to `model` (its
// JSON object). hole_points: (P, L) the pixel hole map's points, empty without --holes.
void eval_features(const Model& m, const Dataset& d, const EvalOptions& o,
                   const std::vector<float>& hole_points, io::Json& model);

// The CLI shows no latent map: the view work the GUI's snapshots carry (codes,
// reconstructions, collapse diagnostics) turned off.
ViewConfig without_views();

}  // namespace ll::cli
