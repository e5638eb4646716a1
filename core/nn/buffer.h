#pragma once
// The float buffer every model, gradient, optimizer and activation lives in: 64-byte aligned.
// Alignment is about determinism as much as speed: Eigen's kernels peel unaligned heads off
// differently depending on where malloc happened to put a buffer, which reorders float sums
// and makes two runs with the same seed differ in the last bit. A fixed base alignment (and
// offsets fixed by the layout) makes every run take the same path.
#include <cstddef>
#include <new>
#include <vector>

namespace ll {

template <class T, std::size_t Align = 64>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() noexcept = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U, Align>&) noexcept {}
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(Align)));
  }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t(Align)); }
  template <class U>
  struct rebind {
    using other = AlignedAllocator<U, Align>;
  };
  friend bool operator==(const AlignedAllocator&, const AlignedAllocator&) { return true; }
};

using FloatBuffer = std::vector<float, AlignedAllocator<float>>;

}  // namespace ll
