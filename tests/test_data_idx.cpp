// IDX and gzip loading: round trips, splits, and every malformed input we could think of,
// each checked for a message that names the file and says what was expected.
#include <gtest/gtest.h>

#include "tests/temp_dir.h"
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/gzip_file.h"
#include "core/data/idx.h"
#include "core/error.h"

namespace fs = std::filesystem;
using Bytes = ll::ByteBuffer;  // what the loaders take and give

namespace {

using ll::testing::TempDir;

void write_raw(const std::string& path, const Bytes& b) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

void write_gz(const std::string& path, const Bytes& b) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  if (!b.empty()) {
    ASSERT_EQ(gzwrite(f, b.data(), unsigned(b.size())), int(b.size()));
  }
  gzclose(f);
}

Bytes read_raw(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), {});
}

void put_be32(Bytes& b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(v >> s));
}

// An IDX file: magic 0x0000 TT DD, the dims, then `data`.
Bytes idx(std::vector<uint32_t> dims, const Bytes& data, uint8_t type = 0x08) {
  Bytes b = {0, 0, type, uint8_t(dims.size())};
  for (uint32_t d : dims) put_be32(b, d);
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

// n images of h*w*c bytes whose pixels encode (image, position) so mix-ups show.
Bytes pattern(size_t n, size_t size) {
  Bytes b(n * size);
  for (size_t i = 0; i < b.size(); ++i) b[i] = uint8_t((i / size) * 7 + (i % size));
  return b;
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ll::Error& e) {
    return e.what();
  }
  return "(no ll::Error thrown)";
}

#define EXPECT_CONTAINS(text, part) \
  EXPECT_NE(std::string(text).find(part), std::string::npos) << "message: " << (text)

// Writes a 4-file MNIST layout: n_train / n_test images of h x w, labels i % classes.
void write_mnist(const TempDir& d, size_t n_train, size_t n_test, bool gz, bool labels = true,
                 uint32_t h = 4, uint32_t w = 3, int classes = 5) {
  auto put = [&](const std::string& name, const Bytes& b) {
    if (gz) write_gz(d / (name + ".gz"), b);
    else write_raw(d / name, b);
  };
  auto labels_of = [&](size_t n) {
    Bytes l(n);
    for (size_t i = 0; i < n; ++i) l[i] = uint8_t(i % classes);
    return l;
  };
  put("train-images-idx3-ubyte", idx({uint32_t(n_train), h, w}, pattern(n_train, h * w)));
  if (n_test) put("t10k-images-idx3-ubyte", idx({uint32_t(n_test), h, w}, pattern(n_test, h * w)));
  if (labels) {
    put("train-labels-idx1-ubyte", idx({uint32_t(n_train)}, labels_of(n_train)));
    if (n_test) put("t10k-labels-idx1-ubyte", idx({uint32_t(n_test)}, labels_of(n_test)));
  }
}

}  // namespace

// ---- gzip ------------------------------------------------------------------------------

TEST(DataGzip, RawAndGzipReadTheSameBytesWhateverTheName) {
  TempDir d;
  Bytes data = pattern(50, 1000);
  write_raw(d / "plain", data);
  write_gz(d / "packed.gz", data);
  write_gz(d / "packed_without_suffix", data);  // gzip detected by magic, not name
  write_raw(d / "plain_named.gz", data);        // and a .gz name does not force gunzip
  auto a = ll::data::read_file_maybe_gz(d / "plain");
  auto b = ll::data::read_file_maybe_gz(d / "packed.gz");
  auto c = ll::data::read_file_maybe_gz(d / "packed_without_suffix");
  auto e = ll::data::read_file_maybe_gz(d / "plain_named.gz");
  EXPECT_FALSE(a.gzipped);
  EXPECT_TRUE(b.gzipped);
  EXPECT_TRUE(c.gzipped);
  EXPECT_FALSE(e.gzipped);
  EXPECT_EQ(a.bytes, data);
  EXPECT_EQ(b.bytes, data);
  EXPECT_EQ(c.bytes, data);
  EXPECT_EQ(e.bytes, data);
}

TEST(DataGzip, MultiMemberFileIsConcatenated) {
  TempDir d;
  write_gz(d / "a.gz", Bytes{1, 2, 3});
  write_gz(d / "b.gz", Bytes{4, 5});
  Bytes both = read_raw(d / "a.gz");
  Bytes second = read_raw(d / "b.gz");
  both.insert(both.end(), second.begin(), second.end());
  write_raw(d / "ab.gz", both);
  EXPECT_EQ(ll::data::read_file_maybe_gz(d / "ab.gz").bytes, (Bytes{1, 2, 3, 4, 5}));
}

TEST(DataGzip, MissingFileNamesThePath) {
  TempDir d;
  std::string msg = error_of([&] { ll::data::read_file_maybe_gz(d / "nope.gz"); });
  EXPECT_CONTAINS(msg, d / "nope.gz");
  EXPECT_CONTAINS(msg, "no such file");
}

TEST(DataGzip, CorruptGzipNamesTheFile) {
  TempDir d;
  write_gz(d / "x.gz", pattern(20, 500));
  Bytes b = read_raw(d / "x.gz");
  for (size_t i = 20; i < 60; ++i) b[i] ^= 0x5a;  // scribble over the deflate blocks
  write_raw(d / "x.gz", b);
  std::string msg = error_of([&] { ll::data::read_file_maybe_gz(d / "x.gz"); });
  EXPECT_CONTAINS(msg, d / "x.gz");
  EXPECT_CONTAINS(msg, "corrupt gzip");
}

TEST(DataGzip, TruncatedGzipNamesTheFile) {
  TempDir d;
  write_gz(d / "x.gz", pattern(20, 500));
  Bytes b = read_raw(d / "x.gz");
  b.resize(b.size() / 2);
  write_raw(d / "x.gz", b);
  std::string msg = error_of([&] { ll::data::read_file_maybe_gz(d / "x.gz"); });
  EXPECT_CONTAINS(msg, d / "x.gz");
  EXPECT_CONTAINS(msg, "truncated");
}

TEST(DataGzip, WrongLengthInTrailerIsCaught) {
  TempDir d;
  write_gz(d / "x.gz", pattern(4, 100));
  Bytes b = read_raw(d / "x.gz");
  b[b.size() - 1] = 0x7f;  // ISIZE now claims ~2 GiB: a hint we must not trust
  write_raw(d / "x.gz", b);
  std::string msg = error_of([&] { ll::data::read_file_maybe_gz(d / "x.gz"); });
  EXPECT_CONTAINS(msg, d / "x.gz");
  EXPECT_CONTAINS(msg, "corrupt gzip");
}

TEST(DataGzip, DecompressionIsBounded) {
  TempDir d;
  write_gz(d / "bomb.gz", Bytes(8 << 20, 0));  // 8 MiB of zeros: a few KiB compressed
  EXPECT_LT(fs::file_size(d / "bomb.gz"), 64u << 10);
  std::string msg = error_of([&] { ll::data::read_file_maybe_gz(d / "bomb.gz", 1 << 20); });
  EXPECT_CONTAINS(msg, d / "bomb.gz");
  EXPECT_CONTAINS(msg, "more than 1 MiB");
  // Raw files obey the same limit.
  write_raw(d / "big", Bytes(2 << 20, 0));
  msg = error_of([&] { ll::data::read_file_maybe_gz(d / "big", 1 << 20); });
  EXPECT_CONTAINS(msg, d / "big");
  EXPECT_CONTAINS(msg, "limit");
}

// ---- IDX round trips -------------------------------------------------------------------

TEST(DataIdx, RawFolderRoundTrip) {
  TempDir d;
  write_mnist(d, 12, 5, /*gz=*/false);
  ll::Dataset ds = ll::load_dataset("idx:" + d.path.string(), 1);
  EXPECT_EQ(ds.spec, "idx:" + d.path.string());
  EXPECT_EQ(ds.height, 4);
  EXPECT_EQ(ds.width, 3);
  EXPECT_EQ(ds.channels, 1);
  EXPECT_EQ(ds.train.count, 12u);
  EXPECT_EQ(ds.test.count, 5u);
  EXPECT_EQ(ds.train.pixels, pattern(12, 12));
  EXPECT_EQ(ds.test.pixels, pattern(5, 12));
  ASSERT_EQ(ds.train.labels.size(), 12u);
  EXPECT_EQ(ds.train.labels[7], 2);
  EXPECT_EQ(ds.class_names, (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  const Bytes all = pattern(12, 12);
  EXPECT_EQ(Bytes(ds.train_image(1), ds.train_image(1) + 12), Bytes(all.begin() + 12, all.begin() + 24));
}

TEST(DataIdx, GzipFolderRoundTrip) {
  TempDir d;
  write_mnist(d, 12, 5, /*gz=*/true);
  ll::Dataset ds = ll::load_dataset("idx:" + d.path.string());
  EXPECT_EQ(ds.train.pixels, pattern(12, 12));
  EXPECT_EQ(ds.test.pixels, pattern(5, 12));
  EXPECT_EQ(ds.test.labels.size(), 5u);
  EXPECT_EQ(ds.class_names.size(), 5u);
}

TEST(DataIdx, DottedNamesAreAccepted) {
  TempDir d;
  write_raw(d / "train-images.idx3-ubyte", idx({10, 2, 2}, pattern(10, 4)));
  write_raw(d / "train-labels.idx1-ubyte", idx({10}, Bytes(10, 1)));
  ll::Dataset ds = ll::load_dataset("idx:" + d.path.string());
  EXPECT_EQ(ds.train.count + ds.test.count, 10u);
  EXPECT_TRUE(ds.labelled());
}

TEST(DataIdx, LabelsAreOptional) {
  TempDir d;
  write_mnist(d, 8, 3, /*gz=*/true, /*labels=*/false);
  ll::Dataset ds = ll::load_dataset("idx:" + d.path.string());
  EXPECT_FALSE(ds.labelled());
  EXPECT_TRUE(ds.test.labels.empty());
  EXPECT_TRUE(ds.class_names.empty());
  EXPECT_EQ(ds.train.count, 8u);
}

TEST(DataIdx, Idx4RgbKeepsThreeChannels) {
  TempDir d;
  Bytes px = pattern(6, 2 * 3 * 3);
  write_gz(d / "train-images-idx4-ubyte.gz", idx({6, 2, 3, 3}, px));
  write_gz(d / "t10k-images-idx4-ubyte.gz", idx({2, 2, 3, 3}, pattern(2, 18)));
  ll::Dataset ds = ll::load_dataset("idx:" + d.path.string());
  EXPECT_EQ(ds.height, 2);
  EXPECT_EQ(ds.width, 3);
  EXPECT_EQ(ds.channels, 3);
  EXPECT_EQ(ds.image_size(), 18u);
  EXPECT_EQ(ds.train.pixels, px);
}

TEST(DataIdx, Idx4AlphaIsCompositedOnBlack) {
  Bytes rgba = {200, 100, 50, 255,   // opaque: unchanged
                200, 100, 50, 0,     // transparent: black
                255, 255, 255, 128};  // half: half grey
  auto im = ll::data::parse_idx_images(idx({1, 1, 3, 4}, rgba), "rgba.idx");
  EXPECT_EQ(im.channels, 3);
  EXPECT_EQ(im.pixels, (Bytes{200, 100, 50, 0, 0, 0, 128, 128, 128}));
}

TEST(DataIdx, HeldOutSplitWithoutT10kIsSeededAndDeterministic) {
  TempDir d;
  write_mnist(d, 60, 0, /*gz=*/false);
  std::string spec = "idx:" + d.path.string();
  ll::Dataset a = ll::load_dataset(spec, 7), b = ll::load_dataset(spec, 7), c = ll::load_dataset(spec, 8);
  EXPECT_EQ(a.test.count, 10u);  // a sixth
  EXPECT_EQ(a.train.count, 50u);
  EXPECT_EQ(a.train.pixels, b.train.pixels);
  EXPECT_EQ(a.test.pixels, b.test.pixels);
  EXPECT_EQ(a.test.labels, b.test.labels);
  EXPECT_NE(a.test.pixels, c.test.pixels);
  // Every image lands in exactly one split, with its own label: image i has first byte
  // 7*i mod 256 and label i % 5.
  std::vector<int> seen(60, 0);
  auto mark = [&](const ll::Split& s) {
    for (size_t k = 0; k < s.count; ++k) {
      int i = -1;
      for (int j = 0; j < 60; ++j)
        if (uint8_t(7 * j) == s.pixels[k * 12]) i = j;
      ASSERT_GE(i, 0);
      ++seen[i];
      EXPECT_EQ(s.labels[k], i % 5);
    }
  };
  mark(a.train);
  mark(a.test);
  for (int n : seen) EXPECT_EQ(n, 1);
}

TEST(DataIdx, SingleFileSplitsAndFindsItsLabels) {
  TempDir d;
  write_raw(d / "my-images-idx3-ubyte", idx({30, 2, 2}, pattern(30, 4)));
  ll::Dataset ds = ll::load_dataset("idx:" + (d / "my-images-idx3-ubyte"), 3);
  EXPECT_EQ(ds.test.count, 5u);
  EXPECT_EQ(ds.train.count, 25u);
  EXPECT_FALSE(ds.labelled());
  EXPECT_EQ(ds.name, "my-images-idx3-ubyte");

  write_gz(d / "my-labels-idx1-ubyte.gz", idx({30}, Bytes(30, 3)));
  ds = ll::load_dataset("idx:" + (d / "my-images-idx3-ubyte"), 3);
  EXPECT_TRUE(ds.labelled());
  EXPECT_EQ(ds.class_names.size(), 4u);

  write_raw(d / "two", idx({2, 1, 1}, Bytes{1, 2}));
  ds = ll::load_dataset("idx:" + (d / "two"), 3);
  EXPECT_EQ(ds.test.count, 1u);  // at least one, even when a sixth rounds to zero
  EXPECT_EQ(ds.train.count, 1u);
}

// ---- IDX errors ------------------------------------------------------------------------

TEST(DataIdx, MissingTrainImagesNamesTheExpectedPath) {
  TempDir d;
  std::string msg = error_of([&] { ll::load_dataset("idx:" + d.path.string()); });
  EXPECT_CONTAINS(msg, d / "train-images-idx3-ubyte");
  EXPECT_CONTAINS(msg, "no such file");
  msg = error_of([&] { ll::load_dataset("idx:" + (d / "absent")); });
  EXPECT_CONTAINS(msg, d / "absent");
  EXPECT_CONTAINS(msg, "no such file or folder");
}

TEST(DataIdx, WrongMagicSaysWhatWasExpectedAndFound) {
  TempDir d;
  // A gzip file compressed twice: after one gunzip the "IDX" starts with 1f 8b 08 08.
  write_gz(d / "inner.gz", idx({1, 1, 1}, Bytes{0}));
  Bytes inner = read_raw(d / "inner.gz");
  write_gz(d / "train-images-idx3-ubyte.gz", inner);
  std::string path = d / "train-images-idx3-ubyte.gz";
  std::string msg = error_of([&] { ll::data::read_idx_images(path); });
  EXPECT_CONTAINS(msg, path + ": IDX magic 0x00000803 or 0x00000804 expected, found 0x1f8b08");
  EXPECT_CONTAINS(msg, "at offset 0");

  write_raw(d / "labels", idx({3, 1, 1}, Bytes{1, 2, 3}));  // images where labels belong
  msg = error_of([&] { ll::data::read_idx_labels(d / "labels"); });
  EXPECT_CONTAINS(msg, d / "labels");
  EXPECT_CONTAINS(msg, "IDX magic 0x00000801 expected for labels, found 0x00000803");
}

TEST(DataIdx, NonByteTypeIsRejectedByCode) {
  std::string msg = error_of([] { ll::data::parse_idx_images(idx({1, 1, 1}, Bytes(4), 0x0D), "f.idx"); });
  EXPECT_CONTAINS(msg, "f.idx: IDX data type 0x0d (float32) at offset 2");
  EXPECT_CONTAINS(msg, "only unsigned bytes (0x08)");
}

TEST(DataIdx, TruncatedFileGivesExpectedAndActualSizes) {
  TempDir d;
  Bytes b = idx({10, 28, 28}, Bytes(10 * 784, 9));
  b.resize(b.size() - 100);
  write_gz(d / "train-images-idx3-ubyte.gz", b);
  std::string msg = error_of([&] { ll::load_dataset("idx:" + d.path.string()); });
  EXPECT_CONTAINS(msg, d / "train-images-idx3-ubyte.gz");
  EXPECT_CONTAINS(msg, "10x28x28");
  EXPECT_CONTAINS(msg, "expected 7856 bytes");
  EXPECT_CONTAINS(msg, "found 7756");
  EXPECT_CONTAINS(msg, "truncated");

  b = idx({2, 1, 1}, Bytes{1, 2, 3});  // one byte too many is also wrong
  msg = error_of([&] { ll::data::parse_idx_images(b, "extra.idx"); });
  EXPECT_CONTAINS(msg, "extra.idx");
  EXPECT_CONTAINS(msg, "trailing bytes");

  msg = error_of([&] { ll::data::parse_idx_images(Bytes{0, 0, 8, 3, 0, 0}, "short.idx"); });
  EXPECT_CONTAINS(msg, "short.idx: IDX header truncated");
}

TEST(DataIdx, HugeDeclaredCountFailsFastWithoutAllocating) {
  TempDir d;
  write_raw(d / "train-images-idx3-ubyte", idx({0x80000000u, 28, 28}, Bytes(100, 0)));
  write_gz(d / "huge.gz", idx({0x80000000u, 28, 28}, Bytes(100, 0)));
  std::string msg = error_of([&] { ll::load_dataset("idx:" + d.path.string()); });
  std::string msg_gz = error_of([&] { ll::data::read_idx_images(d / "huge.gz"); });
  // Every dimension at 2^32-1: the product overflows 64 bits.
  std::string msg_overflow = error_of([] {
    ll::data::parse_idx_images(idx({0xffffffffu, 0xffffffffu, 0xffffffffu}, Bytes(4)), "ovf.idx");
  });
  EXPECT_CONTAINS(msg, d / "train-images-idx3-ubyte");
  EXPECT_CONTAINS(msg, "2147483648x28x28");
  EXPECT_CONTAINS(msg, "expected 1683627180048 bytes in the file, found 116");
  EXPECT_CONTAINS(msg_gz, d / "huge.gz");
  EXPECT_CONTAINS(msg_gz, "truncated");
  EXPECT_CONTAINS(msg_overflow, "ovf.idx");
  EXPECT_CONTAINS(msg_overflow, "overflowing");
}

TEST(DataIdx, LabelCountMismatchNamesBothFiles) {
  TempDir d;
  write_mnist(d, 10, 0, false);
  write_raw(d / "train-labels-idx1-ubyte", idx({9}, Bytes(9, 0)));
  std::string msg = error_of([&] { ll::load_dataset("idx:" + d.path.string()); });
  EXPECT_CONTAINS(msg, d / "train-labels-idx1-ubyte");
  EXPECT_CONTAINS(msg, "9 labels");
  EXPECT_CONTAINS(msg, "10 images");
}

TEST(DataIdx, OnlyOneSplitLabelledIsAnError) {
  TempDir d;
  write_mnist(d, 10, 4, false);
  fs::remove(d.path / "t10k-labels-idx1-ubyte");
  std::string msg = error_of([&] { ll::load_dataset("idx:" + d.path.string()); });
  EXPECT_CONTAINS(msg, "train-labels-idx1-ubyte");
  EXPECT_CONTAINS(msg, "t10k");
}

TEST(DataIdx, TestImagesOfAnotherSizeAreRejected) {
  TempDir d;
  write_mnist(d, 10, 0, false, false);
  write_raw(d / "t10k-images-idx3-ubyte", idx({2, 5, 5}, Bytes(50)));
  std::string msg = error_of([&] { ll::load_dataset("idx:" + d.path.string()); });
  EXPECT_CONTAINS(msg, d / "t10k-images-idx3-ubyte");
  EXPECT_CONTAINS(msg, "expected 4x3x1");
}

TEST(DataIdx, ZeroImagesAndBadChannelCountsAreRejected) {
  EXPECT_CONTAINS(error_of([] { ll::data::parse_idx_images(idx({0, 2, 2}, {}), "z.idx"); }),
                  "z.idx: IDX header at offset 4 declares 0 images");
  EXPECT_CONTAINS(error_of([] { ll::data::parse_idx_images(idx({1, 1, 1, 5}, Bytes(5)), "c.idx"); }),
                  "c.idx: IDX channel count 5");
}
