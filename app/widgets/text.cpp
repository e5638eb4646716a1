#include "app/widgets/text.h"

namespace app::widgets {

std::string dim_name(int d) {
  const std::string digits = std::to_string(d + 1);
  std::string out = "z";
  // U+2080..U+2089 SUBSCRIPT ZERO..NINE are E2 82 80..89 in UTF-8.
  for (char c : digits) out += std::string{char(0xE2), char(0x82), char(0x80 + (c - '0'))};
  return out;
}

std::string thousands(long long v) {
  std::string s = std::to_string(v < 0 ? -v : v);
  for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(size_t(i), ",");
  return v < 0 ? "-" + s : s;
}

}  // namespace app::widgets
