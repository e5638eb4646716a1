#include "core/nn/buffer.h"

#include <algorithm>
#include <cstdint>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
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

#ifdef __linux__
std::size_t page_bytes(std::size_t bytes) {
  static const std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
  return (bytes + page - 1) / page * page;
}

// Buffers of 2 MiB and more are mapped from the kernel and unmapped on free. Through malloc
// they were carved from the arenas' heaps (glibc's mmap threshold only applies when a heap must
// grow), and freed ones stayed resident there: the explorer copies both models ten times a
// second for its snapshots, and its RSS grew with the holes those copies left.
void* map_aligned(std::size_t bytes) {
  const std::size_t len = page_bytes(bytes);
  void* raw = mmap(nullptr, len + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t at = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (at > start) munmap(raw, at - start);
  if (const std::size_t tail = start + len + kHugePage - (at + len)) munmap(reinterpret_cast<void*>(at + len), tail);
  return reinterpret_cast<void*>(at);
}
#endif
}  // namespace

void* allocate_aligned(std::size_t bytes, std::size_t align) {
  const std::size_t a = alignment_for(bytes, align);
#ifdef __linux__
  if (a == kHugePage) {
    void* p = map_aligned(bytes);
    // Only whole 2 MiB pages inside the buffer: advising the tail would let the kernel map a
    // huge page that reaches past it, memory nothing uses.
    madvise(p, bytes / kHugePage * kHugePage, MADV_HUGEPAGE);  // a hint: errors ignored
    return p;
  }
#endif
  return ::operator new(bytes, std::align_val_t(a));
}

void free_aligned(void* p, std::size_t bytes, std::size_t align) noexcept {
  const std::size_t a = alignment_for(bytes, align);
#ifdef __linux__
  if (a == kHugePage) {
    munmap(p, page_bytes(bytes));
    return;
  }
#endif
  ::operator delete(p, std::align_val_t(a));
}

}  // namespace ll
