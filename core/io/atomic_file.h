#pragma once
// Crash-safe file replacement, shared by every writer in core/io (checkpoints, PNGs, CSVs).
// A reader — or a crash at any instant — sees either the old complete file or the new complete
// file, never a torn one: bytes go to a temporary file in the target's directory (rename is only
// atomic within one filesystem), which is fsynced, renamed over the target, and the directory
// fsynced so the rename itself survives a power cut.
#include <cstddef>
#include <string>
#include <string_view>

namespace ll::io {

// Streams bytes into `path` atomically. Nothing is visible at `path` until commit(); if the
// object is destroyed without commit() (an exception, an early return) the temporary file is
// removed and the old file, if any, is untouched. Every failure throws ll::Error naming the path
// and strerror.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, size_t size);
  void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
  // fsync, rename over the target, fsync the directory; then remove temporary files of this
  // same target left by writers that died (their pid no longer exists).
  void commit();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }

 private:
  void discard() noexcept;

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  bool committed_ = false;
};

// The whole content at once: the common case for small files (CSV, PNG).
void write_file_atomic(const std::string& path, std::string_view bytes);

}  // namespace ll::io
