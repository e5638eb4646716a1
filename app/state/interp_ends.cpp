#include "app/state/interp_ends.h"

#include <algorithm>

#include "app/codes.h"

namespace app {

void InterpEnds::sync(const ll::Snapshot& s) {
  const int last = std::max(0, int(s.code_index.size()) - 1);
  a.image = std::clamp(a.image, 0, last);
  b.image = std::clamp(b.image, 0, last);
  steps = std::clamp(steps, 2, 32);
}

void end_point(const MapPlane& plane, const ll::Snapshot& s, size_t arm, const Endpoint& e, std::vector<float>& z) {
  if (e.is_image) {
    if (const float* c = code_of(s, arm, e.image)) {
      z.assign(c, c + s.config.model.latent);
      return;
    }
  }
  plane.point(arm, e.x, e.y, z);
}

}  // namespace app
