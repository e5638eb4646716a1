#include "core/data/idx_dataset.h"

#include <algorithm>
#include <filesystem>
#include <future>
#include <optional>

#include "core/data/idx.h"
#include "core/data/split.h"
#include "core/error.h"

namespace ll::data {
namespace fs = std::filesystem;
namespace {

// The spellings seen in the wild for one MNIST-family file: the canonical dash form, the dot
// form some mirrors use (train-images.idx3-ubyte), idx4 for colour, each raw or gzipped.
// Raw first: it is the same data and skips the inflate.
std::optional<std::string> find_member(const fs::path& dir, const std::string& prefix,
                                       const std::string& kind, std::initializer_list<int> ranks) {
  for (int r : ranks) {
    std::string tail = "idx" + std::to_string(r) + "-ubyte";
    for (const std::string& base : {prefix + "-" + kind + "-" + tail, prefix + "-" + kind + "." + tail})
      for (const char* ext : {"", ".gz"}) {
        fs::path p = dir / (base + ext);
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) return p.string();
      }
  }
  return std::nullopt;
}

void check_label_count(const std::vector<int32_t>& labels, size_t images,
                       const std::string& labels_path, const std::string& images_path) {
  if (labels.size() != images)
    throw Error(labels_path + ": " + std::to_string(labels.size()) + " labels, but " +
                images_path + " has " + std::to_string(images) + " images; expected equal counts");
}

std::vector<std::string> digit_names(const Dataset& d) {
  int32_t top = -1;
  for (int32_t l : d.train.labels) top = std::max(top, l);
  for (int32_t l : d.test.labels) top = std::max(top, l);
  std::vector<std::string> names;
  for (int32_t i = 0; i <= top; ++i) names.push_back(std::to_string(i));
  return names;
}

Split to_split(IdxImages&& im) {
  Split s;
  s.count = im.count;
  s.pixels = std::move(im.pixels);
  return s;
}

void adopt_shape(Dataset& d, const IdxImages& im) {
  d.height = im.height;
  d.width = im.width;
  d.channels = im.channels;
}

void check_same_shape(const Dataset& d, const IdxImages& im, const std::string& path,
                      const std::string& train_path) {
  if (im.height != d.height || im.width != d.width || im.channels != d.channels)
    throw Error(path + ": images are " + std::to_string(im.height) + "x" + std::to_string(im.width) +
                "x" + std::to_string(im.channels) + ", expected " + std::to_string(d.height) + "x" +
                std::to_string(d.width) + "x" + std::to_string(d.channels) + " like " + train_path);
}

std::string folder_name(const fs::path& p) {
  fs::path q = p;
  if (!q.has_filename()) q = q.parent_path();  // "mnist/" -> "mnist"
  return q.filename().string();
}

// A labels file beside an images file, by the MNIST naming convention.
std::optional<std::string> sibling_labels(const fs::path& images) {
  std::string name = images.filename().string();
  size_t at = name.find("images");
  if (at == std::string::npos) return std::nullopt;
  std::string base = name.substr(0, at) + "labels" + name.substr(at + 6);
  for (const char* from : {"idx3", "idx4"}) {
    size_t k = base.find(from);
    if (k != std::string::npos) base.replace(k, 4, "idx1");
  }
  if (base.size() > 3 && base.ends_with(".gz")) base.resize(base.size() - 3);
  for (const char* ext : {"", ".gz"}) {
    fs::path p = images.parent_path() / (base + ext);
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return std::nullopt;
}

}  // namespace

Dataset load_idx_dir(const std::string& dir, uint64_t seed) {
  fs::path d(dir);
  auto train_images = find_member(d, "train", "images", {3, 4});
  if (!train_images)
    throw Error((d / "train-images-idx3-ubyte").string() +
                ": no such file (nor .gz, nor train-images.idx3-ubyte, nor idx4): idx:DIR needs "
                "at least the train images");
  auto train_labels = find_member(d, "train", "labels", {1});
  auto test_images = find_member(d, "t10k", "images", {3, 4});
  auto test_labels = find_member(d, "t10k", "labels", {1});
  if (test_images && bool(train_labels) != bool(test_labels)) {
    // One split labelled and the other not would break Split's "labels for all or none".
    throw Error(dir + ": found " + (train_labels ? *train_labels : *test_labels) +
                " but not the " + (train_labels ? "t10k" : "train") +
                " labels; provide label files for both splits or for neither");
  }

  // The t10k files are read on a second thread while this one inflates train: gunzip is
  // most of the load time, and the two are independent until the shapes are compared.
  struct Part {
    IdxImages images;
    std::vector<int32_t> labels;
  };
  std::future<Part> test_part;
  if (test_images)
    test_part = std::async(std::launch::async, [&] {
      Part p{read_idx_images(*test_images), {}};
      if (test_labels) {
        p.labels = read_idx_labels(*test_labels);
        check_label_count(p.labels, p.images.count, *test_labels, *test_images);
      }
      return p;
    });

  Dataset ds;
  ds.name = folder_name(d);
  IdxImages train = read_idx_images(*train_images);
  adopt_shape(ds, train);
  ds.train = to_split(std::move(train));
  if (train_labels) {
    ds.train.labels = read_idx_labels(*train_labels);
    check_label_count(ds.train.labels, ds.train.count, *train_labels, *train_images);
  }
  if (test_images) {
    Part test = test_part.get();
    check_same_shape(ds, test.images, *test_images, *train_images);
    ds.test = to_split(std::move(test.images));
    ds.test.labels = std::move(test.labels);
  } else {
    ds.test = split_holdout(ds.train, ds.image_size(), holdout_count(ds.train.count), seed);
  }
  if (ds.labelled()) ds.class_names = digit_names(ds);
  return ds;
}

Dataset load_idx_file(const std::string& file, uint64_t seed) {
  IdxImages images = read_idx_images(file);
  if (images.count < 2)
    throw Error(file + ": holds " + std::to_string(images.count) +
                " image; a train/test split needs at least 2");
  Dataset ds;
  ds.name = fs::path(file).stem().string();
  adopt_shape(ds, images);
  ds.train = to_split(std::move(images));
  if (auto labels = sibling_labels(fs::path(file))) {
    ds.train.labels = read_idx_labels(*labels);
    check_label_count(ds.train.labels, ds.train.count, *labels, file);
  }
  ds.test = split_holdout(ds.train, ds.image_size(), holdout_count(ds.train.count, 10000), seed);
  if (ds.labelled()) ds.class_names = digit_names(ds);
  return ds;
}

}  // namespace ll::data
