// load_dataset: reads a data spec ("fashion-mnist", "idx:…", "folder:…", "synthetic[:N]")
// and hands it to the loader for that source.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <string>

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

enum class Source { FashionMnist, Idx, Folder, Synthetic };

// A spec taken apart and checked as far as can be without reading any data: its form, and
// that the file or folder it names exists. load_dataset and check_data_spec both start here,
// so the GUI's check as the user types and the load itself can never disagree.
struct ParsedSpec {
  Source source = Source::FashionMnist;
  std::string path;                 // idx: the file or folder; folder: the folder
  data::FolderOptions folder;
  size_t synthetic_train = 0;       // 0: the default size
};

ParsedSpec parse_spec(const std::string& spec) {
  namespace fs = std::filesystem;
  std::error_code ec;
  ParsedSpec p;
  if (spec == "fashion-mnist" || spec.empty()) return p;
  if (spec.starts_with("idx:")) {
    p.source = Source::Idx;
    p.path = spec.substr(4);
    if (p.path.empty()) throw Error("data spec 'idx:': expected idx:DIR or idx:FILE");
    if (!fs::exists(p.path, ec)) throw Error("idx:" + p.path + ": no such file or folder");
    return p;
  }
  if (spec.starts_with("folder:")) {
    p.source = Source::Folder;
    p.folder = data::parse_folder_spec(spec.substr(7), p.path);
    if (p.path.empty()) throw Error("data spec '" + spec + "': expected folder:DIR[@WxH][:rgb]");
    if (!fs::exists(p.path, ec)) throw Error("folder:" + p.path + ": no such folder");
    if (!fs::is_directory(p.path, ec))
      throw Error("folder:" + p.path + ": is a file, expected a folder of images");
    return p;
  }
  if (spec == "synthetic" || spec.starts_with("synthetic:")) {
    p.source = Source::Synthetic;
    if (spec == "synthetic") return p;
    const std::string n_text = spec.substr(std::string("synthetic:").size());
    auto [end, err] = std::from_chars(n_text.data(), n_text.data() + n_text.size(), p.synthetic_train);
    if (err != std::errc() || end != n_text.data() + n_text.size() || p.synthetic_train < 1 ||
        p.synthetic_train > kMaxSynthetic)
      throw Error("data spec '" + spec + "': synthetic:N needs a train image count N in 1.." +
                  std::to_string(kMaxSynthetic));
    return p;
  }
  throw Error("unknown data spec '" + spec +
              "': expected fashion-mnist, idx:DIR, idx:FILE, folder:DIR[@WxH][:rgb] or synthetic");
}

}  // namespace

std::string check_data_spec(const std::string& spec) {
  try {
    parse_spec(spec);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

Dataset load_dataset(const std::string& spec, uint64_t seed) {
  const ParsedSpec p = parse_spec(spec);
  Dataset ds;
  switch (p.source) {
    case Source::FashionMnist:
      ds = data::load_fashion_mnist(seed);
      break;
    case Source::Idx:
      ds = std::filesystem::is_directory(p.path) ? data::load_idx_dir(p.path, seed)
                                                 : data::load_idx_file(p.path, seed);
      break;
    case Source::Folder:
      ds = data::load_image_folder(p.path, p.folder, seed);
      break;
    case Source::Synthetic:
      ds = p.synthetic_train == 0
               ? data::make_synthetic(data::kSyntheticTrain, data::kSyntheticTest, seed)
               : data::make_synthetic(p.synthetic_train, std::max<size_t>(p.synthetic_train / 6, 1), seed);
      break;
  }
  ds.spec = spec.empty() ? "fashion-mnist" : spec;
  return ds;
}

}  // namespace ll
