// fuzz_safetensors: parse_safetensors on arbitrary bytes; whatever it accepts must survive
// serialize -> parse unchanged (bit for bit, NaN payloads included), so a file we read is a
// file we can write back.
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/error.h"
#include "core/io/safetensors.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ll::io::TensorFile f;
  try {
    f = ll::io::parse_safetensors(bytes, "fuzz.safetensors");
  } catch (const ll::Error&) {
    return 0;
  }
  uint64_t floats = 0;
  for (const ll::io::Tensor& t : f.tensors) {
    uint64_t count = 1;
    for (int64_t d : t.shape) {
      fuzz::check(d >= 0, "negative dimension accepted");
      count *= uint64_t(d);
    }
    fuzz::check(count == t.data.size(), "data size != product(shape)");
    floats += count;
  }
  fuzz::check(floats * 4 <= size, "tensors hold more bytes than the input");

  std::string again;
  try {
    again = ll::io::serialize_safetensors(f, "fuzz.safetensors");
  } catch (const ll::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    fuzz::check(false, "an accepted file cannot be written back");
  }
  const ll::io::TensorFile g = ll::io::parse_safetensors(again, "rewritten");
  fuzz::check(g.metadata == f.metadata, "metadata changed in the round trip");
  fuzz::check(g.tensors.size() == f.tensors.size(), "tensor count changed in the round trip");
  for (size_t i = 0; i < f.tensors.size(); ++i) {
    const ll::io::Tensor& a = f.tensors[i];
    const ll::io::Tensor* b = g.find(a.name);
    fuzz::check(b != nullptr, "tensor lost in the round trip");
    fuzz::check(b->shape == a.shape, "shape changed in the round trip");
    fuzz::check(b->data.size() == a.data.size() &&
                    (a.data.empty() || std::memcmp(a.data.data(), b->data.data(), a.data.size() * 4) == 0),
                "data changed in the round trip");
  }
  return 0;
}
