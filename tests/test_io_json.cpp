// JSON value, strict parser and writer (core/io/json.h).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "core/error.h"
#include "core/io/json.h"

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
  doc.set("zeta", 1);
  doc.set("alpha", Json(Json::Array{Json(true), Json(false), Json(nullptr), Json("s"), Json(2.5)}));
  Json inner = Json::object();
  inner.set("k", "v");
  inner.set("empty_array", Json::array());
  inner.set("empty_object", Json::object());
  doc.set("inner", inner);

  std::string text = to_json(doc);
  EXPECT_EQ(text,
            R"({"zeta":1,"alpha":[true,false,null,"s",2.5],)"
            R"("inner":{"k":"v","empty_array":[],"empty_object":{}}})");
  Json back = parse_json(text);
  EXPECT_EQ(back, doc);
  ASSERT_EQ(back.as_object().size(), 3u);
  EXPECT_EQ(back.as_object()[0].first, "zeta");  // insertion order, not sorted
  EXPECT_EQ(back.as_object()[1].first, "alpha");
  EXPECT_EQ(to_json(back), text);
}

TEST(IoJson, ParsesWhitespaceAndAllLiterals) {
  Json v = parse_json(" \t\r\n{ \"a\" : [ 1 , -2.5e1 , 0.25E-1 ] , \"b\" : null }\n ");
  ASSERT_TRUE(v.is_object());
  const Json* a = v.find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->as_array()[0].as_number(), 1.0);
  EXPECT_EQ(a->as_array()[1].as_number(), -25.0);
  EXPECT_EQ(a->as_array()[2].as_number(), 0.025);
  EXPECT_TRUE(v.find("b")->is_null());
  EXPECT_EQ(v.find("missing"), nullptr);
  EXPECT_EQ(parse_json("-0").as_number(), 0.0);
  EXPECT_TRUE(std::signbit(parse_json("-0").as_number()));
}

TEST(IoJson, SetReplacesExistingKeyInPlace) {
  Json o = Json::object();
  o.set("a", 1);
  o.set("b", 2);
  o.set("a", 3);
  EXPECT_EQ(to_json(o), R"({"a":3,"b":2})");
}

TEST(IoJson, NumbersAreWrittenExactlyOrWithFloatPrecision) {
  EXPECT_EQ(to_json(Json(42)), "42");
  EXPECT_EQ(to_json(Json(-7.0)), "-7");
  EXPECT_EQ(to_json(Json(-0.0)), "-0");
  EXPECT_EQ(to_json(Json(9007199254740991.0)), "9007199254740991");  // 2^53 - 1, no exponent
  EXPECT_EQ(to_json(Json(9007199254740992.0)), "9.00719925e+15");
  EXPECT_EQ(to_json(Json(1e20)), "1e+20");
  EXPECT_EQ(to_json(Json(double(0.1f))), "0.100000001");
  EXPECT_EQ(to_json(Json(0.5)), "0.5");
  EXPECT_EQ(to_json(Json(1e-7)), "1e-07");
  // JSON has no NaN or infinity; null is what every JSON writer emits instead.
  EXPECT_EQ(to_json(Json(std::nan(""))), "null");
  EXPECT_EQ(to_json(Json(-HUGE_VAL)), "null");
  EXPECT_EQ(ll::io::format_number(std::nan("")), "nan");
  EXPECT_EQ(ll::io::format_number(-HUGE_VAL), "-inf");
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
    float back = float(parse_json(to_json(Json(double(f)))).as_number());
    ASSERT_EQ(std::memcmp(&f, &back, 4), 0) << "value " << f << " written as " << to_json(Json(double(f)));
  }
}

TEST(IoJson, StringsEscapeAndUnescape) {
  std::string raw = std::string("quote\" backslash\\ nl\n tab\t ctl\x01 del\x7f slash/ ") + "\xc3\xa9\xe2\x82\xac";
  std::string text = to_json(Json(raw));
  EXPECT_EQ(text, "\"quote\\\" backslash\\\\ nl\\n tab\\t ctl\\u0001 del\x7f slash/ \xc3\xa9\xe2\x82\xac\"");
  EXPECT_EQ(parse_json(text).as_string(), raw);
  // \u escapes, including a surrogate pair, decode to UTF-8.
  EXPECT_EQ(parse_json(R"("\u00e9\u20AC\ud83d\ude00\/\b\f\r")").as_string(),
            "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80/\b\f\r");
}

TEST(IoJson, WriterRejectsInvalidUtf8) {
  try {
    to_json(Json(std::string("ok\xff")));
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    EXPECT_NE(std::string(e.what()).find("not valid UTF-8 at byte 2"), std::string::npos) << e.what();
  }
}

TEST(IoJson, MalformedInputsReportByteOffsets) {
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"", "offset 0: expected a JSON value, found end of input"},
      {"   ", "offset 3: expected a JSON value, found end of input"},
      {R"({"a" 1})", "offset 5: expected ':' after object key, found '1'"},
      {R"({"key" : 1, "other" 2})", "offset 20: expected ':' after object key"},
      {R"({"a":1,})", "offset 7: expected '\"' to start an object key, found '}'"},
      {R"({a:1})", "offset 1: expected '\"' to start an object key, found 'a'"},
      {R"({"a":1)", "offset 6: expected ',' or '}' in object, found end of input"},
      {"[1,2,]", "offset 5: expected a JSON value, found ']'"},
      {"[1 2]", "offset 3: expected ',' or ']' in array, found '2'"},
      {"[", "offset 1: expected a JSON value, found end of input"},
      {"01", "offset 1: leading zeros are not allowed"},
      {"1.", "offset 2: expected a digit after the decimal point"},
      {"1e", "offset 2: expected a digit in the exponent"},
      {"-", "offset 1: expected a digit in number"},
      {"+1", "offset 0: expected a JSON value, found '+'"},
      {".5", "offset 0: expected a JSON value, found '.'"},
      {"NaN", "offset 0: expected a JSON value, found 'N'"},
      {"Infinity", "offset 0: expected a JSON value, found 'I'"},
      {"tru", "offset 0: expected 'true'"},
      {"nul", "offset 0: expected 'null'"},
      {"[1e400]", "offset 1: number 1e400 is out of range for a double"},
      {R"("abc)", "offset 4: expected '\"' to end the string, found end of input"},
      {"\"a\x01\"", "offset 2: control character byte 0x01 in string must be escaped"},
      {R"("\x")", "offset 2: invalid escape '\\x'"},
      {R"("\u12g4")", "offset 5: expected a hex digit in \\u escape, found 'g'"},
      {R"("\ud800")", "offset 1: high surrogate in \\u escape not followed by a low surrogate"},
      {R"("\udc00")", "offset 1: lone low surrogate"},
      {"\"\xff\"", "offset 1: invalid UTF-8 byte 0xff in string"},
      {"\"\xc0\xaf\"", "offset 1: invalid UTF-8"},      // overlong '/'
      {"\"\xed\xa0\x80\"", "offset 1: invalid UTF-8"},  // encoded surrogate
      {"\"\xe2\x82\"", "offset 1: invalid UTF-8"},      // truncated sequence
      {R"({"a":1,"b":2,"a":3})", "offset 13: duplicate object key \"a\""},
      {"true false", "offset 5: unexpected 'f' after the JSON value"},
      {"{} x", "offset 3: unexpected 'x' after the JSON value"},
      {"// comment\n1", "offset 0: expected a JSON value, found '/'"},
      {std::string("1\0", 2), "offset 1: unexpected byte 0x00 after the JSON value"},
  };
  for (const Case& c : cases) {
    std::string got = parse_error(c.text);
    EXPECT_NE(got.find(c.message), std::string::npos)
        << "input: " << c.text << "\n  got: " << got << "\n want: " << c.message;
  }
}

TEST(IoJson, TinyAndHugeNumbers) {
  EXPECT_EQ(parse_json("1e-400").as_number(), 0.0);  // underflow rounds to zero
  EXPECT_TRUE(std::signbit(parse_json("-1e-400").as_number()));
  EXPECT_EQ(parse_json("0.0000000000000000000000000000000000000000000000000000000000000000000000000000"
                       "00000000000000000000000000000000000000000000000000000000000000000000000000000"
                       "00000000000000000000000000000000000000000000000000000000000000000000000000000"
                       "00000000000000000000000000000000000000000000000000000000000000000000000000000"
                       "00000000000000000000000000000000000000000001")
                .as_number(),
            0.0);
  EXPECT_EQ(parse_json("4.9406564584124654e-324").as_number(), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(parse_json("1.7976931348623157e308").as_number(), std::numeric_limits<double>::max());
  EXPECT_NE(parse_error("1e99999999999999999999999").find("out of range"), std::string::npos);
  EXPECT_NE(parse_error("-2e308").find("offset 0: number -2e308 is out of range"), std::string::npos);
}

TEST(IoJson, DepthBombIsRejectedNotOverflowed) {
  // A million nested arrays would blow the stack of a naive recursive parser.
  EXPECT_NE(parse_error(std::string(1000000, '[')).find("offset 64: nesting deeper than 64 levels"),
            std::string::npos);
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  EXPECT_NE(parse_error(objects).find("nesting deeper than 64 levels"), std::string::npos);

  std::string ok = std::string(64, '[') + std::string(64, ']');
  EXPECT_NO_THROW(parse_json(ok));
  std::string too_deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_NE(parse_error(too_deep).find("nesting deeper"), std::string::npos);

  ll::io::JsonLimits shallow;
  shallow.max_depth = 2;
  EXPECT_NO_THROW(parse_json("[[1]]", shallow));
  EXPECT_THROW(parse_json("[[[1]]]", shallow), ll::Error);
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

TEST(IoJson, WrongTypeAccessThrows) {
  Json n(1.5);
  try {
    (void)n.as_string();
    FAIL() << "expected an error";
  } catch (const ll::Error& e) {
    EXPECT_STREQ(e.what(), "JSON: expected a string, found a number");
  }
  EXPECT_THROW((void)Json("x").as_number(), ll::Error);
  EXPECT_THROW((void)Json().as_array(), ll::Error);
  EXPECT_THROW(Json(1).set("a", 1), ll::Error);
  EXPECT_THROW(Json::object().push_back(1), ll::Error);
  EXPECT_EQ(Json(1).find("a"), nullptr);
  EXPECT_EQ(Json(1).size(), 0u);
}
