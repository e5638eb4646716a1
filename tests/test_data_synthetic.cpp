// The built-in synthetic shapes: deterministic, balanced, white on black, fast.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/data/dataset.h"
#include "core/error.h"

TEST(DataSynthetic, ShapeCountsAndNames) {
  ll::Dataset ds = ll::load_dataset("synthetic", 1);
  EXPECT_EQ(ds.spec, "synthetic");
  EXPECT_EQ(ds.height, 28);
  EXPECT_EQ(ds.width, 28);
  EXPECT_EQ(ds.channels, 1);
  EXPECT_EQ(ds.train.count, 12000u);
  EXPECT_EQ(ds.test.count, 2000u);
  EXPECT_EQ(ds.train.pixels.size(), 12000u * 784);
  ASSERT_EQ(ds.class_names.size(), 10u);
  EXPECT_EQ(ds.class_names[0], "circle");
}

TEST(DataSynthetic, SameSeedSamePixelsOtherSeedOtherPixels) {
  ll::Dataset a = ll::load_dataset("synthetic:600", 42), b = ll::load_dataset("synthetic:600", 42);
  ll::Dataset c = ll::load_dataset("synthetic:600", 43);
  EXPECT_EQ(a.train.pixels, b.train.pixels);
  EXPECT_EQ(a.test.pixels, b.test.pixels);
  EXPECT_EQ(a.train.labels, b.train.labels);
  EXPECT_NE(a.train.pixels, c.train.pixels);
  EXPECT_EQ(a.test.count, 100u);
  // Test images are not copies of train images.
  for (size_t i = 0; i < 10; ++i)
    EXPECT_FALSE(std::equal(a.test_image(i), a.test_image(i) + 784, a.train_image(i)));
}

TEST(DataSynthetic, ClassesBalancedAndValuesWhiteOnBlack) {
  ll::Dataset ds = ll::load_dataset("synthetic:1000", 3);
  std::vector<int> per_class(10, 0);
  for (int32_t l : ds.train.labels) {
    ASSERT_GE(l, 0);
    ASSERT_LT(l, 10);
    ++per_class[l];
  }
  for (int n : per_class) EXPECT_EQ(n, 100);
  for (size_t i = 0; i < ds.train.count; ++i) {
    const uint8_t* p = ds.train_image(i);
    uint8_t lo = *std::min_element(p, p + 784), hi = *std::max_element(p, p + 784);
    EXPECT_EQ(lo, 0) << "image " << i << " has no black background";
    EXPECT_GE(hi, 150) << "image " << i << " (" << ds.class_names[ds.train.labels[i]] << ") is too faint";
    // Corners stay black: shapes are kept inside the canvas.
    EXPECT_EQ(p[0], 0);
    EXPECT_EQ(p[783], 0);
    // Anti-aliased: some pixels between black and the peak.
    EXPECT_TRUE(std::any_of(p, p + 784, [&](uint8_t v) { return v > 0 && v < hi; })) << "image " << i;
  }
}

// Its speed (a few tens of ms) is the benchmark's business, not a unit test's.
TEST(DataSynthetic, DefaultSize) {
  ll::Dataset ds = ll::load_dataset("synthetic", 9);
  EXPECT_EQ(ds.train.count, 12000u);
}

TEST(DataSynthetic, BadCountIsAnError) {
  for (const char* spec : {"synthetic:", "synthetic:0", "synthetic:abc", "synthetic:12x", "synthetic:99999999"}) {
    try {
      ll::load_dataset(spec);
      ADD_FAILURE() << spec << " was accepted";
    } catch (const ll::Error& e) {
      EXPECT_NE(std::string(e.what()).find("synthetic:N"), std::string::npos) << e.what();
    }
  }
}
