#include "app/map/posterior_layer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/widgets/colormap.h"
#include "app/widgets/palette.h"

namespace app {
namespace {

// The image in focus as pixels in [0, 1], and its name for the event; false: no image.
bool focus_image(const ll::Snapshot& s, const Focus& f, const ll::Canvas* canvas, std::string& source,
                 std::vector<float>& x) {
  if (f.source == Focus::Source::Canvas) {
    if (!canvas) return false;
    source = "draw";
    x = canvas->pixels();
    return true;
  }
  if (!f.end.is_image || !s.data || f.end.image < 0 || size_t(f.end.image) >= s.code_index.size()) return false;
  const ll::Split& test = s.data->test.count ? s.data->test : s.data->train;
  const size_t row = s.code_index[size_t(f.end.image)];
  if (row >= test.count) return false;
  source = (f.source == Focus::Source::HoveredDot ? "hover:" : "pinned:") + std::to_string(f.end.image);
  const size_t D = s.data->image_size();
  const uint8_t* px = test.pixels.data() + row * D;
  x.resize(D);
  for (size_t i = 0; i < D; ++i) x[i] = float(px[i]) / 255.f;
  return true;
}

// A 2-D diagonal Gaussian's region holding `mass` is the ellipse of Mahalanobis radius
// sqrt(−2 ln(1 − mass)).
void gauss_ellipse(ImDrawList* dl, const Xform& xf, const ll::DiagGaussian& q, double mass, ImU32 col, float width) {
  const double r = std::sqrt(-2 * std::log(1 - mass));
  const ImVec2 c = xf.to_screen(float(q.mu[0]), float(q.mu[1]));
  const float rx = float(r * q.sigma(0)) * xf.scale, ry = float(r * q.sigma(1)) * xf.scale;
  ImVec2 pts[48];
  for (int k = 0; k < 48; ++k) {
    const float t = float(k) * 6.2831853f / 48.f;
    pts[k] = ImVec2(c.x + rx * std::cos(t), c.y + ry * std::sin(t));
  }
  dl->AddPolyline(pts, 48, col, ImDrawFlags_Closed, width);
}

}  // namespace

void PosteriorLayer::update(const ll::Snapshot& s, size_t arm, const Focus& focus, const ll::Canvas* canvas,
                            bool wanted, Events& events) {
  const ll::ArmSnapshot& A = s.arms[arm];
  if (worker_)
    if (auto r = worker_->take()) {
      if (r->error.empty()) {
        tex_.upload(r->rgba.data(), r->w, r->h, 4, true);
        const ll::ExactReadout& e = r->readout;
        events.say("POSTERIOR source=%s nll_exact=%.4f neg_elbo=%.4f kl_to_posterior=%.4f ms=%.1f arm=%s",
                   r->source.c_str(), -e.log_px, -e.elbo, e.kl, r->ms, A.name.c_str());
      } else {
        events.say("ERROR posterior (%s): %s", r->source.c_str(), r->error.c_str());
      }
      result_ = std::move(r);
    }
  std::string source;
  std::vector<float> x;
  const bool can = wanted && A.arm.kind == ll::ModelKind::Vae && A.model && s.config.model.latent == 2;
  want_ = can && focus_image(s, focus, canvas, source, x) ? source : "";
  shown_ = !want_.empty() && result_ && result_->source == want_;
  if (want_.empty()) return;
  const uint64_t canvas_version = want_ == "draw" ? canvas->version() : 0;
  if (want_ == req_source_ && A.model.get() == req_model_ && canvas_version == req_canvas_) return;
  if (!worker_) worker_ = std::make_unique<PosteriorWorker>();
  worker_->submit(PosteriorWorker::Job{A.model, std::move(x), want_});
  req_source_ = want_;
  req_model_ = A.model.get();
  req_canvas_ = canvas_version;
}

void PosteriorLayer::draw_heatmap(ImDrawList* dl, const Xform& xf) const {
  if (!shown() || !tex_.valid()) return;
  const PosteriorWorker::Result& r = *result_;
  dl->AddImage(tex_.imgui_id(), xf.to_screen(float(r.x0), float(r.y1)), xf.to_screen(float(r.x1), float(r.y0)));
}

void PosteriorLayer::draw_marks(ImDrawList* dl, const Xform& xf) const {
  if (!shown()) return;
  contours_and_ellipses(dl, xf);
  inset(dl, xf);
  readout(dl, xf);
}

void PosteriorLayer::contours_and_ellipses(ImDrawList* dl, const Xform& xf) const {
  const PosteriorWorker::Result& r = *result_;
  // The true posterior's regions in white (over any heatmap colour), q in the VAE's blue, q*
  // in magenta; the inner region solid, the outer thinner.
  for (int k = 0; k < 2; ++k)
    for (const ll::Segment& g : r.hpd[k])
      dl->AddLine(xf.to_screen(g.x0, g.y0), xf.to_screen(g.x1, g.y1), IM_COL32(255, 255, 255, k ? 170 : 240),
                  k ? 1.3f : 2.f);
  for (int k = 0; k < 2; ++k) {
    gauss_ellipse(dl, xf, r.readout.q, PosteriorWorker::kMass[k], IM_COL32(90, 170, 255, k ? 190 : 255), k ? 1.3f : 2.f);
    if (r.readout.q_star_improved)
      gauss_ellipse(dl, xf, r.readout.q_star, PosteriorWorker::kMass[k], IM_COL32(255, 90, 210, k ? 170 : 240),
                    k ? 1.2f : 1.8f);
  }
}

void PosteriorLayer::inset(ImDrawList* dl, const Xform& xf) const {
  // A trained VAE's posterior is often a few pixels wide at the map's zoom: then the same
  // picture, magnified, in the canvas's top-right corner, so its shape and q's fit can be seen.
  const PosteriorWorker::Result& r = *result_;
  const float box = float(std::max(r.x1 - r.x0, r.y1 - r.y0));
  if (!tex_.valid() || box <= 0 || box * xf.scale >= 60.f) return;
  const float side = std::min(130.f, xf.side * 0.3f);
  const ImVec2 i0(xf.c0.x + xf.side - side - 6, xf.c0.y + 6), i1(i0.x + side, i0.y + side);
  const Xform zoom{i0, side, float(r.x0 + r.x1) / 2, float(r.y0 + r.y1) / 2, side / box};
  dl->AddRectFilled(i0, i1, IM_COL32(15, 15, 20, 235), 3.f);
  dl->PushClipRect(i0, i1, true);
  dl->AddImage(tex_.imgui_id(), zoom.to_screen(float(r.x0), float(r.y1)), zoom.to_screen(float(r.x1), float(r.y0)));
  contours_and_ellipses(dl, zoom);
  dl->PopClipRect();
  dl->AddRect(i0, i1, IM_COL32(200, 200, 205, 200), 3.f);
  char label[48];
  std::snprintf(label, sizeof label, "p(z|x), %.0fx", zoom.scale / xf.scale);
  dl->AddText(ImVec2(i0.x + 4, i1.y - ImGui::GetTextLineHeight() - 2), IM_COL32(225, 225, 225, 230), label);
  // Where the magnified box is on the map.
  dl->AddRect(xf.to_screen(float(r.x0), float(r.y1)), xf.to_screen(float(r.x1), float(r.y0)),
              IM_COL32(255, 255, 255, 160));
}

void PosteriorLayer::readout(ImDrawList* dl, const Xform& xf) const {
  const PosteriorWorker::Result& r = *result_;
  const ll::ExactReadout& e = r.readout;
  char line[6][112];
  const char* what = r.source == "draw" ? "the drawing" : r.source.starts_with("hover") ? "the hovered image" : "end A";
  std::snprintf(line[0], sizeof line[0], "p(z|x) of %s (%s)", what, r.source.c_str());
  std::snprintf(line[1], sizeof line[1], "log p(x) = %.2f nats", e.log_px);
  std::snprintf(line[2], sizeof line[2], "ELBO = %.2f   KL(q || p(z|x)) = %.2f", e.elbo, e.kl);
  std::snprintf(line[3], sizeof line[3], "%.2f = %.2f + %.2f  (residual %.3f)", e.log_px, e.elbo, e.kl,
                e.identity_residual);
  std::snprintf(line[4], sizeof line[4], "approximation gap %.2f", e.approximation_gap);
  std::snprintf(line[5], sizeof line[5], "amortization gap %.2f", e.amortization_gap);
  static const char* kHelp[6] = {
      "The true posterior p(z|x) of this image (heatmap, white outlines: its densest regions holding 39% and 86% "
      "of the mass); blue: the encoder's q(z|x), magenta: q*, the best Gaussian for this one image, at the same levels.",
      "The evidence log p(x) = log ∫ p(x|z) p(z) dz, computed by quadrature over the latent plane: the number the "
      "paper calls intractable.",
      "The ELBO is the bound training maximises; KL(q || p(z|x)) is how far the encoder's q is from the true "
      "posterior, and exactly what the bound falls short by.",
      "The identity log p(x) = ELBO + KL(q || p(z|x)), with this image's numbers; the residual is the quadratures' "
      "own error.",
      "log p(x) − ELBO(q*): what the Gaussian family costs even with the best Gaussian for this image.",
      "ELBO(q*) − ELBO(q): what using one encoder for every image costs on this one."};
  const float lh = ImGui::GetTextLineHeight();
  float w = 0;
  for (const char* l : line) w = std::max(w, ImGui::CalcTextSize(l).x);
  const ImVec2 p0(xf.c0.x + 4, xf.c0.y + xf.side - 6 * lh - 10 - lh * 1.2f);
  dl->AddRectFilled(p0, ImVec2(p0.x + w + 10, p0.y + 6 * lh + 8), IM_COL32(15, 15, 20, 200), 3.f);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (int k = 0; k < 6; ++k) {
    const ImVec2 t(p0.x + 5, p0.y + 4 + k * lh);
    dl->AddText(t, k == 0 ? IM_COL32(255, 255, 255, 255) : IM_COL32(225, 225, 225, 255), line[k]);
    if (mouse.x >= t.x && mouse.x < t.x + w && mouse.y >= t.y && mouse.y < t.y + lh && ImGui::IsWindowHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::TextWrapped("%s", kHelp[k]);
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  // The legend: the colour map from no density to the peak.
  const ImVec2 l0(p0.x, p0.y + 6 * lh + 12);
  char peak[32];
  std::snprintf(peak, sizeof peak, "%.3g", r.peak_density);
  widgets::colormap_legend(dl, widgets::ColorMap::Viridis, l0, 100, "p(z|x)", peak);
}

}  // namespace app
