#include "app/map/points_layer.h"

#include <algorithm>
#include <cmath>

#include "app/codes.h"
#include "app/widgets/palette.h"

namespace app {

void PointsLayer::draw(ImDrawList* dl, const ll::Snapshot& s, size_t arm, const ll::LatentPlane& plane,
                       uint64_t plane_id, const std::vector<float>& xy, int highlight_class, bool ellipses,
                       const Selection& selection, const Xform& xf) {
  splat(s, arm, plane, plane_id, xy, highlight_class, ellipses, selection, xf);
  points_.draw(dl, xf.c0);
}

void PointsLayer::splat(const ll::Snapshot& s, size_t arm, const ll::LatentPlane& plane, uint64_t plane_id,
                        const std::vector<float>& xy, int highlight_class, bool ellipses, const Selection& selection,
                        const Xform& xf) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const Key key{A.codes_mu.data(), A.codes_mu.size(), s.data.get(), selection.version(), xf.cx, xf.cy, xf.scale, xf.side,
                plane_id, highlight_class, ellipses};
  if (key == key_ && points_.texture().valid()) return;
  key_ = key;
  const bool vae = A.arm.kind == ll::ModelKind::Vae;
  const int L = s.config.model.latent;
  const size_t n = xy.size() / 2;
  const float* lv = nullptr;
  if (vae && ellipses && A.codes_logvar.size() >= n * size_t(L)) {
    plane.project_logvar(A.codes_logvar.data(), n, logvar_xy_);
    lv = logvar_xy_.data();
  }
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
      const ImVec2 p = local(xy[2 * i], xy[2 * i + 1]);
      points_.ring(p.x, p.y, std::exp(0.5f * lv[2 * i]) * xf.scale, std::exp(0.5f * lv[2 * i + 1]) * xf.scale,
                   widgets::class_color(cls, dim ? 20 : 90));
    }
  // A dot is dimmed when it is outside the selection or of another class than the one
  // highlighted: dimmed dots first, so the others lie on top.
  auto dimmed = [&](size_t i, int cls) {
    return (highlight_class >= 0 && cls != highlight_class) ||
           (!selection.empty() && !selection.contains(s.code_index[i]));
  };
  for (int pass = 0; pass < 2; ++pass)
    for (size_t i = 0; i < n; ++i) {
      const int cls = class_of(s, int(i));
      const bool dim = dimmed(i, cls);
      if (dim != (pass == 0)) continue;
      const ImVec2 p = local(xy[2 * i], xy[2 * i + 1]);
      points_.dot(p.x, p.y, dim && !selection.empty() ? IM_COL32(135, 135, 140, 90) : widgets::class_color(cls, dim ? 60 : 235),
                  dim ? 2 : 3);
    }
  points_.upload();
}

}  // namespace app
