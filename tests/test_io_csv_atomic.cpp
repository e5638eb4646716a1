// CSV writer (core/io/csv.h) and the atomic temp-write + fsync + rename helper
// (core/io/atomic_file.h) that every writer in core/io goes through.
#include <gtest/gtest.h>

#include "tests/temp_dir.h"
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/csv.h"

namespace fs = std::filesystem;

namespace {

using ll::testing::TempDir;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST(IoCsv, QuotesFieldsPerRfc4180AndFormatsNumbers) {
  std::vector<std::string> header = {"step", "elbo", "note"};
  std::vector<ll::io::CsvRow> rows = {
      {1.0, -543.25, std::string("plain")},
      {2.0, 0.1, std::string("a,b")},
      {3.0, 1e-7, std::string("say \"hi\"")},
      {4.0, std::nan(""), std::string("two\nlines")},
      {1234567890.0, HUGE_VAL, std::string("cr\rhere")},
      {-0.0, -HUGE_VAL, std::string("")},
  };
  EXPECT_EQ(ll::io::to_csv(header, rows),
            "step,elbo,note\n"
            "1,-543.25,plain\n"
            "2,0.1,\"a,b\"\n"
            "3,1e-07,\"say \"\"hi\"\"\"\n"
            "4,nan,\"two\nlines\"\n"
            "1234567890,inf,\"cr\rhere\"\n"
            "-0,-inf,\n");
  EXPECT_EQ(ll::io::to_csv({"a,b", "c"}, {}), "\"a,b\",c\n");
}

// The numbers-only table gives the same text as the general one, row after row, and refuses a
// count that does not fill its last row.
TEST(IoCsv, NumbersOnlyTableMatchesTheGeneralOne) {
  const std::vector<std::string> header = {"index", "label", "mu_1"};
  const std::vector<double> numbers = {0, 7, -0.125, 1, 3, std::nan(""), 2, -1, 1e-7, 3, 9, HUGE_VAL};
  std::vector<ll::io::CsvRow> rows;
  for (size_t i = 0; i < numbers.size(); i += 3) rows.push_back({numbers[i], numbers[i + 1], numbers[i + 2]});
  EXPECT_EQ(ll::io::to_csv_numbers(header, numbers), ll::io::to_csv(header, rows));
  EXPECT_EQ(ll::io::to_csv_numbers(header, {}), "index,label,mu_1\n");
  try {
    ll::io::to_csv_numbers(header, {1.0, 2.0, 3.0, 4.0});
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    EXPECT_STREQ(e.what(), "CSV table has 4 numbers, expected a multiple of the header's 3 columns");
  }
  TempDir dir;
  const std::string path = dir.file("codes.csv");
  try {
    ll::io::write_csv_numbers(path, header, {1.0});
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    EXPECT_EQ(std::string(e.what()), path + ": CSV table has 1 numbers, expected a multiple of the header's 3 columns");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  ll::io::write_csv_numbers(path, header, numbers);
  std::ifstream f(path);
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, ll::io::to_csv(header, rows));
}

TEST(IoCsv, RowLengthMustMatchHeader) {
  try {
    ll::io::to_csv({"a", "b"}, {{1.0, 2.0}, {3.0}});
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    EXPECT_STREQ(e.what(), "CSV row 1 has 1 cells, expected 2 to match the header");
  }
  TempDir dir;
  std::string path = dir.file("m.csv");
  try {
    ll::io::write_csv(path, {"a"}, {{1.0, 2.0}});
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    EXPECT_EQ(std::string(e.what()), path + ": CSV row 0 has 2 cells, expected 1 to match the header");
  }
  EXPECT_TRUE(dir.names().empty());
}

TEST(IoCsv, WriteCsvReplacesAtomically) {
  TempDir dir;
  std::string path = dir.file("metrics.csv");
  ll::io::write_csv(path, {"step", "loss"}, {{1.0, 0.5}});
  ll::io::write_csv(path, {"step", "loss"}, {{1.0, 0.5}, {2.0, 0.25}});
  EXPECT_EQ(read_text(path), "step,loss\n1,0.5\n2,0.25\n");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"metrics.csv"});
}

TEST(IoAtomicFile, ReplacesExistingFileAndLeavesNoTemporary) {
  TempDir dir;
  std::string path = dir.file("out.bin");
  ll::io::write_file_atomic(path, "old content that is longer");
  ll::io::write_file_atomic(path, "new");
  EXPECT_EQ(read_text(path), "new");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"out.bin"});
}

TEST(IoAtomicFile, TemporaryLivesBesideTheTargetUntilCommit) {
  TempDir dir;
  std::string path = dir.file("ckpt");
  ll::io::write_file_atomic(path, "old");
  {
    ll::io::AtomicFile f(path);
    EXPECT_EQ(fs::path(f.temp_path()).parent_path(), dir.path);
    EXPECT_EQ(f.temp_path().rfind(path + ".tmp-" + std::to_string(::getpid()), 0), 0u) << f.temp_path();
    f.write("new, half written");
    EXPECT_TRUE(fs::exists(f.temp_path()));
    EXPECT_EQ(read_text(path), "old");  // nothing visible before commit
    f.commit();
    EXPECT_FALSE(fs::exists(f.temp_path()));
  }
  EXPECT_EQ(read_text(path), "new, half written");
}

TEST(IoAtomicFile, AbandonedWriteKeepsOldFileAndRemovesTemporary) {
  TempDir dir;
  std::string path = dir.file("ckpt");
  ll::io::write_file_atomic(path, "old");
  try {
    ll::io::AtomicFile f(path);
    f.write("partial");
    throw std::runtime_error("simulated failure between write and commit");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(read_text(path), "old");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"ckpt"});
}

TEST(IoAtomicFile, MissingDirectoryErrorNamesThePath) {
  TempDir dir;
  std::string path = dir.file("not/here/metrics.csv");
  try {
    ll::io::write_csv(path, {"a"}, {{1.0}});
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    // The temporary's name is path.tmp-<pid>, plus -<n> after the process's first one.
    std::string msg = e.what();
    EXPECT_EQ(msg.rfind(path + ": cannot create temporary file " + path + ".tmp-" + std::to_string(::getpid()), 0), 0u)
        << msg;
    EXPECT_TRUE(msg.ends_with(": No such file or directory")) << msg;
  }
}

TEST(IoAtomicFile, RenameOntoADirectoryFailsCleanly) {
  TempDir dir;
  std::string path = dir.file("taken");
  fs::create_directory(path);
  fs::create_directory(path + "/inside");  // rename() cannot replace a non-empty directory
  try {
    ll::io::write_file_atomic(path, "data");
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    std::string msg = e.what();
    EXPECT_EQ(msg.rfind(path + ": cannot rename ", 0), 0u) << msg;
    EXPECT_NE(msg.find("Is a directory"), std::string::npos) << msg;
  }
  EXPECT_EQ(dir.names(), std::vector<std::string>{"taken"});
}

TEST(IoAtomicFile, WriteAfterCommitIsAnError) {
  TempDir dir;
  ll::io::AtomicFile f(dir.file("x"));
  f.write("a");
  f.commit();
  EXPECT_THROW(f.write("b"), ll::Error);
  EXPECT_THROW(f.commit(), ll::Error);
  EXPECT_EQ(read_text(dir.file("x")), "a");
}

TEST(IoAtomicFile, ConcurrentWritersToOnePathNeverTearIt) {
  // Two threads (say the trainer's autosave and a manual export) saving the same path: each
  // gets its own temporary, and the result is one complete version, never a mix.
  TempDir dir;
  std::string path = dir.file("shared");
  const std::string a(1 << 20, 'a'), b(1 << 20, 'b');
  for (int round = 0; round < 10; ++round) {
    std::thread ta([&] { ll::io::write_file_atomic(path, a); });
    std::thread tb([&] { ll::io::write_file_atomic(path, b); });
    ta.join();
    tb.join();
    std::string got = read_text(path);
    EXPECT_TRUE(got == a || got == b) << "torn file of " << got.size() << " bytes";
  }
  EXPECT_EQ(dir.names(), std::vector<std::string>{"shared"});
}

TEST(IoAtomicFile, RelativePathInCurrentDirectory) {
  TempDir dir;
  fs::path old = fs::current_path();
  fs::current_path(dir.path);
  EXPECT_NO_THROW(ll::io::write_file_atomic("rel.txt", "x"));  // directory "." is fsynced
  fs::current_path(old);
  EXPECT_EQ(read_text(dir.file("rel.txt")), "x");
}
