#pragma once
// Whole-file reads that see through gzip, so `foo-ubyte` and `foo-ubyte.gz` load alike
// whatever their names say: compression is recognised by the magic bytes, not the suffix.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/buffer.h"

namespace ll::data {

// Default ceiling on what one file may expand to. A few hundred bytes of gzip can claim
// gigabytes; 2 GiB is far above any image set this program trains on in memory.
inline constexpr size_t kMaxFileBytes = size_t(2) << 30;

struct FileBytes {
  ByteBuffer bytes;  // the file's contents, gunzipped when it was gzip (it may become a dataset)
  bool gzipped = false;
};

// Reads `path`; if it starts with the gzip magic 1f 8b, returns the inflated contents
// (all members of a multi-member file).  The compressed data is streamed in small chunks,
// never held whole.  Throws ll::Error naming the path when the file is missing, unreadable,
// corrupt or truncated gzip, or larger than `max_bytes` (before or after decompression).
FileBytes read_file_maybe_gz(const std::string& path, size_t max_bytes = kMaxFileBytes);

}  // namespace ll::data
