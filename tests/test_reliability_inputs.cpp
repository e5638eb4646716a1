// Every input that crashed a fuzz target (fuzz/), fed to the same loader as a regression
// test: each must now be refused with ll::Error and a reason, never crash, overflow or
// allocate what its header claims. The byte strings are the fuzzers' findings, trimmed of
// the targets' option bytes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/data/image_folder.h"
#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors.h"
#include "tests/temp_dir.h"

namespace ll {
namespace {

// Loads a folder holding only `bytes` as one image file; returns the error message.
std::string folder_error(const std::string& name, const std::string& bytes) {
  const testing::TempDir dir;
  std::ofstream(dir / name, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
  std::string message = "(no error)";
  try {
    data::load_image_folder(dir.path.string(), data::FolderOptions{}, 1);
  } catch (const Error& e) {
    message = e.what();
  }
  return message;
}

// fuzz_image_folder: a 16-bit PPM (maxval 2558). stb_image 2.27 converted it to RGBA with its
// 8-bit routine, then read the 16-bit buffer past its end (heap-buffer-overflow in
// stbi__convert_16_to_8). Now decoded in its own channel count and expanded by us.
TEST(ReliabilityInputs, SixteenBitPnmDecodesWithoutOverflow) {
  const std::string pnm(
    "\x50\x36\x0a\x32\x20\x32\x0a\x32\x35\x35\x38\x55\x72\x04\x4b\x68\x85\xa2\xbf\xdc\xf9\x16\x33\x50"
    "\x04\x29\x46\x63\x80\x9d\xba\xd5\xf4\x11\x2c\x04\x07\x24\x41\x5e\x7b\x40\x40\x40\x40\x40\x40\x40"
    "\x40\x40\x40",
      51);
  const testing::TempDir dir;
  std::ofstream(dir / "a.ppm", std::ios::binary).write(pnm.data(), std::streamsize(pnm.size()));
  const Dataset ds = data::load_image_folder(dir.path.string(), data::FolderOptions{}, 1);
  EXPECT_EQ(ds.train.count + ds.test.count, 1u);
}

// fuzz_image_folder: a JPEG whose Huffman table (DHT) declares more than 256 codes; stb_image
// 2.27 writes past its fixed 257-entry table (stbi__build_huffman). This one hides its SOI
// behind a run of 0xFF fill bytes, which stb accepts.
TEST(ReliabilityInputs, JpegHuffmanTableOverflowIsRefused) {
  const std::string jpeg(
    "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
    "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
    "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xd8\xff\xe0\x00\x10\x4a"
    "\x46\x46\x00\x00\x00\x00\x00\x40\x00\x00\x0e\x0f\x0c\x10\xff\xc4\xe0\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\xff\x0f\x00\x50\x00",
      209);
  const std::string why = folder_error("fill.jpg", jpeg);
  EXPECT_NE(why.find("Huffman table"), std::string::npos) << why;
  // The same table right after a plain SOI.
  std::string plain("\xff\xd8\xff\xc4\x00\x13\x00", 7);
  plain += std::string(16, '\xff');
  plain += std::string(300, '\x01');
  const std::string why2 = folder_error("plain.jpg", plain);
  EXPECT_NE(why2.find("declares 4080 codes"), std::string::npos) << why2;
}

// fuzz_image_folder: an 82-byte PNG whose IDAT chunk claims 0x58000000 bytes; stb_image
// allocated 1.4 GB before finding the file too short (libFuzzer: malloc limit exceeded).
TEST(ReliabilityInputs, PngChunkLongerThanTheFileIsRefusedBeforeAllocating) {
  const std::string png(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x05\x00\x00\x00\x04"
    "\x08\x00\x00\x00\x00\x9c\x00\x00\x00\x58\x63\xaa\x19\x49\x44\x41\x54\x78\x5e\x63\x64\x97\x05\x02"
    "\xc6\x19\x60\x52\x13\x44\x34\xec\xba\xfe\x45\x1e\x0f\x00\x2a\xaa\x04\xec\x54\x5e\xe9\x59\x00\x00"
    "\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
      82);
  const std::string why = folder_error("big.png", png);
  EXPECT_NE(why.find("PNG chunk at offset"), std::string::npos) << why;
}

// fuzz_image_folder: a PGM whose width has 60 digits; stb_image's header parser multiplies an
// int by 10 per digit (signed overflow, UBSan: stbi__pnm_getinteger).
TEST(ReliabilityInputs, PnmHeaderNumberOverflowIsRefused) {
  const std::string pgm = "P5" + std::string(60, '8') + "\n5 4D";
  const std::string why = folder_error("long.pgm", pgm);
  EXPECT_NE(why.find("PNM width at offset 2 does not fit"), std::string::npos) << why;
  // Comments and whitespace before a number are skipped as stb does.
  const std::string why2 = folder_error("comment.pgm", "P5\n# made by hand\n 4 99999999999 255\n");
  EXPECT_NE(why2.find("PNM height"), std::string::npos) << why2;
}

// A header that claims far more pixels than its file could hold is refused before stb
// allocates them: 8192x8192 in a 20-byte PGM.
TEST(ReliabilityInputs, ImplausibleImageSizeIsRefusedBeforeAllocating) {
  const std::string why = folder_error("huge.pgm", "P5\n8192 8192\n255\n\x01\x02");
  EXPECT_NE(why.find("impossible in a"), std::string::npos) << why;
}

// fuzz_image_folder: an empty file (stb was handed a null buffer) and an image that decodes
// to zero rows (the area resize then read through a null source).
TEST(ReliabilityInputs, EmptyFileAndEmptyImageAreRefused) {
  EXPECT_NE(folder_error("empty.png", "").find("empty file"), std::string::npos);
  const std::string hdr = std::string("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 0 +X 4\n") + std::string(16, '\x80');
  const std::string why = folder_error("zero.hdr", hdr);
  EXPECT_NE(why.find("0 image"), std::string::npos) << why;  // "no readable image", whatever stb says
}

// fuzz_checkpoint (found by reading load_checkpoint for it): metadata declaring a model of
// 2^26 inputs and 65536 hidden units, with no tensors. load_checkpoint allocated the model
// (2^42 floats) before looking for its tensors: std::bad_alloc escaped as an "internal
// error", or the machine ran out of memory.
TEST(ReliabilityInputs, CheckpointDeclaringAHugeModelIsRefusedBeforeAllocating) {
  io::TensorFile f;
  f.metadata = {{"format", "latentlab-vae/1"}, {"kind", "vae"}, {"input_dim", "67108864"},
                {"hidden", "65536,65536"}, {"latent", "4096"}, {"activation", "relu"},
                {"likelihood", "bernoulli"}};
  f.tensors.push_back({"encoder.hidden.0.bias", {2}, {0.f, 0.f}});
  try {
    load_checkpoint_bytes(io::serialize_safetensors(f), "huge.safetensors");
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("but the file holds only 2 floats"), std::string::npos) << e.what();
  }
}

// Metadata numbers out of range were cast to int64/int/uint64 as they came: "1e300" steps is
// undefined behaviour (UBSan: float-cast-overflow).
TEST(ReliabilityInputs, CheckpointMetadataNumbersOutOfRangeAreRefused) {
  ModelConfig c;
  c.input_dim = 4;
  c.hidden = {3};
  c.latent = 2;
  Model m(c);
  m.init(1);
  const testing::TempDir dir;
  save_checkpoint(dir / "meta.safetensors", m, nullptr, CheckpointInfo{});
  io::TensorFile f = io::load_safetensors(dir / "meta.safetensors");
  for (const char* key : {"step", "batch", "seed", "epoch"}) {
    for (const char* value : {"1e300", "-5"}) {
      io::TensorFile g = f;
      g.metadata[key] = value;
      try {
        load_checkpoint_bytes(io::serialize_safetensors(g), "meta.safetensors");
        ADD_FAILURE() << key << "=" << value << " accepted";
      } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(std::string("'") + key + "'"), std::string::npos) << e.what();
      }
    }
  }
  EXPECT_NO_THROW(load_checkpoint_bytes(io::serialize_safetensors(f), "meta.safetensors"));
}

}  // namespace
}  // namespace ll
