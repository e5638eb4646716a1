#include "core/data/split.h"

#include <cstring>
#include <numeric>

#include "core/data/seeded_rng.h"
#include "core/error.h"

namespace ll::data {

size_t holdout_count(size_t n, size_t cap) {
  if (n < 2) return 0;
  size_t k = n / 6;
  if (k > cap) k = cap;
  return k < 1 ? 1 : k;
}

Split split_holdout(Split& all, size_t image_size, size_t test_count, uint64_t seed) {
  if (test_count > all.count)
    throw Error("split: " + std::to_string(test_count) + " test images requested from " +
                std::to_string(all.count));
  const bool labelled = !all.labels.empty();

  // Partial Fisher-Yates: the first test_count entries of `order` are a uniform sample.
  std::vector<size_t> order(all.count);
  std::iota(order.begin(), order.end(), size_t(0));
  SeededRng rng(seed, /*stream=*/0x5917);
  std::vector<bool> is_test(all.count, false);
  for (size_t i = 0; i < test_count; ++i) {
    size_t j = i + size_t(rng.below(all.count - i));
    std::swap(order[i], order[j]);
    is_test[order[i]] = true;
  }
  order.clear();
  order.shrink_to_fit();

  Split test;
  test.count = test_count;
  test.pixels.resize(test_count * image_size);
  if (labelled) test.labels.resize(test_count);

  // One forward pass: test images are copied out, train images slide down over the gaps.
  // The source index never trails the destination, so memmove within one buffer is safe.
  size_t n_train = 0, n_test = 0;
  uint8_t* px = all.pixels.data();
  for (size_t i = 0; i < all.count; ++i) {
    const uint8_t* src = px + i * image_size;
    if (is_test[i]) {
      std::memcpy(test.pixels.data() + n_test * image_size, src, image_size);
      if (labelled) test.labels[n_test] = all.labels[i];
      ++n_test;
    } else {
      if (n_train != i) std::memmove(px + n_train * image_size, src, image_size);
      if (labelled) all.labels[n_train] = all.labels[i];
      ++n_train;
    }
  }
  // No shrink_to_fit: it would copy the train pixels once more, doubling the peak memory
  // this in-place pass exists to avoid; the slack is the test share, about a sixth.
  all.pixels.resize(n_train * image_size);
  if (labelled) all.labels.resize(n_train);
  all.count = n_train;
  return test;
}

}  // namespace ll::data
