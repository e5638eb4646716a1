// fuzz_idx_gzip: IDX files through read_file_maybe_gz, the path every dataset file takes.
// Input layout: byte 0 picks the mode, the rest is the payload.
//   mode bit 0 = 0: the payload is the file as is (raw IDX, or a gzip stream to inflate:
//                   corrupt, truncated, multi-member, bombs);
//   mode bit 0 = 1: the payload is compressed here first (level from bits 1-4, optionally as
//                   two members, optionally truncated by byte 1), so mutations of the IDX
//                   content itself still reach the parsers behind a valid gzip stream, which
//                   mutating compressed bytes (and their CRC) almost never produces.
#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/gzip_file.h"
#include "core/data/idx.h"
#include "core/error.h"
#include "fuzz/fuzz_util.h"

namespace {

std::vector<uint8_t> gzip(const uint8_t* p, size_t n, int level) {
  z_stream z{};
  fuzz::check(deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK,
              "deflateInit2");
  std::vector<uint8_t> out(deflateBound(&z, uLong(n)) + 32);
  z.next_in = const_cast<uint8_t*>(p);
  z.avail_in = uInt(n);
  z.next_out = out.data();
  z.avail_out = uInt(out.size());
  fuzz::check(deflate(&z, Z_FINISH) == Z_STREAM_END, "deflate");
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::MemFile file;
  if (size < 2) return 0;
  const uint8_t mode = data[0], cut = data[1];
  const uint8_t* payload = data + 2;
  const size_t n = size - 2;
  std::vector<uint8_t> bytes;
  if (mode & 1) {
    const int level = (mode >> 1) & 0x0f;
    const int lvl = level > 9 ? 9 : level;
    if (mode & 0x40) {  // two members: `cat a.gz b.gz`
      bytes = gzip(payload, n / 2, lvl);
      std::vector<uint8_t> second = gzip(payload + n / 2, n - n / 2, lvl);
      bytes.insert(bytes.end(), second.begin(), second.end());
    } else {
      bytes = gzip(payload, n, lvl);
    }
    if (mode & 0x80) bytes.resize(bytes.size() > cut ? bytes.size() - cut : 0);
  } else {
    bytes.assign(payload, payload + n);
  }
  const std::string path = file.set(bytes.data(), bytes.size());
  try {
    // A low ceiling keeps bombs cheap; the limit check itself is what is under test.
    const ll::data::FileBytes fb = ll::data::read_file_maybe_gz(path, size_t(64) << 20);
    if (!fb.gzipped) fuzz::check(fb.bytes.size() == bytes.size(), "raw read changed the size");
    if ((mode & 0xc1) == 0x01) fuzz::check(fb.gzipped && fb.bytes.size() == n, "gzip round trip lost bytes");
  } catch (const ll::Error&) {
  }
  try {
    const ll::data::IdxImages im = ll::data::read_idx_images(path);
    fuzz::check(im.pixels.size() == im.count * size_t(im.height) * size_t(im.width) * size_t(im.channels),
                "pixel buffer size != count*H*W*C");
  } catch (const ll::Error&) {
  }
  try {
    ll::data::read_idx_labels(path);
  } catch (const ll::Error&) {
  }
  return 0;
}
