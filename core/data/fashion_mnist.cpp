#include "core/data/fashion_mnist.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/data/idx_dataset.h"
#include "core/error.h"

namespace ll::data {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTrainImages = "train-images-idx3-ubyte.gz";
constexpr const char* kDefaultDir = "/usr/share/datasets/fashion-mnist";

bool holds_train_images(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kTrainImages, ec) ||
         fs::is_regular_file(dir / "train-images-idx3-ubyte", ec);
}

// Asking dpkg rather than hard-coding the path follows the package if Debian ever moves it.
// Both streams of the shell go to the pipe or /dev/null: core never prints, not even through
// a child's "package is not installed" or "dpkg: not found".
std::string folder_from_dpkg() {
  struct PipeCloser {
    void operator()(FILE* f) const { pclose(f); }
  };
  std::unique_ptr<FILE, PipeCloser> pipe(
      popen("{ dpkg -L dataset-fashion-mnist; } 2>/dev/null", "r"));
  if (!pipe) return {};
  std::string found, line;
  char buf[4096];
  const std::string suffix = std::string("/") + kTrainImages;
  while (std::fgets(buf, sizeof buf, pipe.get())) {
    line += buf;
    if (line.empty() || line.back() != '\n') continue;  // a line longer than buf: keep reading
    line.pop_back();
    if (found.empty() && line.ends_with(suffix)) found = line.substr(0, line.size() - suffix.size());
    line.clear();
  }
  return found;
}

}  // namespace

std::string find_fashion_mnist() {
  if (const char* env = std::getenv("LATENTLAB_FASHION_MNIST"); env && *env) {
    // An explicit setting that is wrong is an error, not a reason to look elsewhere silently.
    if (!holds_train_images(env))
      throw Error(std::string("LATENTLAB_FASHION_MNIST=") + env + ": no " + kTrainImages +
                  " in that folder");
    return env;
  }
  std::string dir = folder_from_dpkg();
  if (!dir.empty() && holds_train_images(dir)) return dir;
  if (holds_train_images(kDefaultDir)) return kDefaultDir;
  throw Error(
      "Fashion-MNIST not found: install Debian's dataset-fashion-mnist package "
      "(apt-get install dataset-fashion-mnist) or use --data idx:DIR / synthetic");
}

Dataset load_fashion_mnist(uint64_t seed) {
  std::string dir = find_fashion_mnist();
  Dataset ds = load_idx_dir(dir, seed);
  // The ten names below are only right for the real thing: labelled, labels 0..9.
  int32_t top = -1;
  for (const Split* s : {&ds.train, &ds.test})
    for (int32_t l : s->labels) top = std::max(top, l);
  if (!ds.labelled() || ds.test.labels.empty() || top > 9)
    throw Error(dir + ": not Fashion-MNIST: expected label files for train and t10k with labels 0..9" +
                (top > 9 ? ", found label " + std::to_string(top) : std::string()));
  ds.name = "Fashion-MNIST";
  ds.class_names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return ds;
}

}  // namespace ll::data
