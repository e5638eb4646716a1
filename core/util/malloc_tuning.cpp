#include "core/util/malloc_tuning.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace ll {

void tune_malloc(int max_arenas) {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  if (max_arenas > 0) mallopt(M_ARENA_MAX, max_arenas);
#else
  (void)max_arenas;
#endif
}

}  // namespace ll
