#include "core/io/number_format.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace ll::io {

std::string format_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  char buf[64];
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
