#pragma once
// A small JSON value, a strict parser and a compact writer. Used for safetensors headers (which
// come from files we did not write, so the parser is hardened: depth and size limits, byte
// offsets in every error) and for the CLI's one-line `--json` output.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ll::io {

class Json {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };
  using Array = std::vector<Json>;
  // A vector, not a map: keys keep insertion order so written headers read in the order built.
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool b) : v_(b) {}
  Json(double x) : v_(x) {}
  Json(int x) : v_(double(x)) {}
  Json(int64_t x) : v_(double(x)) {}
  Json(uint64_t x) : v_(double(x)) {}
  Json(const char* s) : v_(std::string(s)) {}
  Json(std::string s) : v_(std::move(s)) {}
  Json(std::string_view s) : v_(std::string(s)) {}
  Json(Array a) : v_(std::move(a)) {}
  Json(Object o) : v_(std::move(o)) {}
  static Json array() { return Json(Array{}); }
  static Json object() { return Json(Object{}); }

  Type type() const { return Type(v_.index()); }
  bool is_null() const { return type() == Type::Null; }
  bool is_bool() const { return type() == Type::Bool; }
  bool is_number() const { return type() == Type::Number; }
  bool is_string() const { return type() == Type::String; }
  bool is_array() const { return type() == Type::Array; }
  bool is_object() const { return type() == Type::Object; }

  // Typed access; the wrong type throws ll::Error ("JSON: expected a number, found a string").
  bool as_bool() const;
  double as_number() const;
  const std::string& as_string() const;
  const Array& as_array() const;
  Array& as_array();
  const Object& as_object() const;
  Object& as_object();

  // Object helpers. find() returns nullptr when this is not an object or the key is absent.
  const Json* find(std::string_view key) const;
  Json& set(std::string key, Json value);  // replaces an existing key in place, else appends
  // Array helper.
  Json& push_back(Json value);
  // Elements of an array or members of an object; 0 for scalars.
  size_t size() const;

  friend bool operator==(const Json&, const Json&) = default;

 private:
  std::variant<std::nullptr_t, bool, double, std::string, Array, Object> v_{nullptr};
};

const char* json_type_name(Json::Type type);

// Hostile input must not exhaust the stack or memory: nesting deeper than max_depth or text
// longer than max_size is rejected before any work on it.
struct JsonLimits {
  int max_depth = 64;
  size_t max_size = size_t(100) << 20;
};

// Strict RFC 8259: one value with optional surrounding whitespace, no comments, no trailing
// commas, no NaN/Infinity, valid UTF-8, no lone surrogates, no duplicate object keys, numbers
// that fit a double. Errors read "offset 17: expected ':' after object key".
Json parse_json(std::string_view text, const JsonLimits& limits = {});

// Compact output, no whitespace. Numbers: integral values with |x| < 2^53 print as integers
// ("42", "-0"), others with 9 significant digits — enough to round-trip any float (the
// precision the models train in); NaN and infinities, which JSON cannot express, print as
// null. Strings must be valid UTF-8 (else ll::Error), so we never write what we cannot read.
std::string to_json(const Json& value);

// The number formatting above, shared with the CSV writer so both files agree on digits.
// Locale-independent (always '.'); non-finite values give "nan", "inf", "-inf".
std::string format_number(double x);

}  // namespace ll::io
