#pragma once
// Helpers for tests that run latentlab-cli as a user does: the binary (LATENTLAB_CLI, set by
// tests/CMakeLists.txt) on a small untrained checkpoint, and its --json line read back.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/io/checkpoint.h"
#include "core/io/json.h"

namespace ll::testing_cli {

// Runs `env latentlab-cli args` (env: "VAR=value ..." or empty) with stderr joined to stdout;
// returns the exit code and fills `out`.
inline int run_cli(const std::string& env, const std::string& args, std::string& out) {
  const std::string cmd = env + " " + std::string(LATENTLAB_CLI) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  out.clear();
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// An untrained 784-32-L model of `kind` saved as DIR/<kind>.safetensors, said to be trained on
// synthetic:600 (28×28, one channel); returns the path.
inline std::string save_small_checkpoint(const std::filesystem::path& dir, ModelKind kind, int latent = 2) {
  ModelConfig cfg;
  cfg.kind = kind;
  cfg.input_dim = 28 * 28;
  cfg.hidden = {32};
  cfg.latent = latent;
  Model m(cfg);
  m.init(5);
  CheckpointInfo info;
  info.data = "synthetic:600";
  info.height = info.width = 28;
  info.channels = 1;
  const std::string path = (dir / (std::string(to_string(kind)) + ".safetensors")).string();
  save_checkpoint(path, m, nullptr, info);
  return path;
}

// The last line of a command's output, parsed: where --json puts its results.
inline io::Json last_json_line(const std::string& out) {
  const size_t end = out.find_last_not_of('\n');
  const size_t start = out.rfind('\n', end);
  return io::parse_json(out.substr(start == std::string::npos ? 0 : start + 1, end + 1 - (start + 1)));
}

}  // namespace ll::testing_cli
