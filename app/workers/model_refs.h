#pragma once
// Which models a view or a worker last used, remembered without keeping them alive. Holding
// the shared_ptr for the comparison pinned a 2.5 MB copy of the weights per model for as long
// as the next submission took (seconds while training); a weak_ptr lets the weights go with
// the last job that reads them, and its control block keeps the address from being handed to
// a newer copy, so "the same model" stays exact.
#include <memory>
#include <vector>

#include "core/vae/model.h"

namespace app {

using ModelRef = std::weak_ptr<const ll::Model>;

// Whether `seen` refers to `now` (both empty counts as the same).
inline bool same_model(const ModelRef& seen, const std::shared_ptr<const ll::Model>& now) {
  return seen.lock() == now;
}

inline bool same_models(const std::vector<ModelRef>& seen, const std::vector<std::shared_ptr<const ll::Model>>& now) {
  if (seen.size() != now.size()) return false;
  for (size_t i = 0; i < now.size(); ++i)
    if (!same_model(seen[i], now[i])) return false;
  return true;
}

inline std::vector<ModelRef> refs_of(const std::vector<std::shared_ptr<const ll::Model>>& models) {
  return {models.begin(), models.end()};
}

}  // namespace app
