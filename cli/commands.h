#pragma once
// The subcommands of latentlab-cli. Each returns the process exit code; bad input throws
// ll::Error, which main() prints as one line and turns into exit code 2.
#include <string>
#include <vector>

namespace ll::cli {

int train_command(const std::vector<std::string>& args);
int eval_command(const std::vector<std::string>& args);
int export_command(const std::vector<std::string>& args);
int bench_command(const std::vector<std::string>& args);

}  // namespace ll::cli
