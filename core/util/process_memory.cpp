#include "core/util/process_memory.h"

#include <sys/resource.h>

namespace ll {

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;  // Linux reports kB
}

}  // namespace ll
