#pragma once
// JSON through nlohmann-json. `Json` keeps object keys in insertion order, so a header we write
// reads in the order it was built. parse_json is the strict reader for text from files we did
// not write (safetensors headers); to_json is the compact writer for headers and the CLI's
// one-line `--json` output.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ll::io {

using Json = nlohmann::ordered_json;

// For messages: "null", "a boolean", "a number", "a string", "an array", "an object".
const char* json_type_name(const Json& value);

// Hostile input must not exhaust the stack or memory: nesting deeper than max_depth or text
// longer than max_size is rejected before any work on it.
struct JsonLimits {
  int max_depth = 64;
  size_t max_size = size_t(100) << 20;
};

// Strict RFC 8259: one value with optional surrounding whitespace, no comments, no trailing
// commas, no NaN/Infinity, no byte order mark, no NUL byte, valid UTF-8, no lone surrogates, no
// duplicate object keys, numbers that fit a double. nlohmann's own parse() would keep the last
// of two equal keys and nest without limit, so this reads through its SAX interface.
// Errors (ll::Error) read "offset 5: syntax error while parsing object separator - unexpected
// number literal; expected ':'", the offset counted in bytes from the start of `text`.
Json parse_json(std::string_view text, const JsonLimits& limits = {});

// Compact output, no whitespace. Numbers: integral values with |x| < 2^53 print as integers
// ("42"; a float -0 as "-0.0"), other floats with the 9 significant digits of format_number —
// enough to round-trip any float (the precision the models train in); NaN and infinities,
// which JSON cannot express, print as null. Strings must be valid UTF-8 (else ll::Error), so we
// never write what we cannot read.
std::string to_json(const Json& value);

}  // namespace ll::io
