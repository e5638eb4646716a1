#pragma once
// Datasets made of IDX files: the MNIST-family folder layout, or one loose images file.
#include <cstdint>
#include <string>

#include "core/data/dataset.h"

namespace ll::data {

// DIR holds train-images-idx3-ubyte and optionally train-labels-idx1-ubyte, t10k-images-…,
// t10k-labels-… (each raw or .gz; `train-images.idx3-ubyte` spellings and idx4 accepted).
// Without t10k images a seeded sixth of train is held out as test.  Class names are
// "0".."K-1", K = largest label + 1.  Fills spec-independent fields; name = folder name.
Dataset load_idx_dir(const std::string& dir, uint64_t seed);

// One images file; test = a seeded min(10000, N/6) (at least 1).  If a matching labels file
// sits next to it (…-images-idx3-ubyte -> …-labels-idx1-ubyte), it is used.
Dataset load_idx_file(const std::string& file, uint64_t seed);

}  // namespace ll::data
