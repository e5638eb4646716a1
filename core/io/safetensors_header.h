#pragma once
// The JSON header of a safetensors file (layout in safetensors.h): on reading, checked whole and
// turned into a layout before any tensor byte is touched; on writing, built from the tensors.
// safetensors.cpp and run_folder.cpp (a followed checkpoint's step) read headers through this;
// it is a file of its own to keep the JSON apart from the bytes.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/safetensors.h"

namespace ll::io {

struct SafetensorsEntry {
  std::string name;
  std::vector<int64_t> shape;
  uint64_t count = 0;           // elements
  uint64_t begin = 0, end = 0;  // byte offsets into the data buffer
};

struct SafetensorsLayout {
  std::map<std::string, std::string> metadata;
  std::vector<SafetensorsEntry> entries;  // header order
};

// `header` is the JSON text at file offset 8; `buffer_size` the bytes after it. Throws
// ll::Error naming `file` and the field.
SafetensorsLayout parse_safetensors_header(const std::string& file, std::string_view header,
                                           uint64_t buffer_size);

// Validates `file` and builds its header, padded with spaces to a multiple of 8 as the reference
// writer does; the data then follows in tensor order. Errors name `where`.
std::string build_safetensors_header(const std::string& where, const TensorFile& file);

}  // namespace ll::io
