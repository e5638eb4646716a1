// gather_images: a shuffled batch is the indexed images, in index order, as floats in [0, 1],
// whether or not an image falls inside the prefetch budget.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "core/nn/rng.h"
#include "core/vae/forward.h"

namespace ll {
namespace {

void expect_gathered(size_t D, int images, const std::vector<uint32_t>& index) {
  std::vector<unsigned char> pixels(D * images);
  Rng rng(D);
  for (unsigned char& p : pixels) p = static_cast<unsigned char>(rng.below(256));
  std::vector<float> x(D * index.size(), -1.f);
  gather_images(pixels.data(), D, index.data(), int(index.size()), x.data());
  for (size_t b = 0; b < index.size(); ++b)
    for (size_t i = 0; i < D; ++i)
      ASSERT_EQ(x[b * D + i], float(pixels[index[b] * D + i]) * (1.f / 255.f))
          << "D " << D << ", batch row " << b << ", pixel " << i;
}

TEST(BatchGather, IndexedImagesInIndexOrder) {
  expect_gathered(784, 50, {7, 0, 49, 7, 13, 2});
}

TEST(BatchGather, ImagesBeyondThePrefetchBudgetToo) {
  // 300 KB images: only the first fits the 512 KB of prefetch hints; all must arrive.
  expect_gathered(300 * 1024 + 3, 4, {3, 1, 2, 0, 3});
}

TEST(BatchGather, EmptyBatchTouchesNothing) {
  std::vector<float> x(4, -1.f);
  gather_images(nullptr, 784, nullptr, 0, x.data());
  for (float v : x) EXPECT_EQ(v, -1.f);
}

}  // namespace
}  // namespace ll
