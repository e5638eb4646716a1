#include "app/platform/thread_cpu.h"

#include <time.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace app {

namespace {
// utime + stime of one /proc/.../stat file, in seconds.
double stat_seconds(const std::filesystem::path& stat_path) {
  std::ifstream stat_file(stat_path);
  std::string stat;
  std::getline(stat_file, stat);
  // Fields after the parenthesised name: state is field 3; utime, stime are 14 and 15.
  const size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 2 > stat.size()) return 0;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stod(field);
    if (i == 15) stime = std::stod(field);
  }
  return (utime + stime) / double(sysconf(_SC_CLK_TCK));
}
}  // namespace

double thread_cpu_seconds(const std::string& prefix) {
  namespace fs = std::filesystem;
  std::error_code ec;
  double total = 0;
  for (const auto& task : fs::directory_iterator("/proc/self/task", ec)) {
    std::ifstream comm_file(task.path() / "comm");
    std::string comm;
    std::getline(comm_file, comm);
    if (comm.starts_with(prefix)) total += stat_seconds(task.path() / "stat");
  }
  return total;
}

double main_thread_cpu_seconds() {
  return stat_seconds("/proc/self/task/" + std::to_string(getpid()) + "/stat");
}

double this_thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) * 1e-6;
}

}  // namespace app
