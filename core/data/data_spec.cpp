// load_dataset: reads a data spec ("fashion-mnist", "idx:…", "folder:…", "synthetic[:N]")
// and hands it to the loader for that source.
#include <charconv>
#include <filesystem>

#include "core/data/dataset.h"
#include "core/data/fashion_mnist.h"
#include "core/data/idx_dataset.h"
#include "core/data/image_folder.h"
#include "core/data/split.h"
#include "core/data/synthetic.h"
#include "core/error.h"

namespace ll {
namespace {

// 1e6 synthetic images are 784 MB; beyond that a typo is likelier than a wish.
constexpr size_t kMaxSynthetic = 1000000;

Dataset synthetic_from_spec(const std::string& spec, uint64_t seed) {
  if (spec == "synthetic") return data::make_synthetic(data::kSyntheticTrain, data::kSyntheticTest, seed);
  std::string n_text = spec.substr(std::string("synthetic:").size());
  size_t n = 0;
  auto [end, err] = std::from_chars(n_text.data(), n_text.data() + n_text.size(), n);
  if (err != std::errc() || end != n_text.data() + n_text.size() || n < 1 || n > kMaxSynthetic)
    throw Error("data spec '" + spec + "': synthetic:N needs a train image count N in 1.." +
                std::to_string(kMaxSynthetic));
  return data::make_synthetic(n, std::max<size_t>(n / 6, 1), seed);
}

Dataset idx_from_spec(const std::string& path, uint64_t seed) {
  std::error_code ec;
  if (path.empty()) throw Error("data spec 'idx:': expected idx:DIR or idx:FILE");
  if (std::filesystem::is_directory(path, ec)) return data::load_idx_dir(path, seed);
  if (std::filesystem::exists(path, ec)) return data::load_idx_file(path, seed);
  throw Error("idx:" + path + ": no such file or folder");
}

}  // namespace

Dataset load_dataset(const std::string& spec, uint64_t seed) {
  Dataset ds;
  if (spec == "fashion-mnist" || spec.empty()) {
    ds = data::load_fashion_mnist(seed);
  } else if (spec.starts_with("idx:")) {
    ds = idx_from_spec(spec.substr(4), seed);
  } else if (spec.starts_with("folder:")) {
    std::string dir;
    data::FolderOptions opt = data::parse_folder_spec(spec.substr(7), dir);
    if (dir.empty()) throw Error("data spec '" + spec + "': expected folder:DIR[@WxH][:rgb]");
    ds = data::load_image_folder(dir, opt, seed);
  } else if (spec == "synthetic" || spec.starts_with("synthetic:")) {
    ds = synthetic_from_spec(spec, seed);
  } else {
    throw Error("unknown data spec '" + spec +
                "': expected fashion-mnist, idx:DIR, idx:FILE, folder:DIR[@WxH][:rgb] or synthetic");
  }
  ds.spec = spec.empty() ? "fashion-mnist" : spec;
  return ds;
}

}  // namespace ll
