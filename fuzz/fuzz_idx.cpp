// fuzz_idx: one input read both as an IDX images file and as an IDX labels file (raw bytes,
// no gzip; fuzz_idx_gzip covers the decompression in front of these parsers).
#include <cstdint>
#include <vector>

#include "core/data/idx.h"
#include "core/error.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ll::ByteBuffer bytes(data, data + size);
  try {
    const ll::data::IdxImages im = ll::data::parse_idx_images(bytes, "fuzz-images-idx3-ubyte");
    fuzz::check(im.count > 0 && im.height > 0 && im.width > 0, "empty image set accepted");
    fuzz::check(im.channels == 1 || im.channels == 3, "channels not 1 or 3");
    fuzz::check(im.pixels.size() == im.count * size_t(im.height) * size_t(im.width) * size_t(im.channels),
                "pixel buffer size != count*H*W*C");
  } catch (const ll::Error&) {
  }
  try {
    const std::vector<int32_t> labels = ll::data::parse_idx_labels(bytes, "fuzz-labels-idx1-ubyte");
    for (int32_t l : labels) fuzz::check(l >= 0 && l < 256, "label outside 0..255");
  } catch (const ll::Error&) {
  }
  return 0;
}
