// latentlab-cli: the same training, evaluation and exports as the GUI, without a display.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "core/error.h"
#include "core/util/malloc_tuning.h"

int main(int argc, char** argv) {
  // Large blocks back to the system at free (core/util/malloc_tuning.h); glibc's own arenas:
  // the training threads allocate nothing per step, so they do not contend.
  ll::tune_malloc(0);
  ll::cli::CommandLine cl;
  std::string msg;
  const ll::FlagResult parsed = ll::cli::parse_command_line(std::vector<std::string>(argv + 1, argv + argc), cl, msg);
  const std::string who = "latentlab-cli" + (cl.command.empty() ? "" : " " + cl.command);
  if (parsed == ll::FlagResult::Help) {
    std::fputs(msg.c_str(), stdout);
    return 0;
  }
  if (parsed == ll::FlagResult::Error) {
    std::fprintf(stderr, "%s: %s\n", who.c_str(), msg.c_str());
    return 2;
  }
  try {
    if (cl.command == "train") return ll::cli::train_command(cl.train);
    if (cl.command == "eval") return ll::cli::eval_command(cl.eval);
    if (cl.command == "export") return ll::cli::export_command(cl.exported);
    return ll::cli::bench_command(cl.bench);
  } catch (const ll::Error& e) {
    std::fprintf(stderr, "%s: %s\n", who.c_str(), e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: internal error: %s\n", who.c_str(), e.what());
    return 1;
  }
}
