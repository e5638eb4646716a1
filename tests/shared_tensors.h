#pragma once
// Whether two models (an AE and a VAE, say) hold the same values in every tensor the first
// has: the same name, shape and floats. Compare mode promises that both start this way.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/vae/model.h"

namespace ll::testing {

inline ::testing::AssertionResult same_shared_tensors(const Model& a, const Model& b) {
  const auto tb = b.tensors();
  for (const ParamTensor& t : a.tensors()) {
    auto it = std::find_if(tb.begin(), tb.end(), [&](const ParamTensor& u) { return u.name == t.name; });
    if (it == tb.end()) return ::testing::AssertionFailure() << t.name << " missing";
    if (it->shape != t.shape) return ::testing::AssertionFailure() << t.name << " has another shape";
    if (!std::equal(a.params().begin() + t.offset, a.params().begin() + t.offset + t.count,
                    b.params().begin() + it->offset))
      return ::testing::AssertionFailure() << t.name << " differs";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace ll::testing
