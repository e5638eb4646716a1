#include "core/data/idx.h"

#include <cstdio>
#include <cstring>

#include "core/data/big_endian.h"
#include "core/data/gzip_file.h"
#include "core/error.h"

namespace ll::data {
namespace {

constexpr uint8_t kUbyte = 0x08;
// No image this program trains on has a side near this, and Dataset keeps H, W in ints whose
// product with C must not overflow.
constexpr uint32_t kMaxSide = 1u << 15;

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

const char* type_name(uint8_t t) {
  switch (t) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "int16";
    case 0x0C: return "int32";
    case 0x0D: return "float32";
    case 0x0E: return "float64";
    default: return "not an IDX type";
  }
}

// What a wrong magic number most likely means, so the message can say more than "wrong".
std::string magic_hint(uint32_t found) {
  if ((found >> 16) == 0x1f8b) return " (a gzip header: the file is compressed twice?)";
  if ((found & 0xffff0000u) != 0 && (found & 0x0000ffffu) == 0 && ((found >> 16) & 0xff) == kUbyte)
    return " (byte-swapped: IDX is big-endian)";
  if (found == 0x89504e47) return " (a PNG file)";
  return "";
}

struct Header {
  uint8_t type = 0;
  std::vector<uint32_t> dims;
  size_t header_bytes = 0;
  size_t data_bytes = 0;
};

// Checks magic, type, rank and that the file holds exactly the declared number of bytes.
// `ranks` lists the acceptable dimension counts, e.g. {3, 4} for images.
Header read_header(const ByteBuffer& b, const std::string& name,
                   std::initializer_list<uint8_t> ranks, const char* what) {
  std::string expected;
  for (uint8_t r : ranks) {
    if (!expected.empty()) expected += " or ";
    expected += hex32(0x0800u | r);
  }
  if (b.size() < 4) {
    throw Error(name + ": IDX magic " + expected + " expected, but the file has only " +
                std::to_string(b.size()) + " bytes");
  }
  uint32_t magic = be32(b.data());
  Header h;
  h.type = b[2];
  uint8_t rank = b[3];
  bool rank_ok = false;
  for (uint8_t r : ranks) rank_ok |= r == rank;
  if (b[0] != 0 || b[1] != 0) {
    throw Error(name + ": IDX magic " + expected + " expected, found " + hex32(magic) +
                " at offset 0" + magic_hint(magic));
  }
  if (h.type != kUbyte) {
    char code[8];
    std::snprintf(code, sizeof code, "0x%02x", h.type);
    throw Error(name + ": IDX data type " + code + " (" + type_name(h.type) +
                ") at offset 2 is not supported: only unsigned bytes (0x08) are");
  }
  if (!rank_ok) {
    throw Error(name + ": IDX magic " + expected + " expected for " + what + ", found " +
                hex32(magic) + " (" + std::to_string(rank) + " dimensions) at offset 0");
  }
  h.header_bytes = 4 + 4 * size_t(rank);
  if (b.size() < h.header_bytes) {
    throw Error(name + ": IDX header truncated: " + std::to_string(rank) + " dimensions need " +
                std::to_string(h.header_bytes) + " header bytes, the file has " +
                std::to_string(b.size()));
  }
  // The product is checked against the real size, so a header claiming 2^31 images fails
  // here instead of in an allocation; an overflowing product is flagged, not wrapped.
  uint64_t product = 1;
  bool overflow = false;
  std::string shape;
  for (size_t i = 0; i < rank; ++i) {
    uint32_t d = be32(b.data() + 4 + 4 * i);
    h.dims.push_back(d);
    if (i) shape += 'x';
    shape += std::to_string(d);
    if (__builtin_mul_overflow(product, uint64_t(d), &product)) overflow = true;
  }
  uint64_t actual = b.size() - h.header_bytes;
  if (overflow || product != actual) {
    std::string want = overflow ? std::string("more than 2^64") : std::to_string(product + h.header_bytes);
    throw Error(name + ": IDX header at offset 4 declares " + shape + " = " +
                (overflow ? std::string("an overflowing number of") : std::to_string(product)) +
                " data bytes; expected " + want + " bytes in the file, found " +
                std::to_string(b.size()) +
                (product > actual || overflow ? " (truncated file or corrupt header)"
                                              : " (trailing bytes or corrupt header)"));
  }
  h.data_bytes = size_t(product);
  return h;
}

}  // namespace

IdxImages parse_idx_images(ByteBuffer bytes, const std::string& name) {
  Header h = read_header(bytes, name, {3, 4}, "images");
  uint32_t n = h.dims[0], height = h.dims[1], width = h.dims[2];
  uint32_t c = h.dims.size() == 4 ? h.dims[3] : 1;
  if (n == 0) throw Error(name + ": IDX header at offset 4 declares 0 images");
  if (height == 0 || width == 0 || height > kMaxSide || width > kMaxSide)
    throw Error(name + ": IDX image size " + std::to_string(height) + "x" + std::to_string(width) +
                " at offset 8 is out of range: each side must be 1.." + std::to_string(kMaxSide));
  if (c < 1 || c > 4)
    throw Error(name + ": IDX channel count " + std::to_string(c) +
                " at offset 16 is not supported: expected 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA)");

  IdxImages out;
  out.count = n;
  out.height = int(height);
  out.width = int(width);
  out.channels = (c == 1 || c == 2) ? 1 : 3;
  // Cut the header off in place: one memmove instead of a second copy of the whole set.
  bytes.erase(bytes.begin(), bytes.begin() + std::ptrdiff_t(h.header_bytes));
  if (c == 2 || c == 4) {
    // Alpha composited on black, matching the folder loader: MNIST-style data is white
    // strokes on a black background, so a transparent pixel means "no ink".
    size_t pixels = size_t(n) * height * width;
    size_t oc = size_t(out.channels);
    uint8_t* p = bytes.data();
    for (size_t i = 0; i < pixels; ++i) {
      unsigned a = p[i * c + c - 1];
      for (size_t k = 0; k < oc; ++k) p[i * oc + k] = uint8_t((p[i * c + k] * a + 127) / 255);
    }
    bytes.resize(pixels * oc);
  }
  out.pixels = std::move(bytes);
  return out;
}

std::vector<int32_t> parse_idx_labels(const ByteBuffer& bytes, const std::string& name) {
  Header h = read_header(bytes, name, {1}, "labels");
  const uint8_t* p = bytes.data() + h.header_bytes;
  return std::vector<int32_t>(p, p + h.data_bytes);
}

IdxImages read_idx_images(const std::string& path) {
  return parse_idx_images(read_file_maybe_gz(path).bytes, path);
}

std::vector<int32_t> read_idx_labels(const std::string& path) {
  return parse_idx_labels(read_file_maybe_gz(path).bytes, path);
}

}  // namespace ll::data
