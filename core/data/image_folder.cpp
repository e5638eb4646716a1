#include "core/data/image_folder.h"

#include <stb/stb_image.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/data/image_guard.h"
#include "core/data/pixels.h"
#include "core/data/split.h"
#include "core/error.h"

namespace ll::data {
namespace fs = std::filesystem;
namespace {

// Output sides above this are not a VAE input this program can train; the cap also keeps
// W*H*C far inside int.
constexpr int kMaxOutputSide = 4096;
// A decoded source image may not exceed this many pixels (256 MiB as RGBA): one huge photo
// in a folder of thumbnails should be skipped with a reason, not exhaust memory.
constexpr int64_t kMaxSourcePixels = int64_t(1) << 26;
// The file itself is read whole before decoding; no image under the pixel limit needs more.
constexpr size_t kMaxImageFileBytes = size_t(512) << 20;

// Dot-files are editor, OS and VCS droppings (.DS_Store, .git), never data.
bool hidden(const fs::path& p) { return p.filename().string().starts_with("."); }

std::vector<fs::path> sorted_entries(const fs::path& dir, bool want_dirs) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (hidden(it->path())) continue;
    std::error_code ec2;
    bool is_dir = it->is_directory(ec2);
    if (is_dir == want_dirs && (is_dir || it->is_regular_file(ec2))) out.push_back(it->path());
  }
  if (ec) throw Error(dir.string() + ": cannot list the folder: " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

struct StbFree {
  void operator()(unsigned char* p) const { stbi_image_free(p); }
};

// Reads a whole file of at most `limit` bytes; returns the reason on failure.
std::string read_small_file(const fs::path& file, size_t limit, std::vector<uint8_t>& bytes) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(file, ec);
  if (ec) return "cannot read: " + ec.message();
  if (size > limit)
    return std::to_string(size) + " bytes is more than the " + std::to_string(limit >> 20) +
           " MiB limit for one image file";
  bytes.resize(size_t(size));
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!f || std::fread(bytes.data(), 1, bytes.size(), f.get()) != bytes.size())
    return "cannot read the file";
  return {};
}

// Reads, checks and decodes one file into RGBA (w × h); returns the reason for failure,
// empty on success.
std::string decode_rgba(const fs::path& file, std::vector<uint8_t>& rgba, int& w, int& h) {
  // The bytes are read once and both checked and decoded from memory, so what was checked is
  // what stb_image sees.
  std::vector<uint8_t> bytes;
  if (std::string why = read_small_file(file, kMaxImageFileBytes, bytes); !why.empty()) return why;
  if (bytes.empty()) return "empty file";
  if (std::string why = image_refusal(bytes.data(), bytes.size()); !why.empty()) return why;
  const int len = int(bytes.size());
  int comp = 0;
  // stbi_info reads only the header, so the size checks come before any pixel allocation.
  if (!stbi_info_from_memory(bytes.data(), len, &w, &h, &comp))
    return stbi_failure_reason() ? stbi_failure_reason() : "not an image stb_image reads";
  if (w < 1 || h < 1) return "declares an empty " + std::to_string(w) + "x" + std::to_string(h) + " image";
  if (int64_t(w) * h > kMaxSourcePixels)
    return std::to_string(w) + "x" + std::to_string(h) + " is larger than the " +
           std::to_string(kMaxSourcePixels) + "-pixel limit";
  if (!plausible_pixels(int64_t(w) * h, bytes.size()))
    return "header claims " + std::to_string(w) + "x" + std::to_string(h) + " pixels, impossible in a " +
           std::to_string(bytes.size()) + "-byte file (corrupt header)";
  // Decoded in the file's own channel count (req_comp 0), expanded to RGBA here: stb_image
  // 2.27 converts a 16-bit PNM to a requested count with its 8-bit routine and then reads
  // past the end of the buffer (found by fuzz_image_folder). Without a conversion inside
  // stb, every format takes the one path that sizes its 16-to-8 step right.
  std::unique_ptr<unsigned char, StbFree> native(stbi_load_from_memory(bytes.data(), len, &w, &h, &comp, 0));
  if (!native) return stbi_failure_reason() ? stbi_failure_reason() : "decode failed";
  bytes = {};
  // The decoder may disagree with its own header; only what it returned counts.
  if (w < 1 || h < 1 || int64_t(w) * h > kMaxSourcePixels)
    return "decoded to " + std::to_string(w) + "x" + std::to_string(h) + " pixels";
  if (comp < 1 || comp > 4) return "decoded to " + std::to_string(comp) + " channels, expected 1 to 4";
  rgba = to_rgba(native.get(), size_t(w) * h, comp);
  return {};
}

// Decodes one file into `out` (appended, already resized and converted); returns the reason
// for failure, empty on success.
template <class Bytes>
std::string load_one(const fs::path& file, const FolderOptions& opt, Bytes& out) {
  std::vector<uint8_t> rgba;
  int w = 0, h = 0;
  if (std::string why = decode_rgba(file, rgba, w, h); !why.empty()) return why;
  std::vector<float> src = rgba_on_black(rgba.data(), size_t(w) * h, opt.rgb);
  rgba = {};
  int c = opt.rgb ? 3 : 1;
  size_t at = out.size();
  out.resize(at + size_t(opt.width) * opt.height * c);
  resize_area(src.data(), w, h, c, out.data() + at, opt.width, opt.height);
  return {};
}

bool parse_size(const std::string& s, int& w, int& h) {
  size_t x = s.find('x');
  if (x == std::string::npos) return false;
  const char* b = s.data();
  auto [p1, e1] = std::from_chars(b, b + x, w);
  auto [p2, e2] = std::from_chars(b + x + 1, b + s.size(), h);
  return e1 == std::errc() && e2 == std::errc() && p1 == b + x && p2 == b + s.size();
}

}  // namespace

std::vector<uint8_t> load_image_file(const std::string& file, const FolderOptions& opt) {
  std::vector<uint8_t> out;
  if (std::string why = load_one(file, opt, out); !why.empty()) throw Error(file + ": " + why);
  return out;
}

std::vector<uint8_t> load_image_rgba(const std::string& file, int& width, int& height) {
  std::vector<uint8_t> rgba;
  if (std::string why = decode_rgba(file, rgba, width, height); !why.empty()) throw Error(file + ": " + why);
  return rgba;
}

FolderOptions parse_folder_spec(const std::string& rest, std::string& dir) {
  FolderOptions opt;
  std::error_code ec;
  if (fs::is_directory(rest, ec)) {
    dir = rest;
    return opt;
  }
  std::string s = rest;
  if (s.ends_with(":rgb")) {
    opt.rgb = true;
    s.resize(s.size() - 4);
  } else if (s.ends_with(":gray")) {
    s.resize(s.size() - 5);
  }
  size_t at = s.rfind('@');
  if (at != std::string::npos && s.find('/', at) == std::string::npos && !fs::is_directory(s, ec)) {
    std::string size = s.substr(at + 1);
    if (!parse_size(size, opt.width, opt.height) || opt.width < 1 || opt.height < 1 ||
        opt.width > kMaxOutputSide || opt.height > kMaxOutputSide)
      throw Error("folder:" + rest + ": bad size '@" + size + "': expected @WxH with W and H in 1.." +
                  std::to_string(kMaxOutputSide) + ", e.g. @32x32");
    s.resize(at);
  }
  dir = s;
  return opt;
}

Dataset load_image_folder(const std::string& dir, const FolderOptions& opt, uint64_t seed) {
  const std::string where = "folder:" + dir;
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error(where + ": no such folder");
  if (!fs::is_directory(dir, ec)) throw Error(where + ": is a file, expected a folder of images");

  // Classes are the sub-folders that hold at least one file; an empty sub-folder would be
  // a class no image can teach.
  std::vector<std::string> class_names;
  std::vector<std::pair<fs::path, int32_t>> files;
  for (const fs::path& sub : sorted_entries(dir, /*want_dirs=*/true)) {
    std::vector<fs::path> in_class = sorted_entries(sub, false);
    if (in_class.empty()) continue;
    for (const fs::path& f : in_class) files.emplace_back(f, int32_t(class_names.size()));
    class_names.push_back(sub.filename().string());
  }
  const bool labelled = !class_names.empty();
  if (!labelled)
    for (const fs::path& f : sorted_entries(dir, false)) files.emplace_back(f, -1);
  if (files.empty())
    throw Error(where + ": no files found: expected images, or sub-folders of images named for "
                "their classes");

  Dataset ds;
  ds.name = fs::path(dir).has_filename() ? fs::path(dir).filename().string()
                                         : fs::path(dir).parent_path().filename().string();
  ds.width = opt.width;
  ds.height = opt.height;
  ds.channels = opt.rgb ? 3 : 1;
  std::string first_error;
  size_t skipped = 0;
  for (const auto& [file, label] : files) {
    std::string why = load_one(file, opt, ds.train.pixels);
    if (!why.empty()) {
      if (first_error.empty()) first_error = file.string() + ": " + why;
      ++skipped;
      continue;
    }
    if (labelled) ds.train.labels.push_back(label);
    ++ds.train.count;
  }
  if (ds.train.count == 0)
    throw Error(where + ": no readable image (" + std::to_string(files.size()) +
                " files tried; first error: " + first_error + ")");
  if (skipped > 0)
    ds.warnings.push_back(where + ": skipped " + std::to_string(skipped) + " of " +
                          std::to_string(files.size()) + " files that are not readable images (first: " +
                          first_error + ")");
  ds.class_names = std::move(class_names);
  ds.test = split_holdout(ds.train, ds.image_size(), holdout_count(ds.train.count), seed);
  return ds;
}

}  // namespace ll::data
