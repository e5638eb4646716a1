// Crash leftovers and the two checkpoint loaders: a writer killed mid-save leaves its
// temporary file, which the next commit of the same file removes; the in-memory loader the
// fuzzer drives is the file loader's validation exactly.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/checkpoint.h"
#include "tests/temp_dir.h"

namespace ll {
namespace {

namespace fs = std::filesystem;

// A pid that surely names no process: a child that has exited and been reaped.
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

TEST(ReliabilityIo, CommitRemovesTemporaryFilesOfDeadWritersOnly) {
  const testing::TempDir tmp;
  const fs::path& dir = tmp.path;
  const std::string dead = std::to_string(dead_pid());
  auto touch = [&](const std::string& name) { std::ofstream(dir / name) << "half a checkpoint"; };
  touch("vae.safetensors.tmp-" + dead);        // killed mid-save
  touch("vae.safetensors.tmp-" + dead + "-3");  // its fourth temporary file
  touch("vae.safetensors.tmp-1");               // pid 1 is alive: a writer at work
  touch("vae.safetensors.tmp-notapid");         // not a name we make
  touch("ae.safetensors.tmp-" + dead);          // another file's: its own commit cleans it
  io::write_file_atomic((dir / "vae.safetensors").string(), "new");
  EXPECT_FALSE(fs::exists(dir / ("vae.safetensors.tmp-" + dead)));
  EXPECT_FALSE(fs::exists(dir / ("vae.safetensors.tmp-" + dead + "-3")));
  EXPECT_TRUE(fs::exists(dir / "vae.safetensors.tmp-1"));
  EXPECT_TRUE(fs::exists(dir / "vae.safetensors.tmp-notapid"));
  EXPECT_TRUE(fs::exists(dir / ("ae.safetensors.tmp-" + dead)));
  EXPECT_TRUE(fs::exists(dir / "vae.safetensors"));
}

TEST(ReliabilityIo, FileAndMemoryCheckpointLoadersAgree) {
  const testing::TempDir tmp;
  const fs::path& dir = tmp.path;
  ModelConfig c;
  c.input_dim = 6;
  c.hidden = {5, 4};
  c.latent = 2;
  Model m(c);
  m.init(3);
  AdamState adam;
  adam.reset(m.params().size());
  adam.t = 9;
  const std::string path = (dir / "m.safetensors").string();
  save_checkpoint(path, m, &adam, CheckpointInfo{"synthetic", 2, 3, 1, 42, 1.5, 0.5f, 1e-3f, 16, 7});
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const LoadedCheckpoint a = load_checkpoint(path);
  const LoadedCheckpoint b = load_checkpoint_bytes(bytes, path);
  EXPECT_EQ(a.model->params(), b.model->params());
  EXPECT_EQ(a.model->config(), b.model->config());
  ASSERT_TRUE(a.adam && b.adam);
  EXPECT_EQ(a.adam->t, b.adam->t);
  EXPECT_EQ(a.info.step, b.info.step);
  // Cut anywhere, the file is refused by both with the same message.
  for (size_t cut : {size_t(0), size_t(7), size_t(100), bytes.size() / 2, bytes.size() - 1}) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(cut));
    std::string from_file, from_memory;
    try {
      load_checkpoint(path);
    } catch (const Error& e) {
      from_file = e.what();
    }
    try {
      load_checkpoint_bytes(std::string_view(bytes).substr(0, cut), path);
    } catch (const Error& e) {
      from_memory = e.what();
    }
    EXPECT_FALSE(from_file.empty()) << "cut at " << cut;
    EXPECT_EQ(from_file, from_memory) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace ll
