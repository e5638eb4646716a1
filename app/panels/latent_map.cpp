#include "app/panels/latent_map.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/map/overlays.h"
#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"

namespace app {

const HoleArmView* LatentMapPanel::hole_tiles(const MapContext& ctx, size_t arm) const {
  if (!ctx.display->show_holes || !ctx.holes) return nullptr;
  const HoleArmView* h = ctx.holes->arm(arm);
  // Tiles of another plane would tint the wrong places: none until this plane's land, except
  // those of an earlier fit of the same principal plane (MapPlane::family), which differ by a
  // few degrees and are marked as such.
  if (!h || h->grid <= 0 || !h->tiles.valid() || h->family != ctx.plane->family(arm)) return nullptr;
  return h;
}

bool LatentMapPanel::draw_gl_points(ImDrawList* dl, const ll::Snapshot& s, size_t arm, const MapContext& ctx,
                                    const Selection& selection, const Xform& xf, RunStats& stats) {
  if (stats.points_drawn.size() < s.arms.size()) stats.points_drawn.resize(s.arms.size());
  stats.points_drawn[arm] = 0;
  if (!ctx.gl || !ctx.gl->points.valid() || !gl_points_.ready(s)) return false;
  double upload_ms = 0, upload_cpu_ms = 0;
  const size_t n = gl_points_.draw(dl, *ctx.gl, ctx.plane->of(arm), ctx.plane->projection_id(arm), ctx.highlight_class,
                                   selection, xf, upload_ms, upload_cpu_ms);
  stats.codes_upload_ms_max = std::max(stats.codes_upload_ms_max, upload_ms);
  stats.codes_upload_cpu_ms_max = std::max(stats.codes_upload_cpu_ms_max, upload_cpu_ms);
  if (stats.points_redraws.size() < s.arms.size()) stats.points_redraws.resize(s.arms.size());
  stats.points_redraws[arm] = gl_points_.redraws();
  stats.points_drawn[arm] = n;
  if (!n) return false;
  // When the codes were computed: they lag the snapshot by up to a refresh.
  const std::string caption = gl_points_.caption();
  const ImVec2 p(xf.c0.x + 4, xf.c0.y + xf.side - ImGui::GetTextLineHeight() - 3);
  const ImVec2 size = ImGui::CalcTextSize(caption.c_str());
  dl->AddRectFilled(ImVec2(p.x - 3, p.y - 1), ImVec2(p.x + size.x + 3, p.y + size.y + 1), IM_COL32(20, 20, 24, 170), 3);
  dl->AddText(p, IM_COL32(200, 200, 205, 220), caption.c_str());
  return true;
}

void LatentMapPanel::draw_layers(const ll::Snapshot& s, size_t arm, const MapContext& ctx, const MapWrites& out,
                                 const Xform& xf, RunStats& stats) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const MapDisplay& show = *ctx.display;
  const bool vae = A.arm.kind == ll::ModelKind::Vae;
  const int L = s.config.model.latent;
  const MapPlane& plane = *ctx.plane;
  const ll::LatentPlane& P = plane.of(arm);
  const uint64_t pid = plane.projection_id(arm);
  const std::vector<float>& xy = plane.xy(arm);
  const size_t n = xy.size() / 2;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 c0 = xf.c0, c1(c0.x + xf.side, c0.y + xf.side);

  dl->PushClipRect(c0, c1, true);
  if (const HoleArmView* holes = hole_tiles(ctx, arm))
    draw_hole_tiles(dl, xf, *holes);
  else if (show.show_manifold && manifold_.valid() && L >= 2)
    manifold_.draw(dl, xf);
  // Density: q(z) or the codes' kernel density, from the points layer's worker.
  gl_points_.update(s, arm, show, P, pid, plane.family(arm));
  if (show.show_density && gl_points_.ready(s))
    density_.draw(dl, *gl_points_.codes(), gl_points_.codes_id(), vae, pid, plane.family(arm), xf,
                  MapAxes::y_name_inside(plane.axis_name(arm, 1, true), xf));
  axes_.grid(dl, xf, plane.axis_name(arm, 0, true), plane.axis_name(arm, 1, true), L);
  posterior_.draw_heatmap(dl, xf);  // under the points until the map's layer stack takes it
  if (vae && show.show_prior) draw_prior_rings(dl, xf, P);
  // Points: every code on the GPU; ImGui draws the snapshot's subset when the GL layer
  // cannot (a shader failed, the codes are not encoded yet) and the σ ellipses.
  if (show.show_points) {
    const bool gl_drawn = !show.show_ellipses && draw_gl_points(dl, s, arm, ctx, out.selection, xf, stats);
    if (!gl_drawn && n) {
      points_.draw(dl, s, arm, P, pid, xy, ctx.highlight_class, show.show_ellipses, out.selection, xf);
      if (stats.points_drawn.size() > arm) stats.points_drawn[arm] = n;
    }
  } else if (stats.points_drawn.size() > arm) {
    stats.points_drawn[arm] = 0;
  }
  density_.draw_legend(dl);
  posterior_.draw_marks(dl, xf);
  draw_path(dl, xf, *ctx.paths, arm, P);
  // Marks: the dot hovered on another map; the drawing's code, on a past step by that step's
  // model (the Draw tab encodes with the snapshot shown).
  ringed_ = draw_linked_ring(dl, xf, s, arm, out.hover, P, gl_points_.ready(s) ? gl_points_.codes() : nullptr);
  if (ctx.canvas && arm < ctx.canvas->size()) draw_canvas_code(dl, xf, (*ctx.canvas)[arm], P);
  if (ctx.sample && (ctx.sample->hover_arm == int(arm) || (ctx.sample->hover_arm >= 0 && ctx.sample->hover_same_z)))
    draw_sample_mark(dl, xf, ctx.sample->hover_z, P);
  draw_cursor(dl, xf, out.cursor);
  brush_.draw(dl, xf);
  draw_pick_prompt(dl, xf, out.picks.armed);
  dl->PopClipRect();
  dl->AddRect(c0, c1, IM_COL32(255, 255, 255, 60));
  axes_.labels(dl);
}

void LatentMapPanel::hole_rate_tooltip(const ll::Snapshot& s, size_t arm, const MapContext& ctx, const HoleArmView* h) {
  const int L = s.config.model.latent;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
  if (h) {
    ImGui::Text("Hole rate of the %s%s: %.1f%% of %d points of the codes' box.", widgets::arm_label(s.config, arm).c_str(),
                ctx.past ? " (the timeline's step)" : "", 100 * h->rate, h->points);
    if (h->feature) ImGui::Text("And %.1f%% of %d draws of N(0, I), where a person samples.", 100 * h->prior_rate, h->prior_points);
    ImGui::TextWrapped(
        "A point is a hole when the image decoded there is farther (%s) from every training image than 95%% of "
        "test images are from their nearest training image. The box: the region this model's test codes occupy "
        "(1st to 99th percentile per dimension)%s.",
        h->feature ? "Euclidean distance between the classifier's features" : "mean squared pixel error",
        L == 2 ? ", a 20×20 grid" : ", 400 random points of it");
    ImGui::Text(h->feature ? "Threshold: feature distance %.3f, from %zu test images." : "Threshold: MSE %.4f per pixel, from %zu test images.",
                ctx.holes->threshold(), ctx.holes->threshold_images());
    ImGui::TextDisabled("The same rule for every model. Measured at step %s.", widgets::thousands(h->step).c_str());
    if (!h->feature)
      ImGui::TextDisabled(ctx.display->pixel_holes ? "Untick \"by pixels\" (Latent maps) for the feature rule."
                                                   : "The feature rule follows once the feature space is ready (built when the models train).");
    if (L > 2)
      ImGui::TextDisabled("The tinted tiles are this %s: %.0f%% of them are holes.",
                          ctx.plane->pca() ? "principal plane" : "slice", 100 * h->tile_rate);
    if (ctx.plane->pca() && h->plane_id != ctx.plane->id(arm))
      ImGui::TextDisabled("The tiles are of an earlier fit of this model's principal plane; this fit's are measured next.");
    if (!ctx.display->show_holes) ImGui::TextDisabled("Tick Holes (Latent maps) to see them tinted red on the map.");
  } else if (ctx.holes && !ctx.holes->error().empty()) {
    ImGui::Text("Holes could not be measured: %s", ctx.holes->error().c_str());
  } else {
    ImGui::TextUnformatted("Measuring the holes (in the background; the first time also the dataset's threshold)…");
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void LatentMapPanel::header(const ll::Snapshot& s, size_t arm, const MapContext& ctx) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const bool vae = A.arm.kind == ll::ModelKind::Vae;
  const int L = s.config.model.latent;
  // The hole rate, right-aligned before the help mark: the same rule for every model.
  char rate[64] = "holes …";
  const HoleArmView* h = ctx.holes ? ctx.holes->arm(arm) : nullptr;
  auto pct = [](double r) { return r < 0.1 ? 1 : 0; };  // decimals: 0.4% and 35%
  if (h && h->feature)
    std::snprintf(rate, sizeof rate, "holes %.*f%% box, %.*f%% N(0,I)", pct(h->rate), 100 * h->rate,
                  pct(h->prior_rate), 100 * h->prior_rate);
  else if (h)
    std::snprintf(rate, sizeof rate, "pixel holes %.*f%% box", pct(h->rate), 100 * h->rate);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(vae, int(arm))), "%s", widgets::arm_label(s.config, arm).c_str());
  ImGui::SameLine();
  char sub[96];
  if (const ll::PrincipalPlane* p = ctx.plane->principal(arm))
    std::snprintf(sub, sizeof sub, "%d-D, PCA plane: %.0f%% of the codes' variance", L,
                  100 * (p->explained(0) + p->explained(1)));
  else if (L > 2)
    std::snprintf(sub, sizeof sub, "%d-D, slice %s × %s", L, ctx.plane->axis_name(arm, 0).c_str(),
                  ctx.plane->axis_name(arm, 1).c_str());
  else
    std::snprintf(sub, sizeof sub, "%s of %s images", vae ? "μ" : "codes",
                  widgets::thousands(gl_points_.ready(s) ? (long long)gl_points_.count() : (long long)s.code_index.size()).c_str());
  // The subtitle gives way to the hole rates when the map is narrow.
  const float rate_x = ImGui::GetContentRegionMax().x - ImGui::CalcTextSize("(?)").x - ImGui::CalcTextSize(rate).x - 10;
  if (ImGui::GetCursorPosX() + ImGui::CalcTextSize(sub).x + 8 < rate_x) ImGui::TextDisabled("%s", sub);

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
  if (ImGui::IsItemHovered()) hole_rate_tooltip(s, arm, ctx, h);
  ImGui::SameLine(ImGui::GetContentRegionMax().x - help_w);
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Each dot is a test image encoded by the %s, coloured by class.\n"
                      "Under the dots: the images the decoder makes at each place (Manifold).\n"
                      "%s"
                      "Drag: move the cursor (both maps decode the same point)\n"
                      "Right-drag: pan    Wheel: zoom    Double-click: fit to the codes\n"
                      "Hover a dot: its test image, ringed on the other map too\n"
                      "Click a dot: interpolate from/to it (ends A and B in turn)\n"
                      "Shift+drag: lasso test images    Shift+Alt+drag: rectangle\n"
                      "  (selected in both maps and listed in the Selection tab; Esc clears)%s",
                      widgets::arm_label(s.config, arm).c_str(), vae ? "Circles: the prior N(0, I) at 1σ, 2σ, 3σ.\n" : "",
                      vae ? "" : "\n\nNo posterior overlay here: an AE's encoder gives each image one point, not a\n"
                                 "distribution over z, so there is no p(z|x) or ELBO to show.");
}

void LatentMapPanel::draw(const ll::Snapshot& s, size_t arm, const MapContext& ctx, MapWrites out, Events& events,
                          RunStats& stats) {
  if (arm >= s.arms.size()) return;
  const ll::ArmSnapshot& A = s.arms[arm];
  const MapPlane& plane = *ctx.plane;
  header(s, arm, ctx);

  // Room for tick labels left of and below the square canvas, and under them the posterior's
  // readout (inside the square it hid the codes in the corner).
  const float left_m = ImGui::CalcTextSize("-0.00").x + 4;
  const float readout_h = PosteriorLayer::readout_height(s);
  const float bottom_m = ImGui::GetTextLineHeight() + 2 + readout_h;
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
  camera_.follow(s, arm, plane, side);
  // A brush owns the left button from a Shift+press to the release; else the map's input.
  if (!brush_.handle(s, arm, plane, camera_.xform(c0, side), gl_points_, out.selection, events))
    input_.handle(s, arm, plane, camera_.xform(c0, side), camera_, out.cursor, out.picks);
  const Xform xf = camera_.xform(c0, side);
  manifold_.update(s, arm, plane, ctx.display->show_manifold, xf, events, stats);
  if (ctx.focus) posterior_.update(s, arm, *ctx.focus, ctx.drawing, ctx.display->show_posterior, events);
  draw_layers(s, arm, ctx, out, xf, stats);
  if (ringed_ != said_ringed_) {
    if (ringed_ >= 0) events.say("LINKED map=%s image=%d", A.name.c_str(), ringed_);
    said_ringed_ = ringed_;
  }
  if (gl_points_.take_drawn_news())
    events.say("CODES map=%s n=%zu step=%lld rho=%.3f density_ms=%.1f", A.name.c_str(), gl_points_.count(),
               (long long)gl_points_.codes()->step, gl_points_.codes()->density_correlation,
               gl_points_.codes()->density_ms);
  if (!input_.dragging() && !brush_.active())
    tooltip_.draw(s, arm, plane, xf, gl_points_, *ctx.thumbs, out.picks.armed, ctx.ends->next_pin, out.hover, events);
  events.region("latent-" + A.name, c0, ImVec2(c0.x + side, c0.y + side));
  ImGui::Dummy(ImVec2(side, bottom_m - readout_h - spacing.y));
  posterior_.draw_readout(s, arm, left_m + side);
  ImGui::EndGroup();

  if (side_by_side) ImGui::SameLine();
  decoded_.draw(s, arm, plane, out.cursor, dec_size, events, stats);
}

}  // namespace app
