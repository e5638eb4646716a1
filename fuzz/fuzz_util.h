#pragma once
// Helpers shared by the fuzz targets. A target catches only ll::Error — the one exception core
// promises — so any other exception (bad_alloc, length_error, out_of_range) escapes to
// libFuzzer and is reported as a crash, like a sanitizer finding.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace fuzz {

// A broken invariant is a finding: print it and abort so libFuzzer saves the input.
inline void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

// An in-memory file reachable by path (/proc/self/fd/N), so loaders that take a path run
// their real file code without touching the disk on every input.
class MemFile {
 public:
  MemFile() : fd_(::memfd_create("latentlab-fuzz", 0)) { check(fd_ >= 0, "memfd_create failed"); }
  ~MemFile() { ::close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;

  // Replaces the content; returns the path to open.
  std::string set(const void* data, size_t size) {
    check(::ftruncate(fd_, 0) == 0, "ftruncate failed");
    const char* p = static_cast<const char*>(data);
    size_t done = 0;
    while (done < size) {
      ssize_t n = ::pwrite(fd_, p + done, size - done, off_t(done));
      check(n > 0, "pwrite failed");
      done += size_t(n);
    }
    return "/proc/self/fd/" + std::to_string(fd_);
  }

 private:
  int fd_;
};

}  // namespace fuzz
