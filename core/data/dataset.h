#pragma once
// A dataset in memory: uint8 pixels (HWC, row-major, one image after another), optional labels.
// Kept as bytes — Fashion-MNIST is 55 MB this way, not 220 — and converted to float per batch.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/buffer.h"

namespace ll {

struct Split {
  ByteBuffer pixels;             // count * image_size bytes (huge pages: see buffer.h)
  std::vector<int32_t> labels;   // empty (unlabelled) or count entries, each in [0, classes)
  size_t count = 0;
};

struct Dataset {
  std::string spec;                      // what it was loaded from, e.g. "fashion-mnist"
  std::string name;                      // short name for display, e.g. "Fashion-MNIST"
  int height = 0, width = 0, channels = 0;
  Split train, test;
  std::vector<std::string> class_names;  // empty when unlabelled
  // What the loader skipped or changed (e.g. unreadable files in a folder); core never
  // prints, so a front end shows these.
  std::vector<std::string> warnings;

  size_t image_size() const { return size_t(height) * width * channels; }
  bool labelled() const { return !train.labels.empty(); }
  const uint8_t* train_image(size_t i) const { return train.pixels.data() + i * image_size(); }
  const uint8_t* test_image(size_t i) const { return test.pixels.data() + i * image_size(); }
};

// Parses a data spec and loads it. Specs:
//   fashion-mnist            Debian's dataset-fashion-mnist (IDX .gz), ten class names
//   idx:DIR                  MNIST-family layout in DIR (files optionally .gz, labels optional)
//   idx:FILE                 one idx3/idx4 images file, seeded held-out split
//   folder:DIR[@WxH][:rgb]   images read by stb_image; sub-folders are classes
//   synthetic[:N]            built-in shapes, made in memory (N train, N/6 test)
// Throws ll::Error naming the file and what was wrong.
Dataset load_dataset(const std::string& spec, uint64_t seed = 1);

// "" when `spec` is well formed and the file or folder it names exists, else the message
// load_dataset would throw for that. Reads no data: cheap enough to run as the user types.
std::string check_data_spec(const std::string& spec);

}  // namespace ll
