#include "app/map/points_layer.h"

#include <algorithm>
#include <cmath>

#include "app/codes.h"
#include "app/widgets/palette.h"

namespace app {

void PointsLayer::draw(ImDrawList* dl, const ll::Snapshot& s, size_t arm, int d0, int d1, int highlight_class,
                       bool ellipses, const Xform& xf) {
  splat(s, arm, d0, d1, highlight_class, ellipses, xf);
  points_.draw(dl, xf.c0);
}

void PointsLayer::splat(const ll::Snapshot& s, size_t arm, int d0, int d1, int highlight_class, bool ellipses,
                        const Xform& xf) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const Key key{A.codes_mu.data(), A.codes_mu.size(), s.data.get(), xf.cx, xf.cy, xf.scale, xf.side,
                d0, d1, highlight_class, ellipses};
  if (key == key_ && points_.texture().valid()) return;
  key_ = key;
  const bool vae = A.arm.kind == ll::ModelKind::Vae;
  const int L = s.config.model.latent;
  const size_t n = std::min(s.code_index.size(), A.codes_mu.size() / size_t(L));
  const float* mu = A.codes_mu.data();
  const float* lv = A.codes_logvar.size() >= n * size_t(L) ? A.codes_logvar.data() : nullptr;
  const int side = int(std::ceil(xf.side));
  points_.begin(side, side);
  auto local = [&](float x, float y) {
    const ImVec2 p = xf.to_screen(x, y);
    return ImVec2(p.x - xf.c0.x, p.y - xf.c0.y);
  };
  if (vae && ellipses && lv)
    for (size_t i = 0; i < n; ++i) {
      const int cls = class_of(s, int(i));
      const bool dim = highlight_class >= 0 && cls != highlight_class;
      const ImVec2 p = local(mu[i * L + d0], mu[i * L + d1]);
      points_.ring(p.x, p.y, std::exp(0.5f * lv[i * L + d0]) * xf.scale, std::exp(0.5f * lv[i * L + d1]) * xf.scale,
                   widgets::class_color(cls, dim ? 20 : 90));
    }
  // Dimmed classes first, so the highlighted one lies on top.
  for (int pass = 0; pass < 2; ++pass)
    for (size_t i = 0; i < n; ++i) {
      const int cls = class_of(s, int(i));
      const bool dim = highlight_class >= 0 && cls != highlight_class;
      if (dim != (pass == 0)) continue;
      const ImVec2 p = local(mu[i * L + d0], mu[i * L + d1]);
      points_.dot(p.x, p.y, widgets::class_color(cls, dim ? 60 : 235), dim ? 2 : 3);
    }
  points_.upload();
}

}  // namespace app
