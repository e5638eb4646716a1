#pragma once
// Checkpoints in Hugging Face's safetensors format, so PyTorch can read and write them:
//   bytes [0, 8)        N, the header length, little-endian u64
//   bytes [8, 8+N)      JSON header: {"__metadata__": {str: str},
//                                     "<name>": {"dtype": "F32", "shape": [...],
//                                                "data_offsets": [begin, end]}, ...}
//   bytes [8+N, EOF)    the data buffer; offsets are relative to its start
// Only F32 is read or written: the models train in float32, and converting silently on load
// would hide a checkpoint that was not made for them.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ll::io {

struct Tensor {
  std::string name;
  std::vector<int64_t> shape;  // row-major; empty = scalar (one element)
  std::vector<float> data;     // product(shape) values
};

struct TensorFile {
  std::map<std::string, std::string> metadata;  // "__metadata__": config, format version, ...
  std::vector<Tensor> tensors;                  // in file order
  const Tensor* find(std::string_view name) const;  // nullptr when absent
};

// The reference implementation's cap: a header this large is an attack, not a model.
inline constexpr uint64_t kMaxSafetensorsHeader = 100'000'000;

// Writes atomically (see atomic_file.h): tensors' data in the given order, header padded with
// spaces to a multiple of 8 as the reference writer does, so the data starts 8-aligned.
// Throws ll::Error naming the path: bad tensor (empty, duplicate or reserved name, negative
// dimension, data size != product(shape)), strings that are not UTF-8, or an I/O failure.
void save_safetensors(const std::string& path, const TensorFile& file);

// Validates everything the header declares — header length against the file size, JSON
// syntax, dtype, shapes, offsets in bounds, no overlap, the buffer exactly covered — before
// allocating or reading any tensor data, so a hostile file costs at most its header.
// Errors name the file and the field: 'ckpt.safetensors: tensor "w" has dtype F16, expected F32'.
TensorFile load_safetensors(const std::string& path);

// The same two operations on bytes in memory (tests, fuzzing, network). `name` stands in for
// the file name in error messages.
std::string serialize_safetensors(const TensorFile& file, const std::string& name = "<memory>");
TensorFile parse_safetensors(std::string_view bytes, const std::string& name = "<memory>");

}  // namespace ll::io
