// load_dataset's spec dispatch, and the real Fashion-MNIST when Debian's package is installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/data/dataset.h"
#include "core/data/fashion_mnist.h"
#include "core/error.h"
#include "tests/temp_dir.h"

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

// The GUI checks a spec as it is typed with check_data_spec; whatever it lets through must be
// what load_dataset accepts, and what it refuses must be refused by the load with the same
// words.
TEST(DataSpec, CheckAgreesWithTheLoad) {
  ll::testing::TempDir d;
  { std::ofstream(d / "a-file") << "x"; }
  std::filesystem::create_directories(d / "empty-folder");
  for (const std::string& spec :
       {std::string("synthetic"), std::string("synthetic:600"), std::string("synthetic:0"),
        std::string("synthetic:12x"), std::string("synthetic:2000000"), std::string("idx:"),
        "idx:" + (d / "missing"), "idx:" + (d / "a-file"), std::string("folder:"),
        "folder:" + (d / "missing"), "folder:" + (d / "a-file"),
        "folder:" + (d / "empty-folder"), std::string("mnist"), std::string("idx")}) {
    const std::string check = ll::check_data_spec(spec);
    std::string load_error;
    try {
      ll::load_dataset(spec, 1);
    } catch (const std::exception& e) {
      load_error = e.what();
    }
    if (!check.empty()) {
      EXPECT_EQ(check, load_error) << spec;  // refused alike, in the same words
    }
    // A spec the check passes may still fail once its files are read (an empty folder, a
    // file that is not IDX): the check promises form and existence, not content.
    if (spec.starts_with("synthetic:6") || spec == "synthetic") {
      EXPECT_EQ(check, "") << spec;
      EXPECT_EQ(load_error, "") << spec;
    }
  }
  EXPECT_EQ(ll::check_data_spec("folder:" + (d / "empty-folder")), "");
  EXPECT_NE(ll::check_data_spec("folder:" + (d / "a-file")).find("is a file"), std::string::npos);
  EXPECT_NE(ll::check_data_spec("synthetic:0").find("1..1000000"), std::string::npos);
  EXPECT_NE(ll::check_data_spec("mnist").find("unknown data spec"), std::string::npos);
}
