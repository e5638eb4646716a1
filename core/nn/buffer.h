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

// Buffers of at least 2 MiB start on a 2 MiB boundary and ask the kernel for transparent huge
// pages (madvise; Linux's default THP mode is "madvise", so nothing gets them unasked). A
// training step streams ~15 MB of weights, gradients and Adam moments through the packing of
// the matrix products and the Adam pass: with 4 KiB pages that is ~3,800 pages, more than the
// second-level TLB holds, so every step pays page walks (measured faster steps with huge
// pages, see docs/performance.md).
void* allocate_aligned(std::size_t bytes, std::size_t align);
void free_aligned(void* p, std::size_t bytes, std::size_t align) noexcept;

template <class T, std::size_t Align = 64>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() noexcept = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U, Align>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(allocate_aligned(n * sizeof(T), Align)); }
  void deallocate(T* p, std::size_t n) noexcept { free_aligned(p, n * sizeof(T), Align); }
  template <class U>
  struct rebind {
    using other = AlignedAllocator<U, Align>;
  };
  friend bool operator==(const AlignedAllocator&, const AlignedAllocator&) { return true; }
};

using FloatBuffer = std::vector<float, AlignedAllocator<float>>;
// The datasets' pixels: each training batch gathers 128 images from random places in ~47 MB.
using ByteBuffer = std::vector<unsigned char, AlignedAllocator<unsigned char>>;

}  // namespace ll
