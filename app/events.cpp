#include "app/events.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace app {

void Events::set_origin(int x, int y) {
  if (x == ox_ && y == oy_) return;
  ox_ = x;
  oy_ = y;
  for (const auto& [name, r] : regions_) print_region(name, r);
}

void Events::region(const std::string& name, ImVec2 min, ImVec2 max) {
  const Region r{int(std::lround(min.x)), int(std::lround(min.y)), int(std::lround(max.x)),
                 int(std::lround(max.y))};
  seen_[name] = true;
  auto it = regions_.find(name);
  if (it != regions_.end() && it->second == r) return;
  regions_[name] = r;
  print_region(name, r);
}

void Events::end_frame() {
  for (auto it = regions_.begin(); it != regions_.end();) {
    if (!seen_[it->first]) {
      seen_.erase(it->first);
      it = regions_.erase(it);
    } else {
      seen_[it->first] = false;
      ++it;
    }
  }
}

void Events::print_region(const std::string& name, const Region& r) const {
  if (print_) std::printf("LAYOUT %s %d %d %d %d\n", name.c_str(), r.x0 + ox_, r.y0 + oy_, r.x1 + ox_, r.y1 + oy_);
}

void Events::say(const char* fmt, ...) const {
  if (!print_) return;
  va_list args;
  va_start(args, fmt);
  std::vprintf(fmt, args);
  va_end(args);
  std::putchar('\n');
}

}  // namespace app
