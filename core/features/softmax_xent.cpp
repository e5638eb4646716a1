#include "core/features/softmax_xent.h"

#include <algorithm>
#include <cmath>

namespace ll {

double softmax_xent(const float* logits, const int32_t* labels, int B, int C, float* dlogits) {
  double total = 0;
  const float inv_b = 1.0f / float(B);
  for (int i = 0; i < B; ++i) {
    const float* row = logits + size_t(i) * C;
    const float mx = *std::max_element(row, row + C);
    double sum = 0;
    for (int c = 0; c < C; ++c) sum += std::exp(double(row[c] - mx));
    const double log_z = double(mx) + std::log(sum);
    total += log_z - double(row[labels[i]]);
    if (dlogits) {
      float* d = dlogits + size_t(i) * C;
      for (int c = 0; c < C; ++c) d[c] = float(std::exp(double(row[c]) - log_z)) * inv_b;
      d[labels[i]] -= inv_b;
    }
  }
  return B ? total / B : 0.0;
}

void softmax_rows(const float* logits, int B, int C, float* probs) {
  for (int i = 0; i < B; ++i) {
    const float* row = logits + size_t(i) * C;
    float* out = probs + size_t(i) * C;
    const float mx = *std::max_element(row, row + C);
    double sum = 0;
    for (int c = 0; c < C; ++c) sum += std::exp(double(row[c] - mx));
    for (int c = 0; c < C; ++c) out[c] = float(std::exp(double(row[c] - mx)) / sum);
  }
}

}  // namespace ll
