#include "core/io/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <vector>

#include "core/error.h"
#include "core/io/number_format.h"

namespace ll::io {

const char* json_type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    case Json::value_t::binary: return "binary data";
    case Json::value_t::discarded: return "a discarded value";
  }
  return "?";
}

namespace {

[[noreturn]] void fail_at(size_t offset, const std::string& what) {
  throw Error("offset " + std::to_string(offset) + ": " + what);
}

// A pointer into the text that records how far nlohmann's lexer has read, so the reader knows
// the byte offset of each event (its SAX interface passes positions only with errors).
class CountingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* p, const char** reached) : p_(p), reached_(reached) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    *reached_ = ++p_;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIterator& o) const { return p_ == o.p_; }

 private:
  const char* p_;
  const char** reached_;
};

// nlohmann's messages begin "[json.exception.parse_error.101] parse error at line 1, column 6: ";
// the offset we put in front says the same, in bytes.
std::string bare_message(const std::string& what) {
  size_t start = what.rfind("[json.exception.", 0) == 0 ? what.find("] ") : std::string::npos;
  start = start == std::string::npos ? 0 : start + 2;
  if (what.compare(start, 11, "parse error") == 0) {
    size_t colon = what.find(": ", start);
    if (colon != std::string::npos) start = colon + 2;
  }
  return what.substr(start);
}

// Builds the value from nlohmann's SAX events, refusing what nlohmann's DOM builder would let
// through: nesting deeper than the limit and duplicate keys.
class StrictReader {
 public:
  StrictReader(std::string_view text, const JsonLimits& limits, const char* const& reached)
      : text_(text), limits_(limits), reached_(reached) {}

  Json take() { return std::move(root_); }

  bool null() { return put(nullptr); }
  bool boolean(bool b) { return put(b); }
  bool number_integer(Json::number_integer_t x) { return put(x); }
  bool number_unsigned(Json::number_unsigned_t x) { return put(x); }
  // nlohmann has already refused a number that overflows a double; one that underflows is 0.
  bool number_float(Json::number_float_t x, const Json::string_t&) { return put(x); }
  bool string(Json::string_t& s) { return put(std::move(s)); }
  bool binary(Json::binary_t&) { return false; }  // only binary formats produce these

  bool start_object(size_t) { return open(Json::object()); }
  bool start_array(size_t) { return open(Json::array()); }
  bool end_array() {
    frames_.pop_back();
    return true;
  }

  bool key(Json::string_t& k) {
    Frame& f = frames_.back();
    f.key_offsets.push_back(string_start(consumed() - 1));
    // The vector's own emplace_back: ordered_map's emplace would search every key first, which
    // is quadratic on a hostile object of a million keys. Duplicates are found in end_object.
    Json::object_t& members = f.value->get_ref<Json::object_t&>();
    members.emplace_back(std::move(k), nullptr);
    slot_ = &members.back().second;
    return true;
  }

  bool end_object() {
    reject_duplicate_keys(frames_.back());
    frames_.pop_back();
    return true;
  }

  bool parse_error(size_t position, const std::string&, const Json::exception& e) {
    // nlohmann's position is one past the last byte it read, end of input counting as a byte.
    // A lexical error stops on the bad byte itself; any other stops at the end of a well-formed
    // token that was not expected there, and the token's start is the place to point at.
    const std::string what = e.what();
    const size_t last = std::min(position > 0 ? position - 1 : 0, text_.size());
    const bool lexical = what.find("; last read: '") != std::string::npos;
    fail_at(lexical ? last : token_start(last), bare_message(what));
  }

 private:
  struct Frame {
    Json* value;
    std::vector<size_t> key_offsets;  // where each member's key starts, for messages
  };

  size_t consumed() const { return size_t(reached_ - text_.data()); }

  bool put(Json&& v) {
    place(std::move(v));
    return true;
  }

  Json* place(Json&& v) {
    if (frames_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Json& parent = *frames_.back().value;
    if (parent.is_array()) {
      Json::array_t& items = parent.get_ref<Json::array_t&>();
      items.push_back(std::move(v));
      return &items.back();
    }
    *slot_ = std::move(v);
    return slot_;
  }

  // A frame points into its parent's storage, which cannot move while the frame is open:
  // nothing is added to a container while one of its children is open.
  bool open(Json&& empty) {
    if (frames_.size() >= size_t(limits_.max_depth))
      fail_at(consumed() - 1, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    frames_.push_back({place(std::move(empty)), {}});
    return true;
  }

  // The opening quote of the string whose closing quote is at `close`: the nearest earlier
  // quote not escaped, i.e. preceded by an even run of backslashes.
  size_t string_start(size_t close) const {
    for (size_t i = close; i-- > 0;) {
      if (text_[i] != '"') continue;
      size_t backslashes = 0;
      while (backslashes < i && text_[i - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return i;
    }
    return close;
  }

  // The first byte of the token whose last byte is at `last`.
  size_t token_start(size_t last) const {
    if (last >= text_.size()) return text_.size();
    if (text_[last] == '"') return string_start(last);
    auto in_word = [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
             c == '+' || c == '-';
    };
    size_t start = last;
    while (start > 0 && in_word(text_[last]) && in_word(text_[start - 1])) --start;
    return start;
  }

  // Two values for one key would make "which one wins" reader-dependent — for a checkpoint
  // that means two tensors under one name. Sorting indices keeps this O(n log n) for huge
  // hostile objects.
  void reject_duplicate_keys(const Frame& f) const {
    // By index: ordered_map's operator[] takes a key.
    const Json::object_t::Container& members = f.value->get_ref<const Json::object_t&>();
    if (members.size() < 2) return;
    std::vector<size_t> order(members.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (members[a].first != members[b].first) return members[a].first < members[b].first;
      return a < b;
    });
    for (size_t i = 1; i < order.size(); ++i) {
      if (members[order[i]].first == members[order[i - 1]].first)
        fail_at(f.key_offsets[order[i]], "duplicate object key \"" + members[order[i]].first + "\"");
    }
  }

  std::string_view text_;
  const JsonLimits& limits_;
  const char* const& reached_;
  Json root_;
  std::vector<Frame> frames_;
  Json* slot_ = nullptr;  // the value of the member whose key came last
};

// The writer's number rule (see json.h), applied to a copy before nlohmann prints it: an
// integral float becomes an integer, any other is rounded to format_number's digits, which
// nlohmann's shortest round-trip printing then reproduces.
void round_numbers(Json& v) {
  if (v.is_structured()) {
    for (Json& item : v) round_numbers(item);
    return;
  }
  if (!v.is_number_float()) return;
  double x = v.get<double>();
  if (!std::isfinite(x)) return;  // printed as null
  auto integral_below = [](double y, double limit) {
    return y == std::trunc(y) && std::fabs(y) < limit && !(y == 0 && std::signbit(y));
  };
  if (integral_below(x, 9007199254740992.0)) {
    v = Json::number_integer_t(x);
    return;
  }
  const std::string digits = format_number(x);
  std::from_chars(digits.data(), digits.data() + digits.size(), x);
  // Rounding may leave an integer; only below 10^9 are all its digits significant ones.
  if (integral_below(x, 1e9))
    v = Json::number_integer_t(x);
  else
    v = x;
}

}  // namespace

Json parse_json(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_size) {
    fail_at(0, "JSON text of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                   std::to_string(limits.max_size));
  }
  // nlohmann skips a byte order mark, and stops at a NUL as if the text ended there.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") fail_at(0, "byte order mark; JSON text must start with a value");
  if (const void* nul = std::memchr(text.data(), '\0', text.size()))
    fail_at(size_t(static_cast<const char*>(nul) - text.data()), "NUL byte; JSON text cannot contain one");

  const char* reached = text.data();
  StrictReader reader(text, limits, reached);
  // The reader throws on every error, so a false here is an event it refused without a message.
  if (!Json::sax_parse(CountingIterator(text.data(), &reached),
                       CountingIterator(text.data() + text.size(), &reached), &reader))
    fail_at(size_t(reached - text.data()), "unexpected binary value");
  return reader.take();
}

std::string to_json(const Json& value) {
  Json copy = value;
  round_numbers(copy);
  try {
    return copy.dump();
  } catch (const Json::type_error& e) {
    throw Error("JSON: string is not valid UTF-8: " + bare_message(e.what()));
  }
}

}  // namespace ll::io
