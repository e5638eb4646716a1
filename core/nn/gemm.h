#pragma once
// The one matrix product every dense layer uses, on row-major buffers. It goes through
// OpenBLAS when the build has it (LATENTLAB_OPENBLAS, the default), whose sgemm beats Eigen's
// own product at this model's shapes (docs/performance.md), and through Eigen otherwise.
// Large products with a row-major B go to tile_gemm instead where
// it is enabled (tile_gemm.h). `latentlab-cli bench` measures its ceiling through this call.

#include <vector>

namespace ll {

// Who computes a product: tile_gemm where it is enabled and the shape suits it, else the
// library (Auto); or the library whatever the shape (for the benchmark's ceiling).
enum class GemmRoute { Auto, LibraryOnly };

// A: (M, K), or stored (K, M) when trans_a;  B: (K, N), or stored (N, K) when trans_b
// -> C: (M, N) = op(A) · op(B) + beta · C.  beta is 0 (C overwritten, never read) or 1.
void gemm(bool trans_a, bool trans_b, int M, int N, int K, const float* A, const float* B,
          float beta, float* C, GemmRoute route = GemmRoute::Auto);

// The threads each product may use: a budget of the thread that runs the products, set by
// the caller for a scope, never process-wide (the trainer, the UI's cursor decode and the view
// workers all call gemm() at once, each with its own needs). 1 on every thread until a scope
// on it says otherwise. With OpenBLAS a large product is cut into slices of C, one per thread,
// each a single-threaded library call (the libraries' own threading is off: it spins). Slices
// are cut only where that was checked to give the whole product's bits (gemm_slicing), so the
// numbers do not depend on the count. Without OpenBLAS products stay on one thread. The side
// threads that take the slices are shared by every caller and claimed per product.
class GemmThreads {
 public:
  explicit GemmThreads(int n);  // n < 1 counts as 1; starts the side threads n needs
  ~GemmThreads();               // gives the thread back the budget it had before
  GemmThreads(const GemmThreads&) = delete;
  GemmThreads& operator=(const GemmThreads&) = delete;

  // A new budget for the rest of the scope (the trainer's chooser changes it between steps).
  void set(int n);
  // The calling thread's budget.
  static int current();

 private:
  int previous_;
};

// How a product of this shape is cut with `threads` threads: a cut is only used where it was
// checked to give the whole product's bits on this machine's kernel (found on first use of
// the shape, then remembered), and only for products large enough to be worth a hand-off.
// For the benchmark's report and tests.
struct GemmSlicing {
  bool large = false;   // big enough to be cut at all
  int parts = 1;        // slices it is cut into; 1: whole, on the calling thread
  bool split_rows = false;  // rows of C, else columns
  int grain = 0;        // slice edges are multiples of this
};
GemmSlicing gemm_slicing(bool trans_a, bool trans_b, int M, int N, int K, int threads);

// The shape of one gemm() call.
struct GemmShape {
  bool trans_a, trans_b;
  int M, N, K;
};
// While a list is given, every gemm() this thread runs appends its shape to it (null stops):
// how the benchmark learns which products a training step really runs.
void record_gemm_shapes(std::vector<GemmShape>* shapes);

// Whether gemm() (GemmRoute::Auto) sends a product of this shape to tile_gemm; else to the
// library. For the benchmark's report of which products still go to the library.
bool gemm_uses_tile(bool trans_a, bool trans_b, int M, int N, int K);

// "OpenBLAS 0.3.21 (Cooperlake)" or "Eigen 3.4.0": what the benchmark reports.
const char* gemm_library();

}  // namespace ll
