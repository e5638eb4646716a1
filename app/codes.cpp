#include "app/codes.h"

namespace app {

const float* code_of(const ll::Snapshot& s, size_t arm, int i) {
  if (arm >= s.arms.size() || i < 0) return nullptr;
  const ll::ArmSnapshot& a = s.arms[arm];
  const size_t L = size_t(s.config.model.latent);
  if ((size_t(i) + 1) * L > a.codes_mu.size()) return nullptr;
  return a.codes_mu.data() + size_t(i) * L;
}

int class_of(const ll::Snapshot& s, int code_i) {
  if (!s.data || code_i < 0 || size_t(code_i) >= s.code_index.size()) return -1;
  const ll::Split& test = s.data->test.count ? s.data->test : s.data->train;
  const uint32_t k = s.code_index[code_i];
  return k < test.labels.size() ? test.labels[k] : -1;
}

}  // namespace app
