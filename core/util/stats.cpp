#include "core/util/stats.h"

#include <algorithm>
#include <cmath>

namespace ll {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  if (v.size() % 2) return v[mid];
  const double upper = v[mid];
  const double lower = *std::max_element(v.begin(), v.begin() + mid);
  return 0.5 * (lower + upper);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  const double q = std::clamp(p, 0.0, 100.0) / 100.0;
  const size_t k = std::min(v.size() - 1, size_t(std::llround(q * double(v.size() - 1))));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

}  // namespace ll
