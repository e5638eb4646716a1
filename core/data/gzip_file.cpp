#include "core/data/gzip_file.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "core/error.h"

namespace ll::data {
namespace {

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

std::string errno_text(int e) { return std::generic_category().message(e); }

std::string mib(size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

struct Inflater {
  z_stream z{};
  bool open = false;
  Inflater() {
    // 16 + MAX_WBITS: expect a gzip header and trailer (and check its CRC), not raw zlib.
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw Error("zlib: inflateInit2 failed");
    open = true;
  }
  ~Inflater() {
    if (open) inflateEnd(&z);
  }
};

// The gzip trailer's ISIZE is the uncompressed size mod 2^32.  It is only a hint: it lies for
// multi-member files, files over 4 GiB and hostile files, so it just sizes the first buffer,
// bounded by deflate's best ratio (1032:1) and by max_bytes.
size_t initial_capacity(FILE* f, uint64_t compressed_size, size_t max_bytes) {
  size_t guess = size_t(1) << 16;
  uint8_t t[4];
  if (compressed_size >= 18 && std::fseek(f, -4, SEEK_END) == 0 && std::fread(t, 1, 4, f) == 4) {
    uint64_t isize = uint64_t(t[0]) | uint64_t(t[1]) << 8 | uint64_t(t[2]) << 16 | uint64_t(t[3]) << 24;
    uint64_t plausible = compressed_size * 1032;
    if (isize > 0) guess = size_t(std::min<uint64_t>(isize, plausible));
  }
  std::fseek(f, 0, SEEK_SET);
  return std::min(guess, max_bytes) + 1;  // +1: room to notice the end without a regrow
}

ByteBuffer gunzip(FILE* f, const std::string& path, uint64_t compressed_size,
                            size_t max_bytes) {
  ByteBuffer out(initial_capacity(f, compressed_size, max_bytes));
  size_t used = 0;
  Inflater inf;
  uint8_t chunk[1 << 16];
  uint64_t consumed = 0;  // compressed bytes read so far, for offsets in messages
  bool member_done = false;

  for (;;) {
    size_t got = std::fread(chunk, 1, sizeof chunk, f);
    if (got == 0) {
      if (std::ferror(f)) throw Error(path + ": read error: " + errno_text(errno));
      break;
    }
    inf.z.next_in = chunk;
    inf.z.avail_in = unsigned(got);
    while (inf.z.avail_in > 0) {
      if (member_done) {
        // Another gzip member follows (what `cat a.gz b.gz` makes); anything else is junk.
        if (inf.z.next_in[0] != 0x1f) {
          uint64_t at = consumed + uint64_t(inf.z.next_in - chunk);
          throw Error(path + ": unexpected data after the end of the gzip stream at offset " +
                      std::to_string(at));
        }
        inflateReset(&inf.z);
        member_done = false;
      }
      if (used == out.size()) {
        if (out.size() > max_bytes)
          throw Error(path + ": decompresses to more than " + mib(max_bytes) +
                      " (limit for one data file): not a dataset, or a gzip bomb");
        out.resize(std::min(out.size() * 2, max_bytes + 1));
      }
      inf.z.next_out = out.data() + used;
      inf.z.avail_out = unsigned(std::min<size_t>(out.size() - used, 1u << 30));
      unsigned before = inf.z.avail_out;
      int rc = inflate(&inf.z, Z_NO_FLUSH);
      used += before - inf.z.avail_out;
      if (rc == Z_STREAM_END) {
        member_done = true;
      } else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
        uint64_t at = consumed + uint64_t(inf.z.next_in - chunk);
        throw Error(path + ": corrupt gzip data near compressed offset " + std::to_string(at) +
                    " (zlib: " + (inf.z.msg ? inf.z.msg : "data error") + ")");
      } else if (rc == Z_MEM_ERROR) {
        throw Error(path + ": out of memory while decompressing");
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw Error(path + ": zlib inflate failed with code " + std::to_string(rc));
      }
    }
    consumed += got;
  }
  if (!member_done)
    throw Error(path + ": gzip data truncated: the stream ends without its trailer after " +
                std::to_string(consumed) + " compressed bytes (" + std::to_string(used) +
                " decompressed)");
  if (used > max_bytes)
    throw Error(path + ": decompresses to more than " + mib(max_bytes) +
                " (limit for one data file): not a dataset, or a gzip bomb");
  out.resize(used);
  out.shrink_to_fit();  // the doubling may have left up to half the buffer unused
  return out;
}

}  // namespace

FileBytes read_file_maybe_gz(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) throw Error(path + ": no such file");
  if (std::filesystem::is_directory(status)) throw Error(path + ": is a folder, expected a file");

  File f(std::fopen(path.c_str(), "rb"));
  if (!f) throw Error(path + ": cannot open: " + errno_text(errno));
  if (std::fseek(f.get(), 0, SEEK_END) != 0) throw Error(path + ": cannot seek: " + errno_text(errno));
  long end = std::ftell(f.get());
  if (end < 0) throw Error(path + ": cannot tell its size: " + errno_text(errno));
  uint64_t size = uint64_t(end);
  std::fseek(f.get(), 0, SEEK_SET);

  uint8_t magic[2] = {0, 0};
  size_t head = std::fread(magic, 1, 2, f.get());
  std::fseek(f.get(), 0, SEEK_SET);

  FileBytes result;
  if (head == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    result.gzipped = true;
    result.bytes = gunzip(f.get(), path, size, max_bytes);
    return result;
  }
  if (size > max_bytes)
    throw Error(path + ": " + std::to_string(size) + " bytes is more than the " + mib(max_bytes) +
                " limit for one data file");
  result.bytes.resize(size_t(size));
  if (size > 0 && std::fread(result.bytes.data(), 1, size_t(size), f.get()) != size)
    throw Error(path + ": read error: " + errno_text(errno));
  return result;
}

}  // namespace ll::data
