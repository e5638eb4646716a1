// fuzz_image_folder: one image file's bytes through the folder loader — stb_image's header
// read and decode, the size checks, alpha compositing and the area resize — exactly as
// `--data folder:DIR` runs them. Input layout: byte 0 = output width - 1 (mod 64), byte 1 =
// output height - 1 (mod 64), byte 2 bit 0 = rgb; the rest is the image file.
#include <stb/stb_image.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/data/image_folder.h"
#include "core/data/image_guard.h"
#include "core/error.h"
#include "fuzz/fuzz_util.h"

namespace {

// One folder per process (libFuzzer's -jobs/-fork run several), on tmpfs when there is one.
struct Folder {
  std::filesystem::path dir;
  Folder() {
    std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    dir = base / ("latentlab-fuzz-folder-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
  }
  ~Folder() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Folder folder;
  if (size < 3) return 0;
  ll::data::FolderOptions opt;
  opt.width = 1 + data[0] % 64;
  opt.height = 1 + data[1] % 64;
  opt.rgb = data[2] & 1;
  // Large images are legal but cost ~30 ms each under ASan, which would cut the run to a few
  // dozen inputs a second; the decoders' parsing is the same at 512x512 as at 4096x4096.
  // (The loader's own size limits are covered by tests/test_reliability_inputs.cpp.)
  // The loader's guard runs first here too: stbi_info alone parses a JPEG's Huffman tables.
  int w = 0, h = 0, comp = 0;
  if (ll::data::image_refusal(data + 3, size - 3).empty() &&
      stbi_info_from_memory(data + 3, int(size - 3), &w, &h, &comp) && int64_t(w) * h > (1 << 18))
    return 0;
  {
    std::ofstream f(folder.dir / "image", std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data + 3), std::streamsize(size - 3));
    fuzz::check(bool(f), "cannot write the image file");
  }
  try {
    const ll::Dataset ds = ll::data::load_image_folder(folder.dir.string(), opt, 1);
    const size_t c = opt.rgb ? 3 : 1;
    fuzz::check(ds.train.count + ds.test.count == 1, "one file must give one image");
    fuzz::check(ds.image_size() == size_t(opt.width) * size_t(opt.height) * c, "image size != W*H*C");
    fuzz::check(ds.train.pixels.size() == ds.train.count * ds.image_size(), "train pixels size");
    fuzz::check(ds.test.pixels.size() == ds.test.count * ds.image_size(), "test pixels size");
  } catch (const ll::Error&) {
  }
  return 0;
}
