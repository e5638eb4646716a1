#include "app/state/slice.h"

#include <algorithm>

#include "core/latent/view.h"

namespace app {

void Slice::sync(const ll::Snapshot& s) {
  const int L = s.config.model.latent;
  const int n = int(s.code_index.size());
  if (auto_dims && L > 2 && !s.arms.empty()) {
    // The first VAE's KL per dimension says which dimensions carry information; an AE has
    // no KL, so its codes' spread stands in.
    const ll::ArmSnapshot* vae = nullptr;
    for (const ll::ArmSnapshot& a : s.arms)
      if (a.arm.kind == ll::ModelKind::Vae && !vae) vae = &a;
    std::vector<double> score;
    if (vae && vae->kl_per_dim.size() == size_t(L))
      score = vae->kl_per_dim;
    else if (s.arms[0].codes_mu.size() >= s.code_index.size() * size_t(L))
      score = ll::code_variance(s.arms[0].codes_mu.data(), s.code_index.size(), L);
    if (score.size() == size_t(L)) {
      const std::array<int, 2> d = ll::top_two_dims(score);
      // Switch only for a clearly better pair: two dimensions with nearly equal KL would
      // otherwise swap places with every refresh and the map would jump.
      const bool valid = dims[0] >= 0 && dims[0] < L && dims[1] >= 0 && dims[1] < L && dims[0] != dims[1];
      const double now = valid ? score[dims[0]] + score[dims[1]] : -1;
      if (!valid || score[d[0]] + score[d[1]] > 1.15 * now + 1e-9) {
        // A stable order (lower dimension on x) so the picture does not mirror on a swap.
        dims[0] = std::min(d[0], d[1]);
        dims[1] = std::max(d[0], d[1]);
      }
    }
  }
  if (L <= 2) {
    dims[0] = 0;
    dims[1] = L > 1 ? 1 : 0;
  }
  dims[0] = std::clamp(dims[0], 0, L - 1);
  dims[1] = std::clamp(dims[1], 0, L - 1);
  base_image = std::clamp(base_image, 0, std::max(0, n - 1));
}

}  // namespace app
