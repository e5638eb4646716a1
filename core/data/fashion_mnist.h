#pragma once
// Fashion-MNIST as Debian packages it (dataset-fashion-mnist: four IDX .gz files).
#include <cstdint>
#include <string>

#include "core/data/dataset.h"

namespace ll::data {

// The folder holding train-images-idx3-ubyte.gz: $LATENTLAB_FASHION_MNIST if set, else where
// `dpkg -L dataset-fashion-mnist` put it, else /usr/share/datasets/fashion-mnist.  Throws
// ll::Error saying how to install it when none of these holds the files.
std::string find_fashion_mnist();

// Loads it: 60000 train / 10000 test 28x28x1 images, the ten garment class names.
Dataset load_fashion_mnist(uint64_t seed);

}  // namespace ll::data
