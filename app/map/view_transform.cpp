#include "app/map/view_transform.h"

#include <algorithm>
#include <cmath>

#include "core/latent/view.h"

namespace app {

void MapCamera::follow(const ll::Snapshot& s, size_t arm, const MapPlane& plane, float side) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const std::vector<float>& xy = plane.xy(arm);
  const size_t n = xy.size() / 2;
  if (!auto_fit_ && have_view_) {
    animating_ = false;
    return;
  }
  ll::LatentBox box = n ? ll::quantile_box(xy.data(), n, 2, 0, 1, 0.005, 0.08) : ll::LatentBox{-3, 3, -3, 3};
  // The VAE's codes are meant to fill the prior: keep its 2σ disc in view.
  if (A.arm.kind == ll::ModelKind::Vae) {
    float px, py;
    plane.of(arm).prior_center(px, py);
    box = ll::union_box(box, ll::LatentBox{px - 2.5f, px + 2.5f, py - 2.5f, py + 2.5f});
  }
  const float tcx = (box.x0 + box.x1) / 2, tcy = (box.y0 + box.y1) / 2;
  const float tscale = side / std::max(box.width(), box.height());
  if (!have_view_) {
    cx_ = tcx, cy_ = tcy, scale_ = tscale;
    have_view_ = true;
    return;
  }
  // Hysteresis: while the codes stay inside the view and fill at least half of it, the view
  // keeps still (a map that breathes with every refresh is hard to read, and each move
  // costs a manifold decode). Otherwise it glides to the fitted box.
  if (!animating_) {
    const float half = side / (2 * scale_);
    const bool inside = box.x0 >= cx_ - half && box.x1 <= cx_ + half && box.y0 >= cy_ - half && box.y1 <= cy_ + half;
    const bool filled = std::max(box.width(), box.height()) >= 1.0f * half;
    if (inside && filled) return;
  }
  // Glide rather than jump when a views refresh moves the cloud.
  constexpr float k = 0.4f;
  // Within a pixel of the target: stop asking for frames.
  animating_ = std::abs(tcx - cx_) * scale_ > 1.f || std::abs(tcy - cy_) * scale_ > 1.f ||
               std::abs(tscale / scale_ - 1.f) * side > 1.f;
  cx_ += (tcx - cx_) * k;
  cy_ += (tcy - cy_) * k;
  scale_ = std::exp(std::log(scale_) + (std::log(tscale) - std::log(scale_)) * k);
}

void MapCamera::zoom(const Xform& xf, ImVec2 m, float wheel) {
  const float x = xf.to_x(m.x), y = xf.to_y(m.y);
  scale_ = std::clamp(scale_ * std::pow(1.2f, wheel), 1e-3f, 1e6f);
  cx_ = x - (m.x - xf.c0.x - xf.side / 2) / scale_;
  cy_ = y + (m.y - xf.c0.y - xf.side / 2) / scale_;
  auto_fit_ = false;
}

void MapCamera::pan(ImVec2 delta_px) {
  cx_ -= delta_px.x / scale_;
  cy_ += delta_px.y / scale_;
  auto_fit_ = false;
}

}  // namespace app
