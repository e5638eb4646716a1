#include "app/panels/latent_map.h"

#include <algorithm>
#include <cmath>

#include "app/panels/test_images.h"
#include "app/widgets/arm_label.h"
#include "app/widgets/axis.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"
#include "core/latent/grid.h"
#include "core/vae/forward.h"

namespace app {
namespace {

using Clock = std::chrono::steady_clock;
constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 20);
constexpr ImU32 kAxisZero = IM_COL32(255, 255, 255, 45);
constexpr ImU32 kTickText = IM_COL32(160, 165, 175, 220);
constexpr float kPickRadius = 7.f;  // pixels: how close a click must be to take a point

bool boxes_differ(const ll::LatentBox& a, const ll::LatentBox& b) {
  const float tol = 0.02f * std::max(a.width(), a.height());
  return std::abs(a.x0 - b.x0) > tol || std::abs(a.x1 - b.x1) > tol || std::abs(a.y0 - b.y0) > tol ||
         std::abs(a.y1 - b.y1) > tol;
}

}  // namespace

void LatentMapPanel::update_view(const ll::Snapshot& s, size_t arm, const LatentView& view, float side) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const int L = s.config.model.latent;
  const size_t n = std::min(s.code_index.size(), A.codes_mu.size() / size_t(L));
  if (!auto_fit_ && have_view_) {
    animating_ = false;
    return;
  }
  ll::LatentBox box = n ? ll::quantile_box(A.codes_mu.data(), n, L, view.dims[0], view.dims[1], 0.005, 0.08)
                        : ll::LatentBox{-3, 3, -3, 3};
  // The VAE's codes are meant to fill the prior: keep its 2σ disc in view.
  if (A.arm.kind == ll::ModelKind::Vae) box = ll::union_box(box, ll::LatentBox{-2.5f, 2.5f, -2.5f, 2.5f});
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

void LatentMapPanel::handle_input(const ll::Snapshot& s, size_t arm, LatentView& view, const Xform& xf,
                                  Events& events) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 m = io.MousePos;
  if (hovered && io.MouseWheel != 0.f) {
    const float x = xf.to_x(m.x), y = xf.to_y(m.y);
    scale_ = std::clamp(scale_ * std::pow(1.2f, io.MouseWheel), 1e-3f, 1e6f);
    cx_ = x - (m.x - xf.c0.x - xf.side / 2) / scale_;
    cy_ = y + (m.y - xf.c0.y - xf.side / 2) / scale_;
    auto_fit_ = false;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Right, 0.f)) {
    cx_ -= io.MouseDelta.x / scale_;
    cy_ += io.MouseDelta.y / scale_;
    auto_fit_ = false;
    view.dragging = true;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) fit();

  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    const ll::ArmSnapshot& A = s.arms[arm];
    const int L = s.config.model.latent;
    const size_t n = std::min(s.code_index.size(), A.codes_mu.size() / size_t(L));
    const ll::Nearest near = ll::nearest_code(A.codes_mu.data(), n, L, view.dims[0], view.dims[1],
                                              xf.to_x(m.x), xf.to_y(m.y));
    const bool on_point = near.index >= 0 && near.distance * xf.scale <= kPickRadius;
    if (view.pick != Pick::None) {
      Endpoint e{on_point, on_point ? near.index : 0, xf.to_x(m.x), xf.to_y(m.y)};
      switch (view.pick) {
        case Pick::InterpA: view.a = e; view.pick = Pick::InterpB; break;
        case Pick::InterpB: view.b = e; view.pick = Pick::None; break;
        case Pick::SliceBase:
          if (on_point) {
            view.base_image = near.index;
            view.base_from_image = true;
            view.pick = Pick::None;
          }
          break;
        case Pick::Canvas:
          if (on_point) {
            view.canvas_request = int(s.code_index[size_t(near.index)]);
            view.pick = Pick::None;
          }
          break;
        case Pick::None: break;
      }
    } else {
      dragging_ = true;
      press_image_ = on_point ? near.index : -1;
      press_pos_ = m;
    }
  }
  // A click on a dot (pressed and let go in place) pins its image as the next interpolation
  // end, A and B in turn; a press that moves is a cursor drag.
  if (press_image_ >= 0) {
    const float dx = m.x - press_pos_.x, dy = m.y - press_pos_.y;
    if (dx * dx + dy * dy > 16.f) {
      press_image_ = -1;
    } else if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
      Endpoint& e = view.next_pin == 0 ? view.a : view.b;
      e = Endpoint{true, press_image_};
      events.say("PINNED %c %d", view.next_pin == 0 ? 'A' : 'B', press_image_);
      view.next_pin ^= 1;
      press_image_ = -1;
    }
  }
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging_ = false, press_image_ = -1;
  if (dragging_) {
    const float px = std::clamp(m.x, xf.c0.x, xf.c0.x + xf.side);
    const float py = std::clamp(m.y, xf.c0.y, xf.c0.y + xf.side);
    view.cursor[0] = xf.to_x(px);
    view.cursor[1] = xf.to_y(py);
    view.dragging = true;
  }
}

void LatentMapPanel::request_manifold(const ll::Snapshot& s, size_t arm, const LatentView& view, const Xform& xf,
                                      Events& events, RunStats& stats) {
  if (auto r = worker_.take()) {
    manifold_tex_.upload(r->atlas.pixels.data(), r->atlas.width, r->atlas.height, r->atlas.channels, true);
    manifold_box_ = r->box;
    stats.manifold_ms_last = r->ms;
    events.say("MANIFOLD %s %dx%d %.1f ms  x %.2f..%.2f  y %.2f..%.2f", s.arms[arm].name.c_str(), r->cols, r->rows,
               r->ms, r->box.x0, r->box.x1, r->box.y0, r->box.y1);
  }
  const ll::ArmSnapshot& A = s.arms[arm];
  const int L = s.config.model.latent;
  if (!view.show_manifold || !A.model || L < 2 || !s.data || worker_.busy()) return;

  const ll::LatentBox box{xf.to_x(xf.c0.x), xf.to_x(xf.c0.x + xf.side), xf.to_y(xf.c0.y + xf.side),
                          xf.to_y(xf.c0.y)};
  std::vector<float> base;
  view.slice_point(s, arm, 0.f, 0.f, base);
  const bool moved = boxes_differ(box, manifold_req_box_) || view.dims[0] != manifold_req_dims_[0] ||
                     view.dims[1] != manifold_req_dims_[1] || base != manifold_req_base_ || !manifold_tex_.valid();
  const bool new_model = A.model.get() != manifold_model_;
  // A new model arrives with every snapshot (10 per second); a manifold a few tenths of a
  // second old is as good and costs the trainer less.
  const auto since = Clock::now() - manifold_req_time_;
  const bool due = (new_model && since > std::chrono::milliseconds(400)) ||
                   (moved && (since > std::chrono::milliseconds(100) || !manifold_tex_.valid()));
  if (!due) return;

  const int n = std::clamp(int(xf.side / 22.f), 6, 24);
  ManifoldWorker::Job job;
  job.model = A.model;
  job.z = ll::box_grid(n, n, L, view.dims[0], view.dims[1], box.x0, box.x1, box.y0, box.y1, base);
  job.cols = job.rows = n;
  job.height = s.data->height;
  job.width = s.data->width;
  job.channels = s.data->channels;
  job.box = box;
  worker_.submit(std::move(job));
  manifold_model_ = A.model.get();
  manifold_req_box_ = box;
  manifold_req_dims_[0] = view.dims[0];
  manifold_req_dims_[1] = view.dims[1];
  manifold_req_base_ = std::move(base);
  manifold_req_time_ = Clock::now();
}

const HoleArmView* LatentMapPanel::hole_tiles(const LatentView& view, const MapContext& ctx, size_t arm) const {
  if (!view.show_holes || !ctx.holes) return nullptr;
  const HoleArmView* h = ctx.holes->arm(arm);
  if (!h || h->grid <= 0 || !h->tiles.valid() || h->dims[0] != view.dims[0] || h->dims[1] != view.dims[1])
    return nullptr;
  return h;
}

void LatentMapPanel::draw_map(const ll::Snapshot& s, size_t arm, const LatentView& view, const MapContext& ctx,
                              const Xform& xf) {
  const InterpPaths& paths = *ctx.paths;
  const ll::ArmSnapshot& A = s.arms[arm];
  const bool vae = A.arm.kind == ll::ModelKind::Vae;
  const int L = s.config.model.latent;
  const int d0 = view.dims[0], d1 = view.dims[1];
  const size_t n = std::min(s.code_index.size(), A.codes_mu.size() / size_t(L));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 c0 = xf.c0, c1(c0.x + xf.side, c0.y + xf.side);
  const float lh = ImGui::GetTextLineHeight();
  char buf[32];

  struct Label {
    ImVec2 pos;
    std::string text;
  };
  std::vector<Label> labels;
  dl->PushClipRect(c0, c1, true);
  const HoleArmView* holes = hole_tiles(view, ctx, arm);
  if (holes) {
    // The measured tiles, holes tinted red, over the region the rate was measured on.
    const ImVec2 h0 = xf.to_screen(holes->box.x0, holes->box.y1), h1 = xf.to_screen(holes->box.x1, holes->box.y0);
    dl->AddImage(holes->tiles.imgui_id(), h0, h1, ImVec2(0, 0), ImVec2(1, 1), IM_COL32(255, 255, 255, 230));
    dl->AddRect(h0, h1, IM_COL32(255, 120, 120, 160));
  } else if (view.show_manifold && manifold_tex_.valid() && L >= 2) {
    dl->AddImage(manifold_tex_.imgui_id(), xf.to_screen(manifold_box_.x0, manifold_box_.y1),
                 xf.to_screen(manifold_box_.x1, manifold_box_.y0), ImVec2(0, 0), ImVec2(1, 1),
                 IM_COL32(255, 255, 255, 215));
  }
  // Grid in latent units; tick labels outside the canvas (left and below), so the manifold
  // never hides them, with the dimensions' names at the ends of the axes.
  const std::string nx = widgets::dim_name(d0), ny = widgets::dim_name(d1);
  const float wx = ImGui::CalcTextSize(nx.c_str()).x;
  std::vector<double> ticks;
  const double x_lo = xf.to_x(c0.x), x_hi = xf.to_x(c1.x), y_lo = xf.to_y(c1.y), y_hi = xf.to_y(c0.y);
  const int target = std::max(3, int(xf.side / 70));
  const double xstep = widgets::linear_ticks(x_lo, x_hi, target, ticks);
  for (double t : ticks) {
    const float x = xf.to_screen(float(t), 0).x;
    dl->AddLine(ImVec2(x, c0.y), ImVec2(x, c1.y), t == 0 ? kAxisZero : kGrid);
    widgets::format_tick(t, xstep, buf, sizeof buf);
    const float w = ImGui::CalcTextSize(buf).x;
    if (x + w / 2 < c1.x - wx - 6) labels.push_back({ImVec2(x - w / 2, c1.y + 1), buf});
  }
  const double ystep = widgets::linear_ticks(y_lo, y_hi, target, ticks);
  for (double t : ticks) {
    const float y = xf.to_screen(0, float(t)).y;
    dl->AddLine(ImVec2(c0.x, y), ImVec2(c1.x, y), t == 0 ? kAxisZero : kGrid);
    widgets::format_tick(t, ystep, buf, sizeof buf);
    if (y - lh / 2 > c0.y + lh) labels.push_back({ImVec2(c0.x - 3 - ImGui::CalcTextSize(buf).x, y - lh / 2), buf});
  }
  labels.push_back({ImVec2(c1.x - wx, c1.y + 1), nx});
  if (L > 1) labels.push_back({ImVec2(c0.x - 3 - ImGui::CalcTextSize(ny.c_str()).x, c0.y), ny});

  // The prior N(0, I): in any two dimensions its marginal is N(0, I₂), circles of radius k.
  if (vae && view.show_prior) {
    const ImVec2 o = xf.to_screen(0, 0);
    for (int k = 1; k <= 3; ++k) {
      const float r = float(k) * xf.scale;
      dl->AddCircle(o, r, IM_COL32(255, 255, 255, 110 - 25 * k), 64, 1.3f);
      std::snprintf(buf, sizeof buf, "%dσ", k);
      dl->AddText(ImVec2(o.x + r * 0.7071f + 2, o.y - r * 0.7071f - lh), IM_COL32(255, 255, 255, 150), buf);
    }
  }

  if (view.show_points && n) {
    splat_points(s, arm, view, xf);
    points_.draw(dl, c0);
  }

  // Interpolation path, projected.
  if (arm < paths.z.size() && paths.steps >= 2 && paths.z[arm].size() == size_t(paths.steps) * L) {
    const std::vector<float>& z = paths.z[arm];
    std::vector<ImVec2> pts(size_t(paths.steps));
    for (int i = 0; i < paths.steps; ++i) pts[i] = xf.to_screen(z[size_t(i) * L + d0], z[size_t(i) * L + d1]);
    dl->AddPolyline(pts.data(), int(pts.size()), IM_COL32(255, 230, 120, 200), 0, 1.5f);
    for (const ImVec2& p : pts)  // squares: two triangles each under llvmpipe, a disc ~20
      dl->AddRectFilled(ImVec2(p.x - 2, p.y - 2), ImVec2(p.x + 2, p.y + 2), IM_COL32(255, 230, 120, 220));
    dl->AddText(ImVec2(pts.front().x + 4, pts.front().y - lh - 2), IM_COL32(255, 230, 120, 255), "A");
    dl->AddText(ImVec2(pts.back().x + 4, pts.back().y - lh - 2), IM_COL32(255, 230, 120, 255), "B");
  }

  draw_markers(s, arm, view, ctx, xf);

  // Cursor.
  const ImVec2 cp = xf.to_screen(view.cursor[0], view.cursor[1]);
  dl->AddLine(ImVec2(c0.x, cp.y), ImVec2(c1.x, cp.y), IM_COL32(255, 255, 255, 50));
  dl->AddLine(ImVec2(cp.x, c0.y), ImVec2(cp.x, c1.y), IM_COL32(255, 255, 255, 50));
  dl->AddCircle(cp, 7.f, IM_COL32(0, 0, 0, 200), 20, 3.5f);
  dl->AddCircle(cp, 7.f, IM_COL32(255, 255, 255, 255), 20, 1.8f);

  if (view.pick != Pick::None) {
    const char* what = view.pick == Pick::InterpA   ? "click: interpolation start A (a point or an image)"
                       : view.pick == Pick::InterpB ? "click: interpolation end B"
                       : view.pick == Pick::Canvas  ? "click a dot: its test image goes to the canvas"
                                                    : "click an image's point: fix the other dims at its code";
    dl->AddRectFilled(ImVec2(c0.x, c0.y + lh + 4), ImVec2(c1.x, c0.y + 2 * lh + 8), IM_COL32(60, 50, 10, 220));
    dl->AddText(ImVec2(c0.x + 6, c0.y + lh + 6), IM_COL32(255, 230, 120, 255), what);
  }
  dl->PopClipRect();
  dl->AddRect(c0, c1, IM_COL32(255, 255, 255, 60));
  for (const Label& l : labels)
    dl->AddText(l.pos, l.text == nx || l.text == ny ? IM_COL32(230, 230, 235, 255) : kTickText, l.text.c_str());
}

void LatentMapPanel::draw_markers(const ll::Snapshot& s, size_t arm, const LatentView& view, const MapContext& ctx,
                                  const Xform& xf) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int L = s.config.model.latent;
  const int d0 = view.dims[0], d1 = view.dims[1];
  // Linked maps: the test image hovered on another map, ringed here at this model's code.
  if (view.hover_image >= 0 && view.hover_arm != int(arm)) {
    if (const float* mu = code_of(s, arm, view.hover_image)) {
      const ImVec2 p = xf.to_screen(mu[d0], mu[d1]);
      dl->AddCircle(p, 8.f, IM_COL32(0, 0, 0, 200), 16, 3.5f);
      dl->AddCircle(p, 8.f, IM_COL32(255, 240, 140, 255), 16, 2.f);
      dl->AddLine(ImVec2(p.x - 13, p.y), ImVec2(p.x - 9, p.y), IM_COL32(255, 240, 140, 255), 2.f);
      dl->AddLine(ImVec2(p.x + 9, p.y), ImVec2(p.x + 13, p.y), IM_COL32(255, 240, 140, 255), 2.f);
    }
  }
  // The drawing's code: where this model puts what was drawn (the VAE with its 1σ ellipse),
  // on a past step by that step's model (the Draw tab encodes with the snapshot shown).
  if (ctx.canvas && arm < ctx.canvas->size()) {
    const CanvasCode& c = (*ctx.canvas)[arm];
    if (c.valid && c.mu.size() == size_t(L)) {
      const ImVec2 p = xf.to_screen(c.mu[size_t(d0)], c.mu[size_t(d1)]);
      const ImU32 col = IM_COL32(255, 90, 210, 255);
      if (c.vae && c.logvar.size() == size_t(L)) {
        const float rx = std::exp(0.5f * c.logvar[size_t(d0)]) * xf.scale;
        const float ry = std::exp(0.5f * c.logvar[size_t(d1)]) * xf.scale;
        ImVec2 pts[40];
        for (int k = 0; k < 40; ++k) {
          const float t = float(k) * 6.2831853f / 40.f;
          pts[k] = ImVec2(p.x + rx * std::cos(t), p.y + ry * std::sin(t));
        }
        dl->AddPolyline(pts, 40, IM_COL32(255, 90, 210, 200), ImDrawFlags_Closed, 1.5f);
      }
      const float r = 6.f;
      dl->AddQuadFilled(ImVec2(p.x, p.y - r), ImVec2(p.x + r, p.y), ImVec2(p.x, p.y + r), ImVec2(p.x - r, p.y), col);
      dl->AddQuad(ImVec2(p.x, p.y - r), ImVec2(p.x + r, p.y), ImVec2(p.x, p.y + r), ImVec2(p.x - r, p.y),
                  IM_COL32(0, 0, 0, 220), 1.5f);
      const ImVec2 tp(p.x + r + 3, p.y - ImGui::GetTextLineHeight() / 2);
      dl->AddText(ImVec2(tp.x + 1, tp.y + 1), IM_COL32(0, 0, 0, 230), "drawing");  // readable on any tile
      dl->AddText(tp, col, "drawing");
    }
  }
}

void LatentMapPanel::splat_points(const ll::Snapshot& s, size_t arm, const LatentView& view, const Xform& xf) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const SplatKey key{A.codes_mu.data(), A.codes_mu.size(), s.data.get(), xf.cx, xf.cy, xf.scale, xf.side,
                     view.dims[0], view.dims[1], view.highlight_class, view.show_ellipses};
  if (key == splat_key_ && points_.texture().valid()) return;
  splat_key_ = key;
  const bool vae = A.arm.kind == ll::ModelKind::Vae;
  const int L = s.config.model.latent;
  const int d0 = view.dims[0], d1 = view.dims[1];
  const size_t n = std::min(s.code_index.size(), A.codes_mu.size() / size_t(L));
  const float* mu = A.codes_mu.data();
  const float* lv = A.codes_logvar.size() >= n * size_t(L) ? A.codes_logvar.data() : nullptr;
  const int side = int(std::ceil(xf.side));
  points_.begin(side, side);
  auto local = [&](float x, float y) {
    const ImVec2 p = xf.to_screen(x, y);
    return ImVec2(p.x - xf.c0.x, p.y - xf.c0.y);
  };
  if (vae && view.show_ellipses && lv)
    for (size_t i = 0; i < n; ++i) {
      const int cls = class_of(s, int(i));
      const bool dim = view.highlight_class >= 0 && cls != view.highlight_class;
      const ImVec2 p = local(mu[i * L + d0], mu[i * L + d1]);
      points_.ring(p.x, p.y, std::exp(0.5f * lv[i * L + d0]) * xf.scale, std::exp(0.5f * lv[i * L + d1]) * xf.scale,
                   widgets::class_color(cls, dim ? 20 : 90));
    }
  // Dimmed classes first, so the highlighted one lies on top.
  for (int pass = 0; pass < 2; ++pass)
    for (size_t i = 0; i < n; ++i) {
      const int cls = class_of(s, int(i));
      const bool dim = view.highlight_class >= 0 && cls != view.highlight_class;
      if (dim != (pass == 0)) continue;
      const ImVec2 p = local(mu[i * L + d0], mu[i * L + d1]);
      points_.dot(p.x, p.y, widgets::class_color(cls, dim ? 60 : 235), dim ? 2 : 3);
    }
  points_.upload();
}

void LatentMapPanel::hover_tooltip(const ll::Snapshot& s, size_t arm, LatentView& view, const Xform& xf,
                                   const TestImages& thumbs) {
  if (!ImGui::IsItemHovered() || dragging_) return;
  const ll::ArmSnapshot& A = s.arms[arm];
  const int L = s.config.model.latent;
  const size_t n = std::min(s.code_index.size(), A.codes_mu.size() / size_t(L));
  const ImVec2 m = ImGui::GetIO().MousePos;
  const ll::Nearest near = ll::nearest_code(A.codes_mu.data(), n, L, view.dims[0], view.dims[1],
                                            xf.to_x(m.x), xf.to_y(m.y));
  if (near.index < 0 || near.distance * xf.scale > kPickRadius) return;
  view.hover_next = near.index;  // the other maps ring the same image next frame
  view.hover_next_arm = int(arm);
  const float* mu = A.codes_mu.data() + size_t(near.index) * L;
  ImGui::GetWindowDrawList()->AddCircle(xf.to_screen(mu[view.dims[0]], mu[view.dims[1]]), 5.f,
                                        IM_COL32(255, 255, 255, 255), 12, 1.5f);
  ImGui::BeginTooltip();
  const ImageAtlas& at = thumbs.atlas();
  if (at.valid() && near.index < at.count) {
    ImVec2 uv0, uv1;
    at.uv(near.index, uv0, uv1);
    ImGui::Image(at.texture.imgui_id(), ImVec2(112, 112), uv0, uv1);
  }
  const int cls = class_of(s, near.index);
  if (cls >= 0 && s.data && size_t(cls) < s.data->class_names.size())
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::class_color(cls)), "%s", s.data->class_names[cls].c_str());
  ImGui::Text("test image #%u", unsigned(s.code_index[near.index]));
  // Where each model puts this image (the ringed dot on the other maps).
  for (size_t k = 0; k < s.arms.size(); ++k) {
    const float* c = code_of(s, k, near.index);
    if (!c) continue;
    const bool vae = s.arms[k].arm.kind == ll::ModelKind::Vae;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(vae, int(k))), "%s", widgets::arm_label(s.config, k).c_str());
    ImGui::SameLine();
    ImGui::Text("%s (%.2f, %.2f)", vae ? "μ =" : "z =", c[view.dims[0]], c[view.dims[1]]);
    if (vae && s.arms[k].codes_logvar.size() >= (size_t(near.index) + 1) * L) {
      const float* lv = s.arms[k].codes_logvar.data() + size_t(near.index) * L;
      ImGui::SameLine();
      ImGui::TextDisabled("σ = (%.2f, %.2f)", std::exp(0.5f * lv[view.dims[0]]), std::exp(0.5f * lv[view.dims[1]]));
    }
  }
  if (view.pick == Pick::None)
    ImGui::TextDisabled("click: interpolate from here (end %c)", view.next_pin == 0 ? 'A' : 'B');
  ImGui::EndTooltip();
}

void LatentMapPanel::draw_decoded(const ll::Snapshot& s, size_t arm, const LatentView& view, ImVec2 size,
                                  Events& events, RunStats& stats) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const int L = s.config.model.latent;
  if (A.model && s.data) {
    view.slice_point(s, arm, view.cursor[0], view.cursor[1], z_);
    if (A.model != decoded_model_ || z_ != decoded_z_) {
      const auto t0 = Clock::now();
      const int D = A.model->config().input_dim;
      pixels_.resize(size_t(D));
      ws_.reserve(A.model->config(), 1);
      ll::decode_images(*A.model, z_.data(), 1, ws_, pixels_.data());
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      bytes_.resize(size_t(D));
      double mean = 0;
      for (int i = 0; i < D; ++i) {
        bytes_[i] = uint8_t(std::lround(std::clamp(pixels_[i], 0.f, 1.f) * 255.f));
        mean += pixels_[i];
      }
      decoded_tex_.upload(bytes_.data(), s.data->width, s.data->height, s.data->channels, false);
      stats.cursor_decode_ms.push_back(ms);
      // Only report decodes the cursor caused, not every new snapshot: tests key on these.
      if (z_ != decoded_z_) events.say("DECODED %s %.5f", A.name.c_str(), mean / D);
      decoded_model_ = A.model;
      decoded_z_ = z_;
      const size_t n = std::min(s.code_index.size(), A.codes_mu.size() / size_t(L));
      nearest_ = ll::nearest_code(A.codes_mu.data(), n, L, view.dims[0], view.dims[1], view.cursor[0], view.cursor[1]);
    }
  }
  const float lh = ImGui::GetTextLineHeightWithSpacing();
  const bool below = size.x > size.y;  // image left, text right; otherwise text under the image
  const float side = std::max(16.f, below ? std::min(size.y, size.x * 0.5f) : std::min(size.x, size.y - 4 * lh));
  ImGui::BeginGroup();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  if (decoded_tex_.valid()) {
    ImGui::Image(decoded_tex_.imgui_id(), ImVec2(side, side));
  } else {
    ImGui::Dummy(ImVec2(side, side));
  }
  ImGui::GetWindowDrawList()->AddRect(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(255, 255, 255, 70));
  events.region("decoded-" + A.name, p0, ImVec2(p0.x + side, p0.y + side));
  if (below) ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(A.arm.kind == ll::ModelKind::Vae, int(arm))),
                     "%s decodes the cursor", widgets::arm_label(s.config, arm).c_str());
  ImGui::Text("%s = %.2f   %s = %.2f", widgets::dim_name(view.dims[0]).c_str(), view.cursor[0],
              widgets::dim_name(view.dims[1]).c_str(), view.cursor[1]);
  if (L > 2) ImGui::TextDisabled(view.base_from_image ? "other dims: image's code" : "other dims: 0");
  if (!z_.empty()) ImGui::TextDisabled("log p(z) = %.1f nats", ll::log_prior(z_.data(), L));
  if (nearest_.index >= 0) {
    ImGui::TextDisabled("nearest code: %.2f away", nearest_.distance);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Distance (latent units, in the shown plane) from the cursor to the nearest\n"
                        "encoded test image. Far from every code an AE decodes what it never\n"
                        "learned; a VAE's prior fills that space.");
  }
  ImGui::EndGroup();
  ImGui::EndGroup();
}

void LatentMapPanel::header(const ll::Snapshot& s, size_t arm, const LatentView& view, const MapContext& ctx) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const bool vae = A.arm.kind == ll::ModelKind::Vae;
  const int L = s.config.model.latent;
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(vae, int(arm))), "%s", widgets::arm_label(s.config, arm).c_str());
  ImGui::SameLine();
  if (L > 2)
    ImGui::TextDisabled("%d-D, slice %s × %s", L, widgets::dim_name(view.dims[0]).c_str(),
                        widgets::dim_name(view.dims[1]).c_str());
  else
    ImGui::TextDisabled("%s of %zu test images", vae ? "μ" : "codes", s.code_index.size());

  // The hole rate, right-aligned before the help mark: the same rule for every model.
  char rate[32] = "holes …";
  const HoleArmView* h = ctx.holes ? ctx.holes->arm(arm) : nullptr;
  if (h) std::snprintf(rate, sizeof rate, h->rate < 0.1 ? "holes %.1f%%" : "holes %.0f%%", 100 * h->rate);
  const float help_w = ImGui::CalcTextSize("(?)").x;
  const float rate_w = ImGui::CalcTextSize(rate).x;
  ImGui::SameLine(ImGui::GetContentRegionMax().x - help_w - rate_w - 10);
  if (h) {
    // From grey (few holes) to red (many).
    const float t = float(std::clamp(h->rate / 0.5, 0.0, 1.0));
    ImGui::TextColored(ImVec4(0.75f + 0.25f * t, 0.75f - 0.4f * t, 0.75f - 0.4f * t, 1), "%s", rate);
  } else {
    ImGui::TextDisabled("%s", rate);
  }
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
    if (h) {
      ImGui::Text("Hole rate of the %s%s: %.1f%% of %d points.", widgets::arm_label(s.config, arm).c_str(),
                  ctx.past ? " (the timeline's step)" : "", 100 * h->rate, h->points);
      ImGui::TextWrapped(
          "A point is a hole when the image decoded there is farther (mean squared pixel error) from every "
          "training image than 95%% of test images are from their nearest training image. The points lie "
          "evenly over the region this model's test codes occupy (1st to 99th percentile per dimension)%s.",
          L == 2 ? ", a 20×20 grid" : ", 400 random points of the whole latent box");
      ImGui::Text("Threshold: MSE %.4f per pixel, from %zu test images.", ctx.holes->threshold(),
                  ctx.holes->threshold_images());
      ImGui::TextDisabled("The same rule for every model. Measured at step %s.", widgets::thousands(h->step).c_str());
      if (L > 2)
        ImGui::TextDisabled("The tinted tiles are this slice: %.0f%% of them are holes.", 100 * h->tile_rate);
      if (!view.show_holes) ImGui::TextDisabled("Tick Holes (Latent maps) to see them tinted red on the map.");
    } else if (ctx.holes && !ctx.holes->error().empty()) {
      ImGui::Text("Holes could not be measured: %s", ctx.holes->error().c_str());
    } else {
      ImGui::TextUnformatted("Measuring the holes (in the background; the first time also the dataset's threshold)…");
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  ImGui::SameLine(ImGui::GetContentRegionMax().x - help_w);
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Each dot is a test image encoded by the %s, coloured by class.\n"
                      "Under the dots: the images the decoder makes at each place (Manifold).\n"
                      "%s"
                      "Drag: move the cursor (both maps decode the same point)\n"
                      "Right-drag: pan    Wheel: zoom    Double-click: fit to the codes\n"
                      "Hover a dot: its test image, ringed on the other map too\n"
                      "Click a dot: interpolate from/to it (ends A and B in turn)",
                      widgets::arm_label(s.config, arm).c_str(), vae ? "Circles: the prior N(0, I) at 1σ, 2σ, 3σ.\n" : "");
}

void LatentMapPanel::draw(const ll::Snapshot& s, size_t arm, LatentView& view, const MapContext& ctx, Events& events,
                          RunStats& stats) {
  if (arm >= s.arms.size()) return;
  const ll::ArmSnapshot& A = s.arms[arm];
  header(s, arm, view, ctx);

  // Room for tick labels left of and below the square canvas.
  const float left_m = ImGui::CalcTextSize("-0.00").x + 4, bottom_m = ImGui::GetTextLineHeight() + 2;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
  const bool side_by_side = avail.x > avail.y + 140;
  float side;
  ImVec2 dec_size;
  if (side_by_side) {
    side = std::max(60.f, std::min(avail.y - bottom_m, avail.x - 150 - left_m));
    dec_size = ImVec2(avail.x - left_m - side - spacing.x, side);
  } else {
    side = std::max(60.f, std::min(avail.x - left_m, avail.y - 96 - bottom_m));
    dec_size = ImVec2(avail.x, avail.y - side - bottom_m - spacing.y);
  }
  ImGui::BeginGroup();
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + left_m + (side_by_side ? 0.f : std::max(0.f, (avail.x - left_m - side) / 2)));
  const ImVec2 c0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##map", ImVec2(side, side), ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  update_view(s, arm, view, side);
  Xform xf{c0, side, cx_, cy_, scale_};
  handle_input(s, arm, view, xf, events);
  xf = Xform{c0, side, cx_, cy_, scale_};
  request_manifold(s, arm, view, xf, events, stats);
  draw_map(s, arm, view, ctx, xf);
  hover_tooltip(s, arm, view, xf, *ctx.thumbs);
  events.region("latent-" + A.name, c0, ImVec2(c0.x + side, c0.y + side));
  ImGui::Dummy(ImVec2(side, bottom_m - spacing.y));
  ImGui::EndGroup();

  if (side_by_side) ImGui::SameLine();
  draw_decoded(s, arm, view, dec_size, events, stats);
}

}  // namespace app
