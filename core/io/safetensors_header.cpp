#include "core/io/safetensors_header.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.h"
#include "core/io/json.h"

namespace ll::io {

namespace {

constexpr const char* kMetadataKey = "__metadata__";
// An integer written as a float ("4.0", "1e2") is a count too, as long as the double is exact.
constexpr double kMaxExactInteger = 9007199254740992.0;

std::string in_quotes(std::string_view s) {
  std::string out(1, '"');
  out.append(s);
  out += '"';
  return out;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// Element count of a shape, or false for a negative dimension or a count that does not fit 64
// bits. A zero dimension anywhere makes the tensor empty whatever the order of dimensions, so
// [2^32, 2^32, 0] is as valid as [0, 2^32, 2^32].
bool element_count(const std::vector<int64_t>& shape, uint64_t& count) {
  count = 1;
  for (int64_t d : shape) {
    if (d < 0) return false;
    if (d == 0) count = 0;
  }
  if (count == 0) return true;
  for (int64_t d : shape)
    if (__builtin_mul_overflow(count, uint64_t(d), &count)) return false;
  return true;
}

using Entry = SafetensorsEntry;
using Layout = SafetensorsLayout;

// A JSON number that is an exact non-negative integer, or false.
bool as_count(const Json& v, uint64_t& out) {
  if (v.is_number_unsigned()) {
    out = v.get<uint64_t>();
    return true;
  }
  if (v.is_number_integer()) {  // nlohmann reads a literal >= 0 as unsigned: this is < 0 or -0
    const int64_t x = v.get<int64_t>();
    if (x < 0) return false;
    out = uint64_t(x);
    return true;
  }
  if (!v.is_number_float()) return false;
  const double x = v.get<double>();
  if (!(x >= 0) || x > kMaxExactInteger || x != std::trunc(x)) return false;
  out = uint64_t(x);
  return true;
}

std::string describe(const Json& v) {
  if (v.is_primitive()) {
    std::string s = to_json(v);
    return s.size() > 40 ? s.substr(0, 40) + "..." : s;
  }
  return json_type_name(v);
}

// The member `key` of an object, or nullptr.
const Json* member(const Json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

Entry parse_entry(const std::string& file, const std::string& name, const Json& v,
                  uint64_t buffer_size, uint64_t buffer_offset) {
  std::string where = file + ": tensor " + in_quotes(name);
  if (!v.is_object())
    throw Error(where + " is " + describe(v) + ", expected an object with dtype, shape, data_offsets");
  const Json* dtype = member(v, "dtype");
  const Json* shape = member(v, "shape");
  const Json* offsets = member(v, "data_offsets");
  if (!dtype) throw Error(where + ": missing \"dtype\"");
  if (!shape) throw Error(where + ": missing \"shape\"");
  if (!offsets) throw Error(where + ": missing \"data_offsets\"");
  if (!dtype->is_string()) throw Error(where + ": dtype is " + describe(*dtype) + ", expected a string");
  const std::string& type = dtype->get_ref<const std::string&>();
  if (type != "F32") throw Error(where + " has dtype " + type + ", expected F32");

  Entry e;
  e.name = name;
  if (!shape->is_array()) throw Error(where + ": shape is " + describe(*shape) + ", expected an array");
  const Json::array_t& dims = shape->get_ref<const Json::array_t&>();
  for (size_t i = 0; i < dims.size(); ++i) {
    uint64_t d;
    const std::string dim = where + ": shape[" + std::to_string(i) + "] is " + describe(dims[i]);
    if (!as_count(dims[i], d)) throw Error(dim + ", expected a non-negative integer");
    if (d > uint64_t(INT64_MAX)) throw Error(dim + ", expected a dimension below 2^63");
    e.shape.push_back(int64_t(d));
  }
  if (!element_count(e.shape, e.count) || e.count > UINT64_MAX / 4)
    throw Error(where + ": shape " + shape_text(e.shape) + " is too large: its F32 byte size overflows 64 bits");

  if (!offsets->is_array() || offsets->size() != 2)
    throw Error(where + ": data_offsets is " + describe(*offsets) + ", expected [begin, end]");
  const Json::array_t& be = offsets->get_ref<const Json::array_t&>();
  for (int i = 0; i < 2; ++i) {
    uint64_t x;
    if (!as_count(be[size_t(i)], x)) {
      throw Error(where + ": data_offsets[" + std::to_string(i) + "] is " + describe(be[size_t(i)]) +
                  ", expected a non-negative integer");
    }
    (i == 0 ? e.begin : e.end) = x;
  }
  std::string span = "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "]";
  if (e.end < e.begin) throw Error(where + ": " + span + " ends before it begins");
  if (e.end - e.begin != e.count * 4) {
    throw Error(where + ": " + span + " spans " + std::to_string(e.end - e.begin) +
                " bytes, expected " + std::to_string(e.count * 4) + " for F32 shape " +
                shape_text(e.shape));
  }
  if (e.end > buffer_size) {
    throw Error(where + ": " + span + " lies outside the " + std::to_string(buffer_size) +
                "-byte data buffer that starts at file offset " + std::to_string(buffer_offset));
  }
  return e;
}

// The spec requires the tensors to tile the buffer exactly: no byte shared by two tensors (a
// write to one would change the other) and no unexplained bytes (a truncated or spliced file).
void check_coverage(const std::string& file, const std::vector<Entry>& entries, uint64_t buffer_size) {
  std::vector<const Entry*> sorted;
  for (const Entry& e : entries) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(), [](const Entry* a, const Entry* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
  });
  uint64_t covered = 0;
  const Entry* previous = nullptr;
  for (const Entry* e : sorted) {
    if (e->begin < covered) {
      throw Error(file + ": tensor " + in_quotes(e->name) + " at data_offsets [" +
                  std::to_string(e->begin) + ", " + std::to_string(e->end) + "] overlaps tensor " +
                  in_quotes(previous->name) + " which ends at " + std::to_string(covered));
    }
    if (e->begin > covered) {
      throw Error(file + ": data buffer bytes [" + std::to_string(covered) + ", " +
                  std::to_string(e->begin) + ") belong to no tensor; expected tensors to cover it exactly");
    }
    covered = e->end;
    previous = e;
  }
  if (covered != buffer_size) {
    throw Error(file + ": tensors cover " + std::to_string(covered) + " bytes of the " +
                std::to_string(buffer_size) + "-byte data buffer; expected them to cover it exactly");
  }
}

}  // namespace

SafetensorsLayout parse_safetensors_header(const std::string& file, std::string_view header,
                                           uint64_t buffer_size) {
  uint64_t buffer_offset = 8 + header.size();
  Json root;
  try {
    root = parse_json(header, JsonLimits{64, size_t(kMaxSafetensorsHeader)});
  } catch (const Error& e) {
    throw Error(file + ": header (JSON at file offset 8) is malformed: " + e.what());
  }
  if (!root.is_object())
    throw Error(file + ": header is " + describe(root) + ", expected a JSON object");

  Layout layout;
  for (const auto& [key, value] : root.get_ref<const Json::object_t&>()) {
    if (key == kMetadataKey) {
      if (value.is_null()) continue;  // the reference reader's Option<HashMap>: null = none
      if (!value.is_object())
        throw Error(file + ": __metadata__ is " + describe(value) + ", expected an object of strings");
      for (const auto& [mk, mv] : value.get_ref<const Json::object_t&>()) {
        if (!mv.is_string()) {
          throw Error(file + ": __metadata__[" + in_quotes(mk) + "] is " + describe(mv) +
                      ", expected a string");
        }
        layout.metadata[mk] = mv.get_ref<const std::string&>();
      }
      continue;
    }
    layout.entries.push_back(parse_entry(file, key, value, buffer_size, buffer_offset));
  }
  check_coverage(file, layout.entries, buffer_size);
  return layout;
}

std::string build_safetensors_header(const std::string& where, const TensorFile& file) {
  // Keys keep the order built here: metadata first, then tensors in data order.
  Json root = Json::object();
  if (!file.metadata.empty()) {
    Json meta = Json::object();
    for (const auto& [k, v] : file.metadata) meta[k] = v;
    root[kMetadataKey] = std::move(meta);
  }
  std::set<std::string_view> names;
  uint64_t offset = 0;
  for (const Tensor& t : file.tensors) {
    std::string tw = where + ": tensor " + in_quotes(t.name);
    if (t.name.empty()) throw Error(where + ": a tensor has an empty name");
    if (t.name == kMetadataKey) throw Error(tw + ": the name is reserved for metadata");
    if (!names.insert(t.name).second) throw Error(tw + " appears twice");
    uint64_t count;
    if (!element_count(t.shape, count)) {
      throw Error(tw + ": shape " + shape_text(t.shape) +
                  " has a negative dimension or more elements than fit in 64 bits");
    }
    if (count != t.data.size()) {
      throw Error(tw + ": shape " + shape_text(t.shape) + " needs " + std::to_string(count) +
                  " floats, data has " + std::to_string(t.data.size()));
    }
    Json entry = Json::object();
    entry["dtype"] = "F32";
    entry["shape"] = t.shape;
    entry["data_offsets"] = {offset, offset + count * 4};
    root[t.name] = std::move(entry);
    offset += count * 4;
  }
  std::string header;
  try {
    header = to_json(root);
  } catch (const Error& e) {
    throw Error(where + ": cannot write the header: " + e.what());
  }
  header.append((8 - header.size() % 8) % 8, ' ');
  return header;
}

}  // namespace ll::io
