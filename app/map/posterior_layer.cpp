#include "app/map/posterior_layer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/map/posterior_curves.h"
#include "app/map/posterior_readout.h"

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
        if (r->dim == 2) tex_.upload(r->rgba.data(), r->w, r->h, 4, true);
        const ll::ExactReadout& e = r->readout;
        events.say("POSTERIOR source=%s nll_exact=%.4f neg_elbo=%.4f kl_to_posterior=%.4f ms=%.1f arm=%s",
                   r->source.c_str(), -e.log_px, -e.elbo, e.kl, r->ms, A.name.c_str());
      } else {
        events.say("ERROR posterior (%s): %s", r->source.c_str(), r->error.c_str());
      }
      last_cpu_ms_ = r->cpu_ms;
      result_ = std::move(r);
      ++result_serial_;
    }
  std::string source;
  std::vector<float> x;
  const int L = s.config.model.latent;
  wanted_ = wanted;
  const bool can = wanted && A.arm.kind == ll::ModelKind::Vae && A.model && (L == 1 || L == 2);
  want_ = can && focus_image(s, focus, canvas, source, x) ? source : "";
  shown_ = !want_.empty() && result_ && result_->source == want_;
  model_waiting_ = false;
  if (want_.empty()) return;
  const uint64_t canvas_version = want_ == "draw" ? canvas->version() : 0;
  const bool same_image = want_ == req_source_ && canvas_version == req_canvas_;
  if (same_image && A.model.get() == req_model_) return;
  // A new image is asked for at once. A new model of the same image (training publishes one
  // every fraction of a second) waits until a second has passed and the worker has idled four
  // times as long as the last result cost it: on a 2-core machine its CPU is taken from the
  // UI and the trainer, and an overlay recomputed back to back cost the frames a third.
  const double now_s = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  if (same_image && (now_s - req_at_s_ < std::max(kModelRefreshS, kDutyFactor * last_cpu_ms_ / 1000) ||
                     (worker_ && worker_->busy()))) {
    model_waiting_ = true;
    return;
  }
  req_at_s_ = now_s;
  if (!worker_) worker_ = std::make_unique<PosteriorWorker>();
  worker_->submit(PosteriorWorker::Job{A.model, std::move(x), want_});
  req_source_ = want_;
  req_model_ = A.model.get();
  req_canvas_ = canvas_version;
}

void PosteriorLayer::draw_heatmap(ImDrawList* dl, const Xform& xf) const {
  if (!shown()) return;
  const PosteriorWorker::Result& r = *result_;
  if (r.dim == 1) return draw_posterior_fill_1d(dl, xf, r);
  if (!tex_.valid()) return;
  dl->AddImage(tex_.imgui_id(), xf.to_screen(float(r.x0), float(r.y1)), xf.to_screen(float(r.x1), float(r.y0)));
}

void PosteriorLayer::draw_marks(ImDrawList* dl, const Xform& xf) {
  if (!shown()) return;
  if (result_->dim == 1) return draw_posterior_marks_1d(dl, xf, *result_);
  // Magnified, the outlines are drawn in the inset only: on the map they would be a knot of a
  // few pixels.
  if (!magnified(xf)) marks_on_map(dl, xf);
  inset(dl, xf);
}

void PosteriorLayer::marks_on_map(ImDrawList* dl, const Xform& xf) {
  const int side = int(std::ceil(xf.side));
  const MarksKey key{result_serial_, MapView{xf.cx, xf.cy, xf.scale}, side};
  if (!(key == map_key_) || !map_marks_.valid()) {
    ImDrawList* l = map_marks_.begin(side, side);
    if (!l) return contours_and_ellipses(dl, xf);  // no texture: drawn live
    contours_and_ellipses(l, Xform{ImVec2(0, 0), xf.side, xf.cx, xf.cy, xf.scale});
    map_marks_.end();
    map_key_ = key;
  }
  map_marks_.draw(dl, xf.c0, ImVec2(xf.c0.x + float(side), xf.c0.y + float(side)));
}

bool PosteriorLayer::magnified(const Xform& xf) const {
  const PosteriorWorker::Result& r = *result_;
  const float box = float(std::max(r.x1 - r.x0, r.y1 - r.y0));
  return tex_.valid() && box > 0 && box * xf.scale < 60.f;
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
    gauss_ellipse(dl, xf, r.readout.q, PosteriorWorker::mass(2, k), IM_COL32(90, 170, 255, k ? 190 : 255), k ? 1.3f : 2.f);
    if (r.readout.q_star_improved)
      gauss_ellipse(dl, xf, r.readout.q_star, PosteriorWorker::mass(2, k), IM_COL32(255, 90, 210, k ? 170 : 240),
                    k ? 1.2f : 1.8f);
  }
}

void PosteriorLayer::inset(ImDrawList* dl, const Xform& xf) {
  // A trained VAE's posterior is often a few pixels wide at the map's zoom: then the same
  // picture, magnified, in the canvas's top-right corner, so its shape and q's fit can be seen.
  if (!magnified(xf)) return;
  const PosteriorWorker::Result& r = *result_;
  const float box = float(std::max(r.x1 - r.x0, r.y1 - r.y0));
  const float side = std::min(130.f, xf.side * 0.3f);
  const ImVec2 i0(xf.c0.x + xf.side - side - 6, xf.c0.y + 6), i1(i0.x + side, i0.y + side);
  const float cx = float(r.x0 + r.x1) / 2, cy = float(r.y0 + r.y1) / 2, zoom = side / box;
  // The heatmap and the outlines at the inset's zoom, the same for every frame of a result.
  auto picture = [&](ImDrawList* l, ImVec2 corner) {
    const Xform z{corner, side, cx, cy, zoom};
    l->AddImage(tex_.imgui_id(), z.to_screen(float(r.x0), float(r.y1)), z.to_screen(float(r.x1), float(r.y0)));
    contours_and_ellipses(l, z);
  };
  dl->AddRectFilled(i0, i1, IM_COL32(15, 15, 20, 235), 3.f);
  const int s = int(std::ceil(side));
  const MarksKey key{result_serial_, MapView{cx, cy, zoom}, s};
  if (!(key == inset_key_) || !inset_.valid()) {
    if (ImDrawList* l = inset_.begin(s, s)) {
      picture(l, ImVec2(0, 0));
      inset_.end();
      inset_key_ = key;
    }
  }
  dl->PushClipRect(i0, i1, true);
  if (inset_.valid() && inset_key_ == key)
    inset_.draw(dl, i0, ImVec2(i0.x + float(s), i0.y + float(s)));
  else
    picture(dl, i0);  // no texture: drawn live
  dl->PopClipRect();
  dl->AddRect(i0, i1, IM_COL32(200, 200, 205, 200), 3.f);
  char label[48];
  std::snprintf(label, sizeof label, "p(z|x), %.0fx", zoom / xf.scale);
  dl->AddText(ImVec2(i0.x + 4, i1.y - ImGui::GetTextLineHeight() - 2), IM_COL32(225, 225, 225, 230), label);
  // Where the magnified box is on the map.
  dl->AddRect(xf.to_screen(float(r.x0), float(r.y1)), xf.to_screen(float(r.x1), float(r.y0)),
              IM_COL32(255, 255, 255, 160));
}

float PosteriorLayer::readout_height(const ll::Snapshot& s) {
  const int L = s.config.model.latent;
  return L == 1 || L == 2 ? posterior_readout_height() : 0.f;
}

void PosteriorLayer::draw_readout(const ll::Snapshot& s, size_t arm, float width) const {
  if (!readout_height(s)) return;
  std::string idle;
  if (!wanted_)
    idle = "The posterior overlay is off (Latent maps: Posterior p(z|x)).";
  else if (s.arms[arm].arm.kind != ll::ModelKind::Vae)
    idle = "No posterior here: an AE's encoder gives each image one point, not a distribution over z.";
  else if (want_.empty())
    idle = "p(z|x): hover a test dot, draw (Draw tab), or pin end A to a test image.";
  else if (result_ && result_->source == want_ && !result_->error.empty())
    idle = "p(z|x) of " + want_ + ": " + result_->error;
  else
    idle = "p(z|x) of " + want_ + ": computing…";
  posterior_readout(shown() ? &*result_ : nullptr, idle, width);
}

}  // namespace app
