#include "core/io/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace ll::io {

const char* json_type_name(Json::Type type) {
  switch (type) {
    case Json::Type::Null: return "null";
    case Json::Type::Bool: return "a boolean";
    case Json::Type::Number: return "a number";
    case Json::Type::String: return "a string";
    case Json::Type::Array: return "an array";
    case Json::Type::Object: return "an object";
  }
  return "?";
}

namespace {

[[noreturn]] void wrong_type(Json::Type want, Json::Type got) {
  throw Error(std::string("JSON: expected ") + json_type_name(want) + ", found " +
              json_type_name(got));
}

}  // namespace

bool Json::as_bool() const {
  if (!is_bool()) wrong_type(Type::Bool, type());
  return std::get<bool>(v_);
}
double Json::as_number() const {
  if (!is_number()) wrong_type(Type::Number, type());
  return std::get<double>(v_);
}
const std::string& Json::as_string() const {
  if (!is_string()) wrong_type(Type::String, type());
  return std::get<std::string>(v_);
}
const Json::Array& Json::as_array() const {
  if (!is_array()) wrong_type(Type::Array, type());
  return std::get<Array>(v_);
}
Json::Array& Json::as_array() {
  if (!is_array()) wrong_type(Type::Array, type());
  return std::get<Array>(v_);
}
const Json::Object& Json::as_object() const {
  if (!is_object()) wrong_type(Type::Object, type());
  return std::get<Object>(v_);
}
Json::Object& Json::as_object() {
  if (!is_object()) wrong_type(Type::Object, type());
  return std::get<Object>(v_);
}

const Json* Json::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : std::get<Object>(v_))
    if (k == key) return &v;
  return nullptr;
}

Json& Json::set(std::string key, Json value) {
  Object& obj = as_object();
  for (auto& [k, v] : obj) {
    if (k == key) {
      v = std::move(value);
      return v;
    }
  }
  obj.emplace_back(std::move(key), std::move(value));
  return obj.back().second;
}

Json& Json::push_back(Json value) {
  Array& arr = as_array();
  arr.push_back(std::move(value));
  return arr.back();
}

size_t Json::size() const {
  if (is_array()) return std::get<Array>(v_).size();
  if (is_object()) return std::get<Object>(v_).size();
  return 0;
}

// ---------------------------------------------------------------------------------------------
// UTF-8

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid (overlong forms,
// surrogates and code points above U+10FFFF are invalid, as RFC 3629 says).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return uint8_t(s[k]); };
  uint8_t b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  for (size_t k = 1; k < len; ++k) {
    uint8_t b = byte(i + k);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static const uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

// ---------------------------------------------------------------------------------------------
// Parser: recursive descent, recursion bounded by limits.max_depth.

class Parser {
 public:
  Parser(std::string_view text, const JsonLimits& limits) : s_(text), limits_(limits) {}

  Json parse_document() {
    skip_ws();
    Json value = parse_value(0);
    skip_ws();
    if (pos_ != s_.size()) fail("unexpected " + describe_here() + " after the JSON value");
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { fail_at(pos_, what); }
  [[noreturn]] void fail_at(size_t offset, const std::string& what) const {
    throw Error("offset " + std::to_string(offset) + ": " + what);
  }

  // What the parser is looking at, for messages: "'}'", "byte 0x07", "end of input".
  std::string describe_here() const {
    if (pos_ >= s_.size()) return "end of input";
    unsigned char c = uint8_t(s_[pos_]);
    if (c >= 0x20 && c < 0x7F) return std::string("'") + char(c) + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
    return buf;
  }

  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }

  void skip_ws() {
    while (!at_end()) {
      char c = s_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  void expect(char c, const char* context) {
    if (peek() != c || at_end())
      fail(std::string("expected '") + c + "' " + context + ", found " + describe_here());
    ++pos_;
  }

  Json parse_value(int depth) {
    if (at_end()) fail("expected a JSON value, found end of input");
    switch (s_[pos_]) {
      case '{': return parse_object(depth + 1);
      case '[': return parse_array(depth + 1);
      case '"': return Json(parse_string());
      case 't': parse_literal("true"); return Json(true);
      case 'f': parse_literal("false"); return Json(false);
      case 'n': parse_literal("null"); return Json(nullptr);
      default:
        if (s_[pos_] == '-' || (s_[pos_] >= '0' && s_[pos_] <= '9')) return Json(parse_number());
        fail("expected a JSON value, found " + describe_here());
    }
  }

  void parse_literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word)
      fail("expected '" + std::string(word) + "'");
    pos_ += word.size();
  }

  void check_depth(int depth) const {
    if (depth > limits_.max_depth)
      fail("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
  }

  Json parse_array(int depth) {
    check_depth(depth);
    ++pos_;  // '['
    Json::Array items;
    skip_ws();
    if (peek() == ']' && !at_end()) {
      ++pos_;
      return Json(std::move(items));
    }
    for (;;) {
      skip_ws();
      items.push_back(parse_value(depth));
      skip_ws();
      if (peek() == ',' && !at_end()) {
        ++pos_;
        continue;
      }
      if (peek() == ']' && !at_end()) {
        ++pos_;
        return Json(std::move(items));
      }
      fail("expected ',' or ']' in array, found " + describe_here());
    }
  }

  Json parse_object(int depth) {
    check_depth(depth);
    ++pos_;  // '{'
    Json::Object members;
    std::vector<size_t> key_offsets;
    skip_ws();
    if (peek() == '}' && !at_end()) {
      ++pos_;
      return Json(std::move(members));
    }
    for (;;) {
      skip_ws();
      if (peek() != '"' || at_end()) fail("expected '\"' to start an object key, found " + describe_here());
      key_offsets.push_back(pos_);
      std::string key = parse_string();
      skip_ws();
      expect(':', "after object key");
      skip_ws();
      Json value = parse_value(depth);
      members.emplace_back(std::move(key), std::move(value));
      skip_ws();
      if (peek() == ',' && !at_end()) {
        ++pos_;
        continue;
      }
      if (peek() == '}' && !at_end()) {
        ++pos_;
        break;
      }
      fail("expected ',' or '}' in object, found " + describe_here());
    }
    reject_duplicate_keys(members, key_offsets);
    return Json(std::move(members));
  }

  // Two values for one key would make "which one wins" reader-dependent — for a checkpoint
  // that means two tensors under one name. Sorting indices keeps this O(n log n) for huge
  // hostile objects.
  void reject_duplicate_keys(const Json::Object& members,
                             const std::vector<size_t>& offsets) const {
    if (members.size() < 2) return;
    std::vector<size_t> order(members.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (members[a].first != members[b].first) return members[a].first < members[b].first;
      return a < b;
    });
    for (size_t i = 1; i < order.size(); ++i) {
      if (members[order[i]].first == members[order[i - 1]].first)
        fail_at(offsets[order[i]], "duplicate object key \"" + members[order[i]].first + "\"");
    }
  }

  uint32_t parse_hex4() {
    if (s_.size() - pos_ < 4) fail("expected 4 hex digits after \\u, found end of input");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_];
      uint32_t d;
      if (c >= '0' && c <= '9') d = uint32_t(c - '0');
      else if (c >= 'a' && c <= 'f') d = uint32_t(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = uint32_t(c - 'A' + 10);
      else fail("expected a hex digit in \\u escape, found " + describe_here());
      v = v * 16 + d;
      ++pos_;
    }
    return v;
  }

  std::string parse_string() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (at_end()) fail("expected '\"' to end the string, found end of input");
      unsigned char c = uint8_t(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) fail("control character " + describe_here() + " in string must be escaped");
      if (c == '\\') {
        parse_escape(out);
        continue;
      }
      if (c < 0x80) {
        out += char(c);
        ++pos_;
        continue;
      }
      size_t len = utf8_sequence_length(s_, pos_);
      if (len == 0) fail("invalid UTF-8 " + describe_here() + " in string");
      out.append(s_.substr(pos_, len));
      pos_ += len;
    }
  }

  void parse_escape(std::string& out) {
    size_t escape_at = pos_;
    ++pos_;  // backslash
    if (at_end()) fail("expected an escape character after '\\', found end of input");
    char e = s_[pos_++];
    switch (e) {
      case '"': out += '"'; return;
      case '\\': out += '\\'; return;
      case '/': out += '/'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case 'u': break;
      default:
        --pos_;
        fail("invalid escape '\\" + std::string(1, e) + "' in string");
    }
    uint32_t cp = parse_hex4();
    if (cp >= 0xDC00 && cp <= 0xDFFF) fail_at(escape_at, "lone low surrogate in \\u escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (s_.substr(pos_, 2) != "\\u")
        fail_at(escape_at, "high surrogate in \\u escape not followed by a low surrogate");
      pos_ += 2;
      uint32_t lo = parse_hex4();
      if (lo < 0xDC00 || lo > 0xDFFF)
        fail_at(escape_at, "high surrogate in \\u escape not followed by a low surrogate");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    append_utf8(out, cp);
  }

  double parse_number() {
    size_t start = pos_;
    auto digit = [&] { return !at_end() && s_[pos_] >= '0' && s_[pos_] <= '9'; };
    if (peek() == '-') ++pos_;
    if (!digit()) fail("expected a digit in number, found " + describe_here());
    // Decimal exponent of the leading significant digit, for telling underflow from overflow.
    int64_t magnitude = 0;
    bool seen_nonzero = false;
    if (s_[pos_] == '0') {
      ++pos_;
      if (digit()) fail("leading zeros are not allowed in numbers");
    } else {
      seen_nonzero = true;
      while (digit()) {
        ++pos_;
        ++magnitude;
      }
    }
    if (peek() == '.' && !at_end()) {
      ++pos_;
      if (!digit()) fail("expected a digit after the decimal point, found " + describe_here());
      while (digit()) {
        if (!seen_nonzero) {
          --magnitude;
          if (s_[pos_] != '0') seen_nonzero = true;
        }
        ++pos_;
      }
    }
    if ((peek() == 'e' || peek() == 'E') && !at_end()) {
      ++pos_;
      bool negative = false;
      if (peek() == '+' || peek() == '-') negative = s_[pos_++] == '-';
      if (!digit()) fail("expected a digit in the exponent, found " + describe_here());
      int64_t exponent = 0;
      while (digit()) {
        // Saturate: any exponent this large decides the outcome on its own.
        if (exponent < 1000000) exponent = exponent * 10 + (s_[pos_] - '0');
        ++pos_;
      }
      magnitude += negative ? -exponent : exponent;
    }
    std::string_view token = s_.substr(start, pos_ - start);
    double value = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec == std::errc::result_out_of_range) {
      // Too small for a double rounds to zero like every other JSON reader; too large has no
      // honest value, so it is an error.
      if (!seen_nonzero || magnitude < 0) return token[0] == '-' ? -0.0 : 0.0;
      fail_at(start, "number " + std::string(token.substr(0, 40)) + " is out of range for a double");
    }
    if (ec != std::errc() || end != token.data() + token.size())
      fail_at(start, "malformed number");
    return value;
  }

  std::string_view s_;
  const JsonLimits& limits_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Writer

void write_string(std::string& out, const std::string& s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = uint8_t(s[i]);
    if (c >= 0x80) {
      size_t len = utf8_sequence_length(s, i);
      if (len == 0) {
        throw Error("JSON: string is not valid UTF-8 at byte " + std::to_string(i) + ": \"" +
                    s.substr(0, 40) + "\"");
      }
      out.append(s, i, len);
      i += len;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
    ++i;
  }
  out += '"';
}

// Iterative depth is bounded by whoever built the value; parse_json's limit covers parsed input.
void write_value(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::Type::Null: out += "null"; return;
    case Json::Type::Bool: out += v.as_bool() ? "true" : "false"; return;
    case Json::Type::Number: {
      double x = v.as_number();
      out += std::isfinite(x) ? format_number(x) : "null";
      return;
    }
    case Json::Type::String: write_string(out, v.as_string()); return;
    case Json::Type::Array: {
      out += '[';
      bool first = true;
      for (const Json& item : v.as_array()) {
        if (!first) out += ',';
        first = false;
        write_value(out, item);
      }
      out += ']';
      return;
    }
    case Json::Type::Object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.as_object()) {
        if (!first) out += ',';
        first = false;
        write_string(out, key);
        out += ':';
        write_value(out, item);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

Json parse_json(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_size) {
    throw Error("offset 0: JSON text of " + std::to_string(text.size()) +
                " bytes exceeds the limit of " + std::to_string(limits.max_size));
  }
  return Parser(text, limits).parse_document();
}

std::string to_json(const Json& value) {
  std::string out;
  write_value(out, value);
  return out;
}

std::string format_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  char buf[64];
  // Integral values below 2^53 are exact in a double: print every digit, never an exponent,
  // so step counts and byte offsets stay readable and exact.
  if (x == std::trunc(x) && std::fabs(x) < 9007199254740992.0) {
    if (x == 0) return std::signbit(x) ? "-0" : "0";
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, int64_t(x));
    return std::string(buf, end);
  }
  // to_chars, not printf("%.9g"): same digits, but immune to the process locale's decimal comma.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 9);
  return std::string(buf, end);
}

}  // namespace ll::io
