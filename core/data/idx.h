#pragma once
// IDX, the MNIST file format: a big-endian header (two zero bytes, a type code, the number of
// dimensions, then each dimension as uint32) followed by the data, row-major.
// http://yann.lecun.com/exdb/mnist/ — only the unsigned-byte type (0x08) is accepted.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/buffer.h"

namespace ll::data {

struct IdxImages {
  size_t count = 0;
  int height = 0, width = 0, channels = 0;  // channels is 1 or 3
  ByteBuffer pixels;                        // count * height * width * channels, HWC
};

// Images: idx3 (N,H,W) -> 1 channel; idx4 (N,H,W,C) with C = 1 or 3, and C = 2 or 4 whose
// last channel is alpha, composited on black (as the image-folder loader does) to 1 or 3.
// Header, dimensions and the exact data size are checked before the pixels are touched;
// `name` (the path) starts every error message.  Takes the bytes by value so the pixels can
// stay in the same buffer with the header cut off, rather than being copied.
IdxImages parse_idx_images(ByteBuffer bytes, const std::string& name);

// Labels: idx1 (N), one byte per label, so at most 256 classes.
std::vector<int32_t> parse_idx_labels(const ByteBuffer& bytes, const std::string& name);

// The same, reading `path` (raw or gzip, see read_file_maybe_gz).
IdxImages read_idx_images(const std::string& path);
std::vector<int32_t> read_idx_labels(const std::string& path);

}  // namespace ll::data
