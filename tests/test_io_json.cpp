// The strict JSON reader and the compact writer over nlohmann-json (core/io/json.h).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "core/error.h"
#include "core/io/json.h"
#include "core/io/number_format.h"

using ll::io::Json;
using ll::io::parse_json;
using ll::io::to_json;

namespace {

std::string parse_error(std::string_view text) {
  try {
    parse_json(text);
  } catch (const ll::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(IoJson, RoundTripPreservesStructureAndKeyOrder) {
  Json doc = Json::object();
  doc["zeta"] = 1;
  doc["alpha"] = Json::array({true, false, nullptr, "s", 2.5});
  Json inner = Json::object();
  inner["k"] = "v";
  inner["empty_array"] = Json::array();
  inner["empty_object"] = Json::object();
  doc["inner"] = inner;

  std::string text = to_json(doc);
  EXPECT_EQ(text,
            R"({"zeta":1,"alpha":[true,false,null,"s",2.5],)"
            R"("inner":{"k":"v","empty_array":[],"empty_object":{}}})");
  Json back = parse_json(text);
  EXPECT_EQ(back, doc);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back.begin().key(), "zeta");  // insertion order, not sorted
  EXPECT_EQ(std::next(back.begin()).key(), "alpha");
  EXPECT_EQ(to_json(back), text);
}

TEST(IoJson, ParsesWhitespaceAndAllLiterals) {
  Json v = parse_json(" \t\r\n{ \"a\" : [ 1 , -2.5e1 , 0.25E-1 ] , \"b\" : null }\n ");
  ASSERT_TRUE(v.is_object());
  const Json& a = v.at("a");
  EXPECT_EQ(a[0].get<double>(), 1.0);
  EXPECT_EQ(a[1].get<double>(), -25.0);
  EXPECT_EQ(a[2].get<double>(), 0.025);
  EXPECT_TRUE(v.at("b").is_null());
  EXPECT_FALSE(v.contains("missing"));
  EXPECT_EQ(parse_json("-0").get<double>(), 0.0);
  EXPECT_TRUE(std::signbit(parse_json("-0.0").get<double>()));
  // Integers are kept exactly, beyond the 2^53 a double holds.
  EXPECT_EQ(parse_json("18446744073709551615").get<uint64_t>(), UINT64_MAX);
  EXPECT_EQ(parse_json("-9223372036854775808").get<int64_t>(), INT64_MIN);
}

TEST(IoJson, AssignmentReplacesAnExistingKeyInPlace) {
  Json o = Json::object();
  o["a"] = 1;
  o["b"] = 2;
  o["a"] = 3;
  EXPECT_EQ(to_json(o), R"({"a":3,"b":2})");
}

TEST(IoJson, NumbersAreWrittenExactlyOrWithFloatPrecision) {
  EXPECT_EQ(to_json(Json(42)), "42");
  EXPECT_EQ(to_json(Json(-7.0)), "-7");
  EXPECT_EQ(to_json(Json(-0.0)), "-0.0");  // an integer has no sign of zero
  EXPECT_EQ(to_json(Json(9007199254740991.0)), "9007199254740991");  // 2^53 - 1, no exponent
  EXPECT_EQ(to_json(Json(9007199254740992.0)), "9.00719925e+15");
  EXPECT_EQ(to_json(Json(uint64_t(1) << 60)), "1152921504606846976");  // integers stay exact
  EXPECT_EQ(to_json(Json(1e20)), "1e+20");
  EXPECT_EQ(to_json(Json(double(0.1f))), "0.100000001");
  EXPECT_EQ(to_json(Json(0.5)), "0.5");
  EXPECT_EQ(to_json(Json(1e-7)), "1e-07");
  EXPECT_EQ(to_json(Json(123456789.5)), "123456790");  // 9 digits, all of them significant
  EXPECT_EQ(to_json(Json(1234567890.5)), "1234567890.0");  // 9 digits, then a zero
  EXPECT_EQ(to_json(Json(std::numeric_limits<double>::max())), "1.79769313e+308");
  // JSON has no NaN or infinity; null is what every JSON writer emits instead.
  EXPECT_EQ(to_json(Json(std::nan(""))), "null");
  EXPECT_EQ(to_json(Json(-HUGE_VAL)), "null");
  EXPECT_EQ(to_json(Json::array({std::nan(""), 0.25})), "[null,0.25]");
  EXPECT_EQ(ll::io::format_number(std::nan("")), "nan");
  EXPECT_EQ(ll::io::format_number(-HUGE_VAL), "-inf");
  EXPECT_EQ(ll::io::format_number(-0.0), "-0");
  EXPECT_EQ(ll::io::format_number(double(0.1f)), "0.100000001");
}

TEST(IoJson, EveryFloatRoundTripsBitExactly) {
  std::mt19937 rng(7);
  std::vector<float> values = {0.1f, 1.0f / 3.0f, 3.4028235e38f, -1.17549435e-38f,
                               1.4e-45f /* smallest denormal */, 16777217.0f, 123456.789f};
  for (int i = 0; i < 20000; ++i) {
    uint32_t bits = rng();
    float f;
    std::memcpy(&f, &bits, 4);
    if (std::isfinite(f)) values.push_back(f);
  }
  for (float f : values) {
    float back = float(parse_json(to_json(Json(double(f)))).get<double>());
    ASSERT_EQ(std::memcmp(&f, &back, 4), 0) << "value " << f << " written as " << to_json(Json(double(f)));
  }
}

TEST(IoJson, StringsEscapeAndUnescape) {
  std::string raw = std::string("quote\" backslash\\ nl\n tab\t ctl\x01 del\x7f slash/ ") + "\xc3\xa9\xe2\x82\xac";
  std::string text = to_json(Json(raw));
  EXPECT_EQ(text, "\"quote\\\" backslash\\\\ nl\\n tab\\t ctl\\u0001 del\x7f slash/ \xc3\xa9\xe2\x82\xac\"");
  EXPECT_EQ(parse_json(text).get<std::string>(), raw);
  // \u escapes, including a surrogate pair, decode to UTF-8.
  EXPECT_EQ(parse_json(R"("\u00e9\u20AC\ud83d\ude00\/\b\f\r")").get<std::string>(),
            "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80/\b\f\r");
}

TEST(IoJson, WriterRejectsInvalidUtf8) {
  // The index is that of the byte where the sequence went wrong: an encoded surrogate (ED A0 80)
  // is refused at its second byte.
  const std::pair<std::string, std::string> cases[] = {
      {"ok\xff", "byte at index 2: 0xFF"}, {"ok\xc0\xaf", "byte at index 2: 0xC0"}, {"ok\xed\xa0\x80", "byte at index 3: 0xA0"}};
  for (const auto& [bad, where] : cases) {
    try {
      to_json(Json::object({{"k", bad}}));
      ADD_FAILURE() << "expected an error";
    } catch (const ll::Error& e) {
      EXPECT_EQ(std::string(e.what()), "JSON: string is not valid UTF-8: invalid UTF-8 " + where);
    }
  }
}

// Offsets count bytes from 0: the bad byte of a malformed token, else the first byte of the
// token that was not expected there; the end of the text for a missing one.
TEST(IoJson, MalformedInputsReportByteOffsets) {
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"", "offset 0: syntax error while parsing value - unexpected end of input"},
      {"   ", "offset 3: syntax error while parsing value - unexpected end of input"},
      {R"({"a" 1})", "offset 5: syntax error while parsing object separator - unexpected number literal; expected ':'"},
      {R"({"key" : 1, "other" 2})", "offset 20: syntax error while parsing object separator"},
      {R"({"a" "b"})", "offset 5: syntax error while parsing object separator - unexpected string literal"},
      {R"({"a":1,})", "offset 7: syntax error while parsing object key - unexpected '}'; expected string literal"},
      {R"({a:1})", "offset 1: syntax error while parsing object key - invalid literal"},
      {R"({"a":1)", "offset 6: syntax error while parsing object - unexpected end of input; expected '}'"},
      {"[1,2,]", "offset 5: syntax error while parsing value - unexpected ']'"},
      {"[1 2]", "offset 3: syntax error while parsing array - unexpected number literal; expected ']'"},
      {"[1,\n 2 3]", "offset 7: syntax error while parsing array"},
      {"[", "offset 1: syntax error while parsing value - unexpected end of input"},
      {"01", "offset 0: syntax error while parsing value - unexpected number literal; expected end of input"},
      {"1.", "offset 2: syntax error while parsing value - invalid number; expected digit after '.'"},
      {"1e", "offset 2: syntax error while parsing value - invalid number; expected '+', '-', or digit after exponent"},
      {"-", "offset 1: syntax error while parsing value - invalid number; expected digit after '-'"},
      {"+1", "offset 0: syntax error while parsing value - invalid literal; last read: '+'"},
      {".5", "offset 0: syntax error while parsing value - invalid literal; last read: '.'"},
      {"NaN", "offset 0: syntax error while parsing value - invalid literal; last read: 'N'"},
      {"Infinity", "offset 0: syntax error while parsing value - invalid literal; last read: 'I'"},
      {"tru", "offset 3: syntax error while parsing value - invalid literal; last read: 'tru'"},
      {"nul", "offset 3: syntax error while parsing value - invalid literal; last read: 'nul'"},
      {"[1e400]", "offset 1: number overflow parsing '1e400'"},
      {R"("abc)", "offset 4: syntax error while parsing value - invalid string: missing closing quote"},
      {"\"a\x01\"", "offset 2: syntax error while parsing value - invalid string: control character U+0001 (SOH) must be escaped"},
      {R"("\x")", "offset 2: syntax error while parsing value - invalid string: forbidden character after backslash"},
      {R"("\u12g4")", "offset 5: syntax error while parsing value - invalid string: '\\u' must be followed by 4 hex digits"},
      {R"("\ud800")", "offset 7: syntax error while parsing value - invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF"},
      {R"("\udc00")", "offset 6: syntax error while parsing value - invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF"},
      {"\"\xff\"", "offset 1: syntax error while parsing value - invalid string: ill-formed UTF-8 byte"},
      {"\"\xc0\xaf\"", "offset 1: syntax error while parsing value - invalid string: ill-formed UTF-8 byte"},  // overlong '/'
      {"\"\xed\xa0\x80\"", "offset 2: syntax error while parsing value - invalid string: ill-formed UTF-8 byte"},  // a surrogate
      {"\"\xe2\x82\"", "offset 3: syntax error while parsing value - invalid string: ill-formed UTF-8 byte"},  // truncated
      {R"({"a":1,"b":2,"a":3})", "offset 13: duplicate object key \"a\""},
      {R"({"x":{"k\"y":1,"k\"y":2}})", "offset 15: duplicate object key \"k\"y\""},
      {"true false", "offset 5: syntax error while parsing value - unexpected false literal; expected end of input"},
      {"{} x", "offset 3: syntax error while parsing value - invalid literal"},
      {"// comment\n1", "offset 0: syntax error while parsing value - invalid literal; last read: '/'"},
      // nlohmann would take a NUL for the end of the text and a byte order mark for nothing.
      {std::string("1\0", 2), "offset 1: NUL byte; JSON text cannot contain one"},
      {std::string("[\"a\0\"]", 6), "offset 3: NUL byte"},
      {"\xEF\xBB\xBF{}", "offset 0: byte order mark; JSON text must start with a value"},
  };
  for (const Case& c : cases) {
    std::string got = parse_error(c.text);
    EXPECT_EQ(got.rfind(c.message, 0), 0u)
        << "input: " << c.text << "\n  got: " << got << "\n want: " << c.message;
  }
}

TEST(IoJson, TinyAndHugeNumbers) {
  EXPECT_EQ(parse_json("1e-400").get<double>(), 0.0);  // underflow rounds to zero
  EXPECT_TRUE(std::signbit(parse_json("-1e-400").get<double>()));
  EXPECT_EQ(parse_json("0.0000000000000000000000000000000000000000000000000000000000000000000000000000"
                       "00000000000000000000000000000000000000000000000000000000000000000000000000000"
                       "00000000000000000000000000000000000000000000000000000000000000000000000000000"
                       "00000000000000000000000000000000000000000000000000000000000000000000000000000"
                       "00000000000000000000000000000000000000000001")
                .get<double>(),
            0.0);
  EXPECT_EQ(parse_json("4.9406564584124654e-324").get<double>(), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(parse_json("1.7976931348623157e308").get<double>(), std::numeric_limits<double>::max());
  // An integer too long for 64 bits is read as a double, like every other reader does.
  EXPECT_EQ(parse_json("123456789012345678901234567890").get<double>(), 1.2345678901234568e29);
  EXPECT_EQ(parse_error("1e99999999999999999999999"), "offset 0: number overflow parsing '1e99999999999999999999999'");
  EXPECT_EQ(parse_error("[0, -2e308]"), "offset 4: number overflow parsing '-2e308'");
}

TEST(IoJson, DepthBombIsRejectedNotOverflowed) {
  // A million nested arrays would blow the stack of a naive recursive parser.
  EXPECT_EQ(parse_error(std::string(1000000, '[')), "offset 64: nesting deeper than 64 levels");
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  EXPECT_EQ(parse_error(objects), "offset 320: nesting deeper than 64 levels");

  std::string ok = std::string(64, '[') + std::string(64, ']');
  EXPECT_NO_THROW(parse_json(ok));
  std::string too_deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_EQ(parse_error(too_deep), "offset 64: nesting deeper than 64 levels");

  ll::io::JsonLimits shallow;
  shallow.max_depth = 2;
  EXPECT_NO_THROW(parse_json("[[1]]", shallow));
  EXPECT_EQ(parse_error(std::string("[{\"a\":[1]}]")), "(no error)");
  EXPECT_THROW(parse_json("[{\"a\":[1]}]", shallow), ll::Error);
}

TEST(IoJson, SizeLimitIsCheckedFirst) {
  ll::io::JsonLimits small;
  small.max_size = 10;
  EXPECT_NO_THROW(parse_json("[1,2,3,45]", small));
  try {
    parse_json("[1,2,3,456]", small);
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    EXPECT_STREQ(e.what(), "offset 0: JSON text of 11 bytes exceeds the limit of 10");
  }
}

// A hostile header may hold a million keys: each is stored without a search through the ones
// before it, and a duplicate among them is still found.
TEST(IoJson, ManyKeysKeepTheirOrderAndADuplicateAmongThemIsFound) {
  std::string text = "{";
  for (int i = 0; i < 200000; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  Json v = parse_json(text + "}");
  ASSERT_EQ(v.size(), 200000u);
  EXPECT_EQ(v.begin().key(), "k0");
  EXPECT_EQ(v.at("k199999").get<int>(), 199999);
  const size_t at = text.size() + 1;
  EXPECT_EQ(parse_error(text + ",\"k123\":0}"), "offset " + std::to_string(at) + ": duplicate object key \"k123\"");
}

TEST(IoJson, TypeNamesForMessages) {
  EXPECT_STREQ(ll::io::json_type_name(parse_json("1.5")), "a number");
  EXPECT_STREQ(ll::io::json_type_name(parse_json("7")), "a number");
  EXPECT_STREQ(ll::io::json_type_name(parse_json("-7")), "a number");
  EXPECT_STREQ(ll::io::json_type_name(parse_json("\"s\"")), "a string");
  EXPECT_STREQ(ll::io::json_type_name(parse_json("[]")), "an array");
  EXPECT_STREQ(ll::io::json_type_name(parse_json("{}")), "an object");
  EXPECT_STREQ(ll::io::json_type_name(parse_json("true")), "a boolean");
  EXPECT_STREQ(ll::io::json_type_name(parse_json("null")), "null");
}
