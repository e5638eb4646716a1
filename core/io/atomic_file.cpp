#include "core/io/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace ll::io {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

// The pid keeps two processes apart; the counter keeps two threads of one process (say, the
// trainer saving while the UI exports) from sharing a temporary file.
std::string make_temp_path(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  std::string temp = path + ".tmp-" + std::to_string(::getpid());
  unsigned n = counter.fetch_add(1, std::memory_order_relaxed);
  if (n != 0) {
    temp += '-';
    temp += std::to_string(n);
  }
  return temp;
}

std::string directory_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// A process killed while writing (SIGKILL, power cut) leaves its "<name>.tmp-PID[-N]" behind;
// the next successful commit of the same file removes those of processes that no longer
// exist, so a run that crashes now and then does not fill its folder with dead checkpoints.
// A live writer's file (kill(pid, 0) succeeds or is not permitted) is never touched.
void remove_stale_temps(const std::string& path) {
  const std::string dir = directory_of(path);
  const size_t slash = path.find_last_of('/');
  const std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".tmp-";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    const size_t dash = rest.find('-');
    const std::string pid_text = rest.substr(0, dash);
    if (pid_text.empty() || pid_text.size() > 9 ||
        pid_text.find_first_not_of("0123456789") != std::string::npos)
      continue;
    if (dash != std::string::npos &&
        (dash + 1 == rest.size() || rest.find_first_not_of("0123456789", dash + 1) != std::string::npos))
      continue;
    const pid_t pid = pid_t(std::stol(pid_text));
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;
    ::unlinkat(::dirfd(d), name.c_str(), 0);
  }
  ::closedir(d);
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), temp_path_(make_temp_path(path_)) {
  if (path_.empty()) throw Error("cannot write a file with an empty path");
  // O_EXCL: never truncate somebody else's file that happens to carry our temporary name.
  fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    int err = errno;
    throw Error(path_ + ": cannot create temporary file " + temp_path_ + ": " + errno_text(err));
  }
}

AtomicFile::~AtomicFile() {
  if (!committed_) discard();
}

void AtomicFile::discard() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  ::unlink(temp_path_.c_str());
}

void AtomicFile::write(const void* data, size_t size) {
  if (fd_ < 0) throw Error(path_ + ": write after the file was committed or failed");
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      discard();
      throw Error(path_ + ": cannot write " + temp_path_ + ": " + errno_text(err));
    }
    p += n;
    size -= size_t(n);
  }
}

void AtomicFile::commit() {
  if (fd_ < 0) throw Error(path_ + ": commit after the file was committed or failed");
  // Data must be on disk before the rename makes it reachable, or a crash could leave the
  // new name pointing at an empty or partial file.
  if (::fsync(fd_) != 0) {
    int err = errno;
    discard();
    throw Error(path_ + ": cannot fsync " + temp_path_ + ": " + errno_text(err));
  }
  // close() can report a deferred write error (NFS); treat it like a failed write.
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    int err = errno;
    discard();
    throw Error(path_ + ": cannot close " + temp_path_ + ": " + errno_text(err));
  }
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    int err = errno;
    discard();
    throw Error(path_ + ": cannot rename " + temp_path_ + " over it: " + errno_text(err));
  }
  committed_ = true;
  remove_stale_temps(path_);
  // The new content is in place; syncing the directory makes the rename durable.
  std::string dir = directory_of(path_);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) {
    int err = errno;
    throw Error(path_ + ": written, but cannot open directory " + dir + " to fsync it: " +
                errno_text(err));
  }
  int rc = ::fsync(dfd);
  int err = errno;
  ::close(dfd);
  // Some filesystems cannot fsync a directory at all; there is nothing more we could do there.
  if (rc != 0 && err != EINVAL && err != ENOTSUP) {
    throw Error(path_ + ": written, but cannot fsync directory " + dir + ": " + errno_text(err));
  }
}

void write_file_atomic(const std::string& path, std::string_view bytes) {
  AtomicFile file(path);
  file.write(bytes);
  file.commit();
}

}  // namespace ll::io
