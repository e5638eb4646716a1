// Checkpoints in safetensors format (core/io/safetensors.h): round trips, the on-disk layout the
// spec describes, and hostile files that must fail with a message naming the file and field.
#include <gtest/gtest.h>

#include "tests/temp_dir.h"
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "core/error.h"
#include "core/io/json.h"
#include "core/io/safetensors.h"

namespace fs = std::filesystem;
using ll::io::Tensor;
using ll::io::TensorFile;

namespace {

using ll::testing::TempDir;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
}

std::string u64_le(uint64_t n) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[size_t(i)] = char(n >> (8 * i));
  return s;
}

// A file with this header and `buffer_bytes` zero bytes of data.
std::string with_header(const std::string& header, size_t buffer_bytes) {
  return u64_le(header.size()) + header + std::string(buffer_bytes, '\0');
}

float from_bits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

uint32_t bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

}  // namespace

TEST(IoSafetensors, RoundTripKeepsNamesShapesMetadataAndExactBits) {
  TempDir dir;
  TensorFile f;
  f.metadata = {{"format", "pt"}, {"config", R"({"latent":2,"beta":1.0})"}, {"note", "caf\xc3\xa9, \"quoted\"\n"}};
  f.tensors.push_back({"encoder.fc1.weight", {2, 3}, {1.0f, -2.5f, 0.1f, 3.4028235e38f, -0.0f, 7.0f}});
  f.tensors.push_back({"special", {7},
                       {std::numeric_limits<float>::quiet_NaN(), from_bits(0x7fc12345) /* NaN payload */,
                        from_bits(0xffc00001) /* negative NaN */, HUGE_VALF, -HUGE_VALF,
                        from_bits(0x00000001) /* smallest denormal */, from_bits(0x807fffff)}});
  f.tensors.push_back({"scalar", {}, {42.0f}});
  f.tensors.push_back({"empty", {0, 5}, {}});
  f.tensors.push_back({"a", {1, 1, 1, 2}, {0.25f, 0.5f}});

  std::string path = dir.file("checkpoint.safetensors");
  ll::io::save_safetensors(path, f);
  TensorFile back = ll::io::load_safetensors(path);

  EXPECT_EQ(back.metadata, f.metadata);
  ASSERT_EQ(back.tensors.size(), f.tensors.size());
  for (size_t i = 0; i < f.tensors.size(); ++i) {
    const Tensor& a = f.tensors[i];
    const Tensor& b = back.tensors[i];
    EXPECT_EQ(b.name, a.name);  // file order = the order given
    EXPECT_EQ(b.shape, a.shape) << a.name;
    ASSERT_EQ(b.data.size(), a.data.size()) << a.name;
    for (size_t k = 0; k < a.data.size(); ++k)
      EXPECT_EQ(bits(b.data[k]), bits(a.data[k])) << a.name << "[" << k << "]";
  }
  ASSERT_NE(back.find("scalar"), nullptr);
  EXPECT_EQ(back.find("scalar")->data[0], 42.0f);
  EXPECT_EQ(back.find("nope"), nullptr);

  // The in-memory pair produces and accepts the very same bytes.
  EXPECT_EQ(ll::io::serialize_safetensors(f), read_bytes(path));
  TensorFile mem = ll::io::parse_safetensors(read_bytes(path));
  EXPECT_EQ(mem.tensors.size(), f.tensors.size());
}

TEST(IoSafetensors, BytesOnDiskFollowTheSpec) {
  TempDir dir;
  TensorFile f;
  f.metadata = {{"format", "pt"}};
  f.tensors.push_back({"w", {2, 2}, {1.0f, -2.0f, 0.5f, 3.25f}});
  f.tensors.push_back({"b", {3}, {4.0f, 5.0f, 6.0f}});
  std::string path = dir.file("layout.safetensors");
  ll::io::save_safetensors(path, f);
  std::string bytes = read_bytes(path);

  ASSERT_GE(bytes.size(), 8u);
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | uint8_t(bytes[size_t(i)]);
  EXPECT_EQ(n % 8, 0u) << "header padded to a multiple of 8";
  ASSERT_EQ(bytes.size(), 8 + n + 7 * 4);
  std::string header = bytes.substr(8, n);
  EXPECT_EQ(header.substr(0, 33), R"({"__metadata__":{"format":"pt"},")");
  std::string json = header.substr(0, header.find_last_not_of(' ') + 1);
  EXPECT_EQ(json,
            R"({"__metadata__":{"format":"pt"},)"
            R"("w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},)"
            R"("b":{"dtype":"F32","shape":[3],"data_offsets":[16,28]}})");
  EXPECT_EQ(header.substr(json.size()), std::string(n - json.size(), ' '));

  ll::io::Json parsed = ll::io::parse_json(header);
  EXPECT_EQ(parsed.at("w").at("dtype"), "F32");
  const unsigned char expected_data[] = {0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00,
                                         0x00, 0x3f, 0x00, 0x00, 0x50, 0x40, 0x00, 0x00, 0x80, 0x40,
                                         0x00, 0x00, 0xa0, 0x40, 0x00, 0x00, 0xc0, 0x40};
  EXPECT_EQ(bytes.substr(8 + n), std::string(reinterpret_cast<const char*>(expected_data), sizeof expected_data));
}

// What Python's `safetensors.torch.save_file({"w": torch.tensor([[1., -2.], [.5, 3.25]])}, p)`
// writes, byte for byte, built by hand from the spec: u64 LE length 64, 57 bytes of JSON padded
// with 7 spaces, then 16 bytes of little-endian float32.
TEST(IoSafetensors, LoadsAFileWrittenByTheReferenceImplementation) {
  const unsigned char file[] = {
      0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                                   // N = 64
      '{', '"', 'w', '"', ':', '{', '"', 'd', 't', 'y', 'p', 'e', '"', ':', '"', 'F', '3', '2', '"',
      ',', '"', 's', 'h', 'a', 'p', 'e', '"', ':', '[', '2', ',', '2', ']', ',', '"', 'd', 'a', 't',
      'a', '_', 'o', 'f', 'f', 's', 'e', 't', 's', '"', ':', '[', '0', ',', '1', '6', ']', '}', '}',
      ' ', ' ', ' ', ' ', ' ', ' ', ' ',                                                // padding
      0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x50, 0x40};
  static_assert(sizeof file == 8 + 64 + 16);
  TempDir dir;
  std::string path = dir.file("torch.safetensors");
  write_bytes(path, std::string(reinterpret_cast<const char*>(file), sizeof file));

  TensorFile f = ll::io::load_safetensors(path);
  EXPECT_TRUE(f.metadata.empty());
  ASSERT_EQ(f.tensors.size(), 1u);
  EXPECT_EQ(f.tensors[0].name, "w");
  EXPECT_EQ(f.tensors[0].shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(f.tensors[0].data, (std::vector<float>{1.0f, -2.0f, 0.5f, 3.25f}));

  // And our writer produces exactly those bytes for the same tensor.
  EXPECT_EQ(ll::io::serialize_safetensors(f), std::string(reinterpret_cast<const char*>(file), sizeof file));
}

TEST(IoSafetensors, EmptyFileOfNoTensorsRoundTrips) {
  TempDir dir;
  std::string path = dir.file("none.safetensors");
  ll::io::save_safetensors(path, TensorFile{});
  EXPECT_EQ(read_bytes(path), u64_le(8) + "{}      ");
  TensorFile back = ll::io::load_safetensors(path);
  EXPECT_TRUE(back.tensors.empty());
  EXPECT_TRUE(back.metadata.empty());
}

TEST(IoSafetensors, AcceptsTensorsStoredOutOfHeaderOrderAndNullMetadata) {
  // The spec orders nothing: data may be laid out differently from the header's key order.
  std::string header = R"({"__metadata__":null,"late":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},)"
                       R"("early":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":"ignored"}})";
  std::string bytes = u64_le(header.size()) + header;
  float a = 1.5f, b = -3.0f;
  bytes.append(reinterpret_cast<const char*>(&a), 4);
  bytes.append(reinterpret_cast<const char*>(&b), 4);
  TensorFile f = ll::io::parse_safetensors(bytes);
  ASSERT_EQ(f.tensors.size(), 2u);
  EXPECT_EQ(f.tensors[0].name, "late");
  EXPECT_EQ(f.find("late")->data[0], -3.0f);
  EXPECT_EQ(f.find("early")->data[0], 1.5f);
}

// Each hostile file must be refused with a message that names the file and what was expected.
class IoSafetensorsHostile : public ::testing::Test {
 protected:
  TempDir dir;

  std::string load_error(const std::string& bytes) {
    std::string path = dir.file("hostile.safetensors");
    write_bytes(path, bytes);
    try {
      ll::io::load_safetensors(path);
    } catch (const ll::Error& e) {
      std::string msg = e.what();
      EXPECT_EQ(msg.rfind(path + ": ", 0), 0u) << "message must start with the path: " << msg;
      // The in-memory parser must agree with the file loader.
      try {
        ll::io::parse_safetensors(bytes, path);
        ADD_FAILURE() << "parse_safetensors accepted what load_safetensors refused";
      } catch (const ll::Error& e2) {
        EXPECT_EQ(std::string(e2.what()), msg);
      }
      return msg.substr(path.size() + 2);
    }
    return "(no error)";
  }

  std::string tensor_error(const std::string& entry, size_t buffer_bytes) {
    return load_error(with_header(R"({"w":)" + entry + "}", buffer_bytes));
  }
};

#define EXPECT_CONTAINS(haystack, needle)                                         \
  do {                                                                            \
    std::string h_ = (haystack);                                                  \
    EXPECT_NE(h_.find(needle), std::string::npos) << "message: " << h_ << "\nexpected to contain: " << (needle); \
  } while (0)

TEST_F(IoSafetensorsHostile, EmptyFile) {
  EXPECT_EQ(load_error(""), "file is 0 bytes, expected at least 8 (the little-endian u64 header length)");
}

TEST_F(IoSafetensorsHostile, SevenBytes) {
  EXPECT_EQ(load_error(std::string("\x05\0\0\0\0\0\0", 7)),
            "file is 7 bytes, expected at least 8 (the little-endian u64 header length)");
}

TEST_F(IoSafetensorsHostile, HeaderLengthLargerThanFile) {
  EXPECT_EQ(load_error(u64_le(100) + "{}        "),
            "header length 100 at offset 0 exceeds the file size 18 less the 8-byte length field");
  EXPECT_CONTAINS(load_error(u64_le(9999999999) + "{}"), "header length 9999999999 at offset 0 exceeds the file size 10");
}

TEST_F(IoSafetensorsHostile, HeaderLengthTwoToTheSixtyThird) {
  EXPECT_CONTAINS(load_error(u64_le(uint64_t(1) << 63) + "{}      "),
                  "header length 9223372036854775808 at offset 0 exceeds the file size 16");
  EXPECT_CONTAINS(load_error(u64_le(~uint64_t(0)) + "{}      "), "header length 18446744073709551615");
}

TEST_F(IoSafetensorsHostile, HeaderLengthAboveTheLimitInALargeSparseFile) {
  std::string path = dir.file("big.safetensors");
  write_bytes(path, u64_le(ll::io::kMaxSafetensorsHeader + 8));
  fs::resize_file(path, ll::io::kMaxSafetensorsHeader + 64);  // sparse: no disk used
  try {
    ll::io::load_safetensors(path);
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": header length 100000008 at offset 0 exceeds the limit of 100000000 bytes");
  }
}

TEST_F(IoSafetensorsHostile, HeaderNotJson) {
  EXPECT_EQ(load_error(with_header("garbage", 0)),
            "header (JSON at file offset 8) is malformed: offset 0: syntax error while parsing value - "
            "invalid literal; last read: 'g'");
  EXPECT_CONTAINS(load_error(with_header("not json", 0)), "malformed: offset 1: syntax error while parsing value - invalid literal");
  EXPECT_CONTAINS(load_error(with_header(R"({"w" {}})", 0)),
                  "offset 5: syntax error while parsing object separator - unexpected '{'; expected ':'");
  EXPECT_CONTAINS(load_error(with_header(std::string(200, '['), 0)), "offset 64: nesting deeper than 64 levels");
  EXPECT_CONTAINS(load_error(with_header("\xff\xfe{}", 0)), "offset 0: syntax error while parsing value - invalid literal");
  EXPECT_CONTAINS(load_error(with_header("\xef\xbb\xbf{}", 0)), "offset 0: byte order mark");
  EXPECT_CONTAINS(load_error(with_header(std::string("{}\0", 3), 0)), "offset 2: NUL byte");
  EXPECT_CONTAINS(load_error(with_header("{\"w\":1e999}", 0)), "offset 5: number overflow parsing '1e999'");
  EXPECT_EQ(load_error(with_header("[1,2]", 0)), "header is an array, expected a JSON object");
}

TEST_F(IoSafetensorsHostile, DtypeNotF32) {
  EXPECT_EQ(tensor_error(R"({"dtype":"F16","shape":[2],"data_offsets":[0,4]})", 4),
            "tensor \"w\" has dtype F16, expected F32");
  EXPECT_EQ(tensor_error(R"({"dtype":"BF16","shape":[2],"data_offsets":[0,4]})", 4),
            "tensor \"w\" has dtype BF16, expected F32");
  EXPECT_EQ(tensor_error(R"({"dtype":32,"shape":[2],"data_offsets":[0,8]})", 8),
            "tensor \"w\": dtype is 32, expected a string");
}

TEST_F(IoSafetensorsHostile, MissingOrMistypedFields) {
  EXPECT_EQ(tensor_error(R"({"shape":[1],"data_offsets":[0,4]})", 4), "tensor \"w\": missing \"dtype\"");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","data_offsets":[0,4]})", 4), "tensor \"w\": missing \"shape\"");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[1]})", 4), "tensor \"w\": missing \"data_offsets\"");
  EXPECT_EQ(tensor_error("[]", 0), "tensor \"w\" is an array, expected an object with dtype, shape, data_offsets");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":"2","data_offsets":[0,8]})", 8),
            "tensor \"w\": shape is \"2\", expected an array");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[2],"data_offsets":[0]})", 8),
            "tensor \"w\": data_offsets is an array, expected [begin, end]");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[2],"data_offsets":[0,"8"]})", 8),
            "tensor \"w\": data_offsets[1] is \"8\", expected a non-negative integer");
}

TEST_F(IoSafetensorsHostile, ShapeAndOffsetsDisagree) {
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[2,2],"data_offsets":[0,12]})", 12),
            "tensor \"w\": data_offsets [0, 12] spans 12 bytes, expected 16 for F32 shape [2, 2]");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[2],"data_offsets":[8,0]})", 8),
            "tensor \"w\": data_offsets [8, 0] ends before it begins");
}

TEST_F(IoSafetensorsHostile, OffsetsOutOfBounds) {
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[4],"data_offsets":[0,16]})", 8),
            "tensor \"w\": data_offsets [0, 16] lies outside the 8-byte data buffer that starts at file "
            "offset 63");
  EXPECT_CONTAINS(tensor_error(R"({"dtype":"F32","shape":[1],"data_offsets":[9007199254740988,9007199254740992]})", 8),
                  "lies outside the 8-byte data buffer");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[1],"data_offsets":[-4,0]})", 8),
            "tensor \"w\": data_offsets[0] is -4, expected a non-negative integer");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[1],"data_offsets":[0,1e300]})", 8),
            "tensor \"w\": data_offsets[1] is 1e+300, expected a non-negative integer");
}

TEST_F(IoSafetensorsHostile, OverlappingTensors) {
  std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                       R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})";
  EXPECT_EQ(load_error(with_header(header, 12)),
            "tensor \"b\" at data_offsets [4, 12] overlaps tensor \"a\" which ends at 8");
  std::string same = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                     R"("b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  EXPECT_CONTAINS(load_error(with_header(same, 8)), "overlaps tensor");
}

TEST_F(IoSafetensorsHostile, BufferNotFullyCovered) {
  std::string gap = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                    R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})";
  EXPECT_EQ(load_error(with_header(gap, 12)),
            "data buffer bytes [4, 8) belong to no tensor; expected tensors to cover it exactly");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[1],"data_offsets":[0,4]})", 9),
            "tensors cover 4 bytes of the 9-byte data buffer; expected them to cover it exactly");
  EXPECT_EQ(load_error(with_header("{}", 4)),
            "tensors cover 0 bytes of the 4-byte data buffer; expected them to cover it exactly");
}

TEST_F(IoSafetensorsHostile, NegativeOrFractionalDimensions) {
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[-1,4],"data_offsets":[0,16]})", 16),
            "tensor \"w\": shape[0] is -1, expected a non-negative integer");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[2,1.5],"data_offsets":[0,12]})", 12),
            "tensor \"w\": shape[1] is 1.5, expected a non-negative integer");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[null],"data_offsets":[0,4]})", 4),
            "tensor \"w\": shape[0] is null, expected a non-negative integer");
}

TEST_F(IoSafetensorsHostile, ShapeProductOverflow) {
  // 2^32 * 2^32 wraps to 0 in 64 bits, which would match an empty [0, 0] span if unchecked.
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]})", 0),
            "tensor \"w\": shape [4294967296, 4294967296] is too large: its F32 byte size overflows 64 bits");
  // 2^53 * 2^10 = 2^63 elements fits 64 bits as an element count but not as a byte count.
  EXPECT_CONTAINS(tensor_error(R"({"dtype":"F32","shape":[9007199254740992,1024],"data_offsets":[0,0]})", 0),
                  "its F32 byte size overflows 64 bits");
  // A zero dimension makes any shape empty, in whatever position.
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[4294967296,4294967296,0],"data_offsets":[0,0]})", 0),
            "(no error)");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[0,4294967296,4294967296],"data_offsets":[0,0]})", 0),
            "(no error)");
  EXPECT_CONTAINS(tensor_error(R"({"dtype":"F32","shape":[1e300],"data_offsets":[0,0]})", 0),
                  "shape[0] is 1e+300, expected a non-negative integer");
  // Integers are read exactly, to 2^64 - 1: past 2^53 they are sizes too big for the file, and
  // past 2^63 no int64 dimension holds them.
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[4611686018427387903],"data_offsets":[0,18446744073709551612]})", 8),
            "tensor \"w\": data_offsets [0, 18446744073709551612] lies outside the 8-byte data buffer that "
            "starts at file offset 99");
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[9223372036854775808],"data_offsets":[0,0]})", 0),
            "tensor \"w\": shape[0] is 9223372036854775808, expected a dimension below 2^63");
  // An integral float is a count as long as the double is exact.
  EXPECT_EQ(tensor_error(R"({"dtype":"F32","shape":[2.0],"data_offsets":[0,8e0]})", 8), "(no error)");
}

TEST_F(IoSafetensorsHostile, MetadataMustBeStrings) {
  EXPECT_EQ(load_error(with_header(R"({"__metadata__":{"epoch":3}})", 0)),
            "__metadata__[\"epoch\"] is 3, expected a string");
  EXPECT_EQ(load_error(with_header(R"({"__metadata__":["a"]})", 0)),
            "__metadata__ is an array, expected an object of strings");
}

TEST_F(IoSafetensorsHostile, DuplicateTensorName) {
  std::string header = R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                       R"("w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})";
  EXPECT_CONTAINS(load_error(with_header(header, 8)), "offset 54: duplicate object key \"w\"");
}

TEST_F(IoSafetensorsHostile, NotARegularFileOrMissing) {
  try {
    ll::io::load_safetensors(dir.path.string());
    FAIL();
  } catch (const ll::Error& e) {
    EXPECT_EQ(std::string(e.what()), dir.path.string() + ": not a regular file, expected a safetensors file");
  }
  std::string missing = dir.file("missing.safetensors");
  try {
    ll::io::load_safetensors(missing);
    FAIL();
  } catch (const ll::Error& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": cannot open: No such file or directory");
  }
}

TEST(IoSafetensors, SaveRejectsInconsistentTensorsWithoutTouchingTheFile) {
  TempDir dir;
  std::string path = dir.file("model.safetensors");
  TensorFile good;
  good.tensors.push_back({"w", {2}, {1.0f, 2.0f}});
  ll::io::save_safetensors(path, good);
  std::string before = read_bytes(path);

  struct Case {
    TensorFile file;
    std::string message;
  };
  std::vector<Case> cases;
  cases.push_back({TensorFile{{}, {{"w", {2, 2}, {1, 2, 3}}}}, "tensor \"w\": shape [2, 2] needs 4 floats, data has 3"});
  cases.push_back({TensorFile{{}, {{"w", {-2}, {}}}}, "tensor \"w\": shape [-2] has a negative dimension"});
  cases.push_back({TensorFile{{}, {{"", {1}, {1}}}}, "a tensor has an empty name"});
  cases.push_back({TensorFile{{}, {{"__metadata__", {1}, {1}}}}, "the name is reserved for metadata"});
  cases.push_back({TensorFile{{}, {{"w", {1}, {1}}, {"w", {1}, {2}}}}, "tensor \"w\" appears twice"});
  cases.push_back({TensorFile{{{"k", "bad\xff"}}, {}}, "cannot write the header: JSON: string is not valid UTF-8"});
  for (const Case& c : cases) {
    try {
      ll::io::save_safetensors(path, c.file);
      ADD_FAILURE() << "expected: " << c.message;
    } catch (const ll::Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
      EXPECT_CONTAINS(e.what(), c.message);
    }
  }
  EXPECT_EQ(read_bytes(path), before);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1);
}

TEST(IoSafetensors, SaveIntoMissingDirectoryNamesThePath) {
  TempDir dir;
  std::string path = dir.file("no/such/dir/model.safetensors");
  TensorFile f;
  f.tensors.push_back({"w", {1}, {1.0f}});
  try {
    ll::io::save_safetensors(path, f);
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path + ": cannot create temporary file", 0), 0u) << e.what();
    EXPECT_CONTAINS(e.what(), "No such file or directory");
  }
}

TEST(IoSafetensors, SaveReplacesAnExistingCheckpointAndLeavesNoTemporaryFile) {
  TempDir dir;
  std::string path = dir.file("model.safetensors");
  TensorFile a, b;
  a.tensors.push_back({"w", {1}, {1.0f}});
  b.tensors.push_back({"w", {3}, {7.0f, 8.0f, 9.0f}});
  ll::io::save_safetensors(path, a);
  ll::io::save_safetensors(path, b);
  EXPECT_EQ(ll::io::load_safetensors(path).tensors[0].data, b.tensors[0].data);
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path)) names.push_back(entry.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"model.safetensors"});
}
