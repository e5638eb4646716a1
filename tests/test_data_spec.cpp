// load_dataset's spec dispatch, and the real Fashion-MNIST when Debian's package is installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/data/dataset.h"
#include "core/data/fashion_mnist.h"
#include "core/error.h"

TEST(DataSpec, UnknownSpecListsTheKnownOnes) {
  try {
    ll::load_dataset("xyz");
    FAIL() << "accepted";
  } catch (const ll::Error& e) {
    EXPECT_STREQ(e.what(),
                 "unknown data spec 'xyz': expected fashion-mnist, idx:DIR, idx:FILE, "
                 "folder:DIR[@WxH][:rgb] or synthetic");
  }
}

TEST(DataSpec, WrongFashionMnistEnvironmentVariableIsAnError) {
  const char* old = std::getenv("LATENTLAB_FASHION_MNIST");
  std::string saved = old ? old : "";
  setenv("LATENTLAB_FASHION_MNIST", "/no/such/folder", 1);
  std::string msg;
  try {
    ll::load_dataset("fashion-mnist");
  } catch (const ll::Error& e) {
    msg = e.what();
  }
  if (old) setenv("LATENTLAB_FASHION_MNIST", saved.c_str(), 1);
  else unsetenv("LATENTLAB_FASHION_MNIST");
  EXPECT_NE(msg.find("LATENTLAB_FASHION_MNIST=/no/such/folder"), std::string::npos) << msg;
}

TEST(DataSpec, RealFashionMnist) {
  std::string dir;
  try {
    dir = ll::data::find_fashion_mnist();
  } catch (const ll::Error& e) {
    EXPECT_NE(std::string(e.what()).find("apt-get install dataset-fashion-mnist"), std::string::npos);
    GTEST_SKIP() << e.what();
  }
  ll::Dataset ds = ll::load_dataset("fashion-mnist", 1);
  EXPECT_EQ(ds.name, "Fashion-MNIST");
  EXPECT_EQ(ds.spec, "fashion-mnist");
  EXPECT_EQ(ds.train.count, 60000u);
  EXPECT_EQ(ds.test.count, 10000u);
  EXPECT_EQ(ds.height, 28);
  EXPECT_EQ(ds.width, 28);
  EXPECT_EQ(ds.channels, 1);
  EXPECT_EQ(ds.train.pixels.size(), 60000u * 784);
  EXPECT_EQ(ds.test.pixels.size(), 10000u * 784);
  ASSERT_EQ(ds.class_names.size(), 10u);
  EXPECT_EQ(ds.class_names[0], "T-shirt/top");
  EXPECT_EQ(ds.class_names[9], "Ankle boot");
  std::vector<int> per_class(10, 0);
  for (const ll::Split* sp : {&ds.train, &ds.test}) {
    ASSERT_EQ(sp->labels.size(), sp->count);
    for (int32_t l : sp->labels) {
      ASSERT_GE(l, 0);
      ASSERT_LT(l, 10);
      ++per_class[l];
    }
  }
  for (int n : per_class) EXPECT_EQ(n, 7000);  // Fashion-MNIST is exactly balanced
}
