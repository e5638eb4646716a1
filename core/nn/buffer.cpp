#include "core/nn/buffer.h"

#include <algorithm>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace ll {

namespace {
constexpr std::size_t kHugePage = std::size_t(2) << 20;

// The alignment a buffer of this size gets: a 2 MiB boundary lets its first 2 MiB be one
// huge page (the kernel maps huge pages only at such boundaries). The cost is address space
// (the padding is never touched), not memory.
std::size_t alignment_for(std::size_t bytes, std::size_t align) {
  return bytes >= kHugePage ? std::max(align, kHugePage) : align;
}
}  // namespace

void* allocate_aligned(std::size_t bytes, std::size_t align) {
  const std::size_t a = alignment_for(bytes, align);
  void* p = ::operator new(bytes, std::align_val_t(a));
#ifdef __linux__
  // Only whole 2 MiB pages inside the buffer: advising the tail would let the kernel map a
  // huge page that reaches past it, memory nothing uses.
  if (a == kHugePage) madvise(p, bytes / kHugePage * kHugePage, MADV_HUGEPAGE);  // a hint: errors ignored
#endif
  return p;
}

void free_aligned(void* p, std::size_t bytes, std::size_t align) noexcept {
  ::operator delete(p, std::align_val_t(alignment_for(bytes, align)));
}

}  // namespace ll
