#include "app/map/posterior_curves.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/widgets/colormap.h"

namespace app {
namespace {

constexpr ImU32 kP = IM_COL32(255, 255, 255, 240);
constexpr ImU32 kQ = IM_COL32(90, 170, 255, 255);
constexpr ImU32 kQStar = IM_COL32(255, 90, 210, 240);

// Screen x = x0 + px_per_z·z, screen y = base − px_per_density·density.
struct CurveAxes {
  float x0, px_per_z, base, px_per_density;
  float sx(double z) const { return float(x0 + px_per_z * z); }
  float sy(double p) const { return float(base - px_per_density * p); }
};

double gauss_density(const ll::DiagGaussian& q, double z) {
  const double s = q.sigma(0), u = (z - q.mu[0]) / s;
  return std::exp(-0.5 * u * u) / (s * 2.5066282746310002);
}

// The largest density any of the three curves reaches: the height they share.
double tallest(const PosteriorWorker::Result& r) {
  double top = r.curve.peak;
  top = std::max(top, gauss_density(r.readout.q, r.readout.q.mu[0]));
  if (r.readout.q_star_improved) top = std::max(top, gauss_density(r.readout.q_star, r.readout.q_star.mu[0]));
  return top;
}

// The axes of the map's own band: its horizontal z, the baseline 3 px above the bottom edge,
// the tallest curve 30% of the canvas high.
CurveAxes map_axes(const Xform& xf, const PosteriorWorker::Result& r) {
  const float x0 = xf.to_screen(0, 0).x;
  return CurveAxes{x0, xf.scale, xf.c0.y + xf.side - 3, float(0.3 * xf.side / tallest(r))};
}

void fill(ImDrawList* dl, const CurveAxes& a, const ll::DensityCurve& c) {
  // One quad per segment (ImGui fills convex shapes only), coloured by its mean density.
  for (size_t i = 0; i + 1 < c.z.size(); ++i) {
    const float t = float(0.5 * (c.density[i] + c.density[i + 1]) / c.peak);
    const auto col = widgets::colormap(widgets::ColorMap::Viridis, t);
    const ImU32 u = IM_COL32(col[0], col[1], col[2], int(std::lround(220 * std::min(1.f, 0.3f + 3 * t))));
    const float xa = a.sx(c.z[i]), xb = a.sx(c.z[i + 1]);
    dl->AddQuadFilled(ImVec2(xa, a.base), ImVec2(xa, a.sy(c.density[i])), ImVec2(xb, a.sy(c.density[i + 1])),
                      ImVec2(xb, a.base), u);
  }
}

void outline(ImDrawList* dl, const CurveAxes& a, const ll::DensityCurve& c) {
  std::vector<ImVec2> pts;
  pts.reserve(c.z.size());
  for (size_t i = 0; i < c.z.size(); ++i) pts.emplace_back(a.sx(c.z[i]), a.sy(c.density[i]));
  dl->AddPolyline(pts.data(), int(pts.size()), kP, 0, 1.6f);
}

void gauss_curve(ImDrawList* dl, const CurveAxes& a, const ll::DiagGaussian& q, ImU32 col, float width) {
  ImVec2 pts[97];
  const double s = q.sigma(0);
  for (int k = 0; k <= 96; ++k) {
    const double z = q.mu[0] + s * (-4 + 8 * k / 96.0);
    pts[k] = ImVec2(a.sx(z), a.sy(gauss_density(q, z)));
  }
  dl->AddPolyline(pts, 97, col, 0, width);
}

// The 95% intervals thin, the 68% ones thick, on the baseline.
void bars(ImDrawList* dl, const CurveAxes& a, const PosteriorWorker::Result& r) {
  for (int k = 1; k >= 0; --k)
    for (const ll::Interval& in : r.intervals[k])
      dl->AddLine(ImVec2(a.sx(in.lo), a.base), ImVec2(std::max(a.sx(in.hi), a.sx(in.lo) + 1), a.base),
                  IM_COL32(255, 255, 255, k ? 200 : 255), k ? 2.f : 5.f);
}

void all_curves(ImDrawList* dl, const CurveAxes& a, const PosteriorWorker::Result& r) {
  outline(dl, a, r.curve);
  gauss_curve(dl, a, r.readout.q, kQ, 2.f);
  if (r.readout.q_star_improved) gauss_curve(dl, a, r.readout.q_star, kQStar, 1.6f);
  bars(dl, a, r);
}

// The z range the inset shows: the posterior's and both Gaussians' ±3.5σ.
void inset_range(const PosteriorWorker::Result& r, double& lo, double& hi) {
  lo = r.curve.lo, hi = r.curve.hi;
  for (const ll::DiagGaussian* q : {&r.readout.q, &r.readout.q_star}) {
    lo = std::min(lo, q->mu[0] - 3.5 * q->sigma(0));
    hi = std::max(hi, q->mu[0] + 3.5 * q->sigma(0));
  }
}

void inset(ImDrawList* dl, const Xform& xf, const PosteriorWorker::Result& r) {
  double lo, hi;
  inset_range(r, lo, hi);
  if (!(hi > lo) || (hi - lo) * xf.scale >= 60.f) return;
  const float lh = ImGui::GetTextLineHeight();
  // Top left: the diagonal, where every code lies, never passes there.
  const float w = std::min(220.f, xf.side * 0.5f), h = std::min(160.f, xf.side * 0.4f);
  const ImVec2 i0(xf.c0.x + 6, xf.c0.y + 6), i1(i0.x + w, i0.y + h);
  const float px = (w - 12) / float(hi - lo);
  const float base = i1.y - lh - 6;
  const CurveAxes a{float(i0.x + 6 - px * lo), px, base, float(0.75 * (base - i0.y - lh - 4) / tallest(r))};
  dl->AddRectFilled(i0, i1, IM_COL32(15, 15, 20, 235), 3.f);
  dl->PushClipRect(i0, i1, true);
  fill(dl, a, r.curve);
  all_curves(dl, a, r);
  dl->PopClipRect();
  dl->AddRect(i0, i1, IM_COL32(200, 200, 205, 200), 3.f);
  char label[48];
  const ImU32 text = IM_COL32(225, 225, 225, 230);
  std::snprintf(label, sizeof label, "p(z|x), %.0fx", px / xf.scale);
  dl->AddText(ImVec2(i0.x + 4, i0.y + 2), text, label);
  // The z range at its two ends, so the magnified axis can be read.
  std::snprintf(label, sizeof label, "%.2f", std::fabs(lo) < 0.005 ? 0.0 : lo);
  dl->AddText(ImVec2(i0.x + 4, base + 3), text, label);
  std::snprintf(label, sizeof label, "%.2f", std::fabs(hi) < 0.005 ? 0.0 : hi);
  dl->AddText(ImVec2(i1.x - 4 - ImGui::CalcTextSize(label).x, base + 3), text, label);
  // Where the magnified range is: on the diagonal, where the codes of that z lie.
  dl->AddRect(xf.to_screen(float(lo), float(hi)), xf.to_screen(float(hi), float(lo)), IM_COL32(255, 255, 255, 160));
}

}  // namespace

void draw_posterior_fill_1d(ImDrawList* dl, const Xform& xf, const PosteriorWorker::Result& r) {
  if (r.curve.z.size() < 2) return;
  fill(dl, map_axes(xf, r), r.curve);
}

void draw_posterior_marks_1d(ImDrawList* dl, const Xform& xf, const PosteriorWorker::Result& r) {
  if (r.curve.z.size() < 2) return;
  all_curves(dl, map_axes(xf, r), r);
  // The intervals again on the diagonal, over the codes they hold, with a dark edge so they
  // stand out from the dots.
  for (int k = 1; k >= 0; --k)
    for (const ll::Interval& in : r.intervals[k]) {
      const ImVec2 a = xf.to_screen(float(in.lo), float(in.lo)), b = xf.to_screen(float(in.hi), float(in.hi));
      dl->AddLine(a, b, IM_COL32(0, 0, 0, 200), k ? 4.f : 7.f);
      dl->AddLine(a, b, IM_COL32(255, 255, 255, k ? 200 : 255), k ? 2.f : 4.f);
    }
  inset(dl, xf, r);
}

}  // namespace app
