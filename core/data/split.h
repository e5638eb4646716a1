#pragma once
// Seeded train/test hold-out, for sources that come without their own test set.
#include <cstddef>
#include <cstdint>

#include "core/data/dataset.h"

namespace ll::data {

// How many of n images to hold out: n/6 (MNIST's 10000 of 60000), at most `cap`, and at
// least one whenever n >= 2 so that a test metric always exists; 0 when n < 2.
size_t holdout_count(size_t n, size_t cap = SIZE_MAX);

// Moves a seeded random choice of `test_count` images (and their labels, if any) of `all`
// into the returned test split; `all` keeps the rest and becomes the train split.  Both keep
// the source order.  Works in place so a large set is not held twice.
// all: count images of image_size bytes -> all: count - test_count, returned: test_count
Split split_holdout(Split& all, size_t image_size, size_t test_count, uint64_t seed);

}  // namespace ll::data
