#pragma once
// The commands of latentlab-cli, each on the options cli/command_line.h read. Each returns the
// process exit code; bad input throws ll::Error, which main() prints as one line and turns
// into exit code 2.
#include "cli/command_line.h"

namespace ll::cli {

int train_command(const TrainOptions& o);
int eval_command(const EvalOptions& o);
int export_command(const ExportOptions& o);
int bench_command(const BenchOptions& o);

// The CLI shows no latent map: turns off the view work (codes, reconstructions, collapse
// diagnostics) the GUI's snapshots carry.
void without_views(TrainConfig& c);

}  // namespace ll::cli
