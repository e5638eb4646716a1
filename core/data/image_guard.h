#pragma once
// What an image file must pass before its bytes reach stb_image. Debian ships stb_image 2.27,
// whose decoders trust some header fields that a hostile or corrupt file controls (found by
// fuzz/fuzz_image_folder); we cannot patch the library, so the folder loader checks those
// fields first and skips such a file with the reason this returns.
#include <cstddef>
#include <cstdint>
#include <string>

namespace ll::data {

// Empty when the file may be decoded; otherwise why not. Checks every JPEG Huffman table
// (DHT) the decoder would build — more than 256 codes overflow its fixed tables — and that
// every PNG chunk fits in the file, as stb allocates a chunk's declared size up front — and
// that a PNM header's numbers fit in an int, which stb's parser assumes.
std::string image_refusal(const uint8_t* bytes, size_t size);

// Whether a header claiming width x height is believable for a file of `size` bytes: no
// format stb_image reads packs more than a few thousand pixels into one byte, so a 60-byte
// file "of 8192x8192" is a lie that must not be allocated.
bool plausible_pixels(int64_t pixels, size_t size);

}  // namespace ll::data
