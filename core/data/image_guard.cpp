#include "core/data/image_guard.h"

#include <algorithm>

#include "core/data/big_endian.h"

namespace ll::data {
namespace {

// Reads like stb_image's context: past the end every byte is 0, never out of bounds.
struct Reader {
  const uint8_t* p;
  size_t n, at = 0;
  int get8() { return at < n ? p[at++] : (++at, 0); }
  int get16() {
    int hi = get8();
    return hi << 8 | get8();
  }
  bool done() const { return at >= n; }
};

// Mirrors stb_image's DHT parsing (stbi__process_marker, case 0xC4): the same reads in the
// same order, so the tables checked here are the tables it would build.
std::string check_dht(Reader& r) {
  int left = r.get16() - 2;
  while (left > 0) {
    const int q = r.get8();
    if ((q >> 4) > 1 || (q & 15) > 3) return {};  // stb stops here with "bad DHT header"
    int codes = 0;
    for (int i = 0; i < 16; ++i) codes += r.get8();
    if (codes > 256)
      return "JPEG Huffman table at offset " + std::to_string(r.at - 17) + " declares " +
             std::to_string(codes) + " codes, at most 256 are possible (corrupt file)";
    for (int i = 0; i < codes; ++i) r.get8();
    left -= 17 + codes;
  }
  return {};
}

// Walks a JPEG's segments and the entropy-coded data between them, checking every DHT.
std::string check_jpeg(const uint8_t* bytes, size_t size, size_t after_soi) {
  Reader r{bytes, size, after_soi};
  while (!r.done()) {
    if (r.get8() != 0xFF) continue;  // entropy-coded bytes, or junk stb skips the same way
    int m = r.get8();
    while (m == 0xFF) m = r.get8();
    if (m == 0x00 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) continue;  // stuffing, RSTn, TEM
    if (m == 0xD9) return {};                                          // EOI
    if (m == 0xD8) continue;
    if (m == 0xC4) {
      std::string why = check_dht(r);
      if (!why.empty()) return why;
      continue;
    }
    const size_t start = r.at;
    const int len = r.get16();
    if (len < 2) return {};  // stb rejects the segment itself
    r.at = start + size_t(len);
  }
  return {};
}

// stb_image allocates an IDAT chunk's declared length before reading it, so a few bytes can
// ask for 2 GiB: every chunk must fit in what is left of the file.
std::string check_png(const uint8_t* bytes, size_t size) {
  size_t at = 8;
  while (at + 8 <= size) {
    const uint64_t len = be32(bytes + at);
    const std::string type(reinterpret_cast<const char*>(bytes + at + 4), 4);
    if (len + 12 > size - at)
      return "PNG chunk at offset " + std::to_string(at) + " declares " + std::to_string(len) +
             " bytes, but only " + std::to_string(size - at) + " remain (truncated or corrupt file)";
    if (type == "IEND") break;
    at += 12 + size_t(len);
  }
  return {};
}

// stb_image reads a PNM header's width, height and maximum into an int digit by digit with no
// overflow check (signed overflow, undefined behaviour): refuse a number that would overflow.
// Follows stbi__pnm_info: whitespace and '#' comments, then three runs of digits.
std::string check_pnm(const uint8_t* bytes, size_t size) {
  size_t at = 2;
  auto space = [](uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; };
  for (const char* field : {"width", "height", "maximum value"}) {
    for (;;) {
      while (at < size && space(bytes[at])) ++at;
      if (at >= size || bytes[at] != '#') break;
      while (at < size && bytes[at] != '\n' && bytes[at] != '\r') ++at;
    }
    const size_t start = at;
    int64_t value = 0;
    while (at < size && bytes[at] >= '0' && bytes[at] <= '9') {
      value = value * 10 + (bytes[at++] - '0');
      if (value > INT32_MAX)
        return std::string("PNM ") + field + " at offset " + std::to_string(start) +
               " does not fit in 32 bits (corrupt header)";
    }
  }
  return {};
}

}  // namespace

std::string image_refusal(const uint8_t* bytes, size_t size) {
  static const uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  // stb_image takes any run of 0xFF fill bytes before the SOI marker as a JPEG start.
  size_t soi = 0;
  while (soi < size && bytes[soi] == 0xFF) ++soi;
  if (soi > 0 && soi < size && bytes[soi] == 0xD8) return check_jpeg(bytes, size, soi + 1);
  if (size >= 8 && std::equal(kPng, kPng + 8, bytes)) return check_png(bytes, size);
  if (size >= 2 && bytes[0] == 'P' && (bytes[1] == '5' || bytes[1] == '6')) return check_pnm(bytes, size);
  return {};
}

bool plausible_pixels(int64_t pixels, size_t size) {
  // Deflate (PNG) expands at most 1032:1 and a 1-bit PNG holds 8 pixels a byte; GIF's LZW,
  // the RLE formats and JPEG stay below that. Small images pass whatever their file size.
  constexpr int64_t kAlwaysFine = int64_t(1) << 20;
  constexpr int64_t kMaxPixelsPerByte = 1032 * 8;
  return pixels <= kAlwaysFine || pixels / kMaxPixelsPerByte <= int64_t(size);
}

}  // namespace ll::data
