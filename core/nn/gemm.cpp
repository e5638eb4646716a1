#include "core/nn/gemm.h"

#include <Eigen/Core>
#include <string>

#include "core/nn/eigen_maps.h"

#ifdef LATENTLAB_OPENBLAS
#include <cblas.h>
#endif

namespace ll {

void gemm(bool trans_a, bool trans_b, int M, int N, int K, const float* A, const float* B,
          float beta, float* C) {
#ifdef LATENTLAB_OPENBLAS
  // beta = 0 lets sgemm write C without reading it: no zeroing pass (Eigen's `=` has one).
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, M, N, K, 1.f, A, trans_a ? M : K, B,
              trans_b ? K : N, beta, C, N);
#else
  MatMap c(C, M, N);
  const ConstMatMap a(A, trans_a ? K : M, trans_a ? M : K);
  const ConstMatMap b(B, trans_b ? N : K, trans_b ? K : N);
  auto product = [&](const auto& x, const auto& y) {
    if (beta == 0.f)
      c.noalias() = x * y;
    else
      c.noalias() += x * y;
  };
  if (trans_a && trans_b) product(a.transpose(), b.transpose());
  else if (trans_a) product(a.transpose(), b);
  else if (trans_b) product(a, b.transpose());
  else product(a, b);
#endif
}

namespace {
// One thread until someone asks for more (the trainer does, from TrainConfig::threads): both
// libraries otherwise default to every core, so a UI thread's decode would compete with the
// trainer, and spinning helper threads are slow on a loaded machine.
const bool kSingleThreadedByDefault = [] {
  set_gemm_threads(1);
  return true;
}();
}  // namespace

void set_gemm_threads(int n) {
  Eigen::setNbThreads(n);
#ifdef LATENTLAB_OPENBLAS
  openblas_set_num_threads(n);
#endif
}

const char* gemm_library() {
#ifdef LATENTLAB_OPENBLAS
  static const std::string name = [] {
    // openblas_get_config(): "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64"
    return std::string(openblas_get_config()) + " (core " + openblas_get_corename() + ")";
  }();
  return name.c_str();
#else
  static const std::string name = "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
                                  std::to_string(EIGEN_MAJOR_VERSION) + "." +
                                  std::to_string(EIGEN_MINOR_VERSION);
  return name.c_str();
#endif
}

}  // namespace ll
