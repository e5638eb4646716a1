#include "app/panels/collapse.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"
#include "core/latent/diagnostics.h"

namespace app {
namespace {

// One line "label  value" of a row's stack of numbers; hovering it explains it.
void number(const char* label, const char* value, const char* help, float value_x, bool warn = false) {
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", label);
  ImGui::SameLine(value_x);
  if (warn)
    ImGui::TextColored(ImVec4(1.f, 0.78f, 0.35f, 1), "%s", value);
  else
    ImGui::TextUnformatted(value);
  ImGui::EndGroup();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
}

}  // namespace

void CollapsePanel::arm_row(const ll::Snapshot& s, size_t arm, bool past, float width, float height) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const ll::CollapseStats& c = A.collapse;
  const bool vae = A.arm.kind == ll::ModelKind::Vae;
  const int L = s.config.model.latent;
  const ImVec2 r0 = ImGui::GetCursorScreenPos();
  // Left: the model and its numbers, one per line; right: the bars.
  const float stack_w = 150, value_x = 54;
  ImGui::BeginGroup();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(vae, int(arm))), "%s", widgets::arm_label(s.config, arm).c_str());
  if (ImGui::IsItemHovered() && A.collapse_step >= 0)
    ImGui::SetTooltip("Measured at step %s on %zu held-out test images (every few seconds while training).",
                      widgets::thousands(A.collapse_step).c_str(), c.count);
  // A timeline frame carries the last measurement before it: say which step that was.
  if (past && A.collapse_step >= 0) ImGui::TextDisabled("at step %s", widgets::thousands(A.collapse_step).c_str());
  if (A.collapse_step < 0) {
    ImGui::TextDisabled(past ? "not measured yet at this step" : "measuring…");
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::Dummy(ImVec2(std::max(1.f, width - stack_w), std::max(1.f, height - (ImGui::GetCursorScreenPos().y - r0.y))));
    return;
  }
  char buf[64];
  if (vae) {
    std::snprintf(buf, sizeof buf, "%.2f nats", c.kl_total);
    number("KL", buf,
           "KL(q(z|x) ‖ p(z)) summed over the dimensions, averaged over held-out images:\n"
           "how many nats the codes carry beyond what the prior already says.",
           value_x);
  }
  std::snprintf(buf, sizeof buf, "%d of %d", c.active_units, L);
  number("active", buf,
         "Active units: dimensions whose posterior mean moves with the input (its variance\n"
         "over images is above 0.01). The others carry nothing about the image.",
         value_x, c.active_units < L);
  if (vae) {
    // Close to its cap log n the estimate says "at least this much", not "this much".
    const double cap = std::log(double(std::max<size_t>(1, c.mi_count)));
    const bool capped = c.mutual_info > 0.95 * cap;
    std::snprintf(buf, sizeof buf, capped ? "%.2f ≈ max" : "%.2f nats", c.mutual_info);
    char help[320];
    std::snprintf(help, sizeof help,
                  "Mutual information I(x; z): how much the code tells you about which image it came\n"
                  "from, in nats. Measured on %zu images, so it can never exceed log %zu = %.2f%s.",
                  c.mi_count, c.mi_count, cap, capped ? ": here it is at that cap, the true value may be larger" : "");
    number("I(x;z)", buf, help, value_x);
    // From this measurement itself (a timeline frame carries its own), not the bounds history.
    if (c.iwae_k > 0 && std::isfinite(c.iwae) && std::isfinite(c.elbo)) {
      std::snprintf(buf, sizeof buf, "%.2f nats", c.iwae - c.elbo);
      std::snprintf(help, sizeof help,
                    "IWAE − ELBO on held-out images (%.1f and %.1f): how far the encoder's Gaussian\n"
                    "q(z|x) is from the true posterior p(z|x). The IWAE bound (k = %d samples per image)\n"
                    "is the tighter lower bound on log p(x).",
                    c.iwae, c.elbo, c.iwae_k);
      number("gap", buf, help, value_x);
    }
  } else {
    ImGui::TextDisabled("no prior: no KL,");
    ImGui::TextDisabled("no I(x;z), no bound");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("A plain autoencoder has no q(z|x) and no prior, so none of these exist for it.");
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, 0);
  ImGui::SetCursorScreenPos(ImVec2(r0.x + stack_w, r0.y));
  ImGui::BeginGroup();
  const float bar_w = std::max(40.f, width - stack_w);

  // Bars: the VAE's KL per dimension; the AE has no prior, so its code's variance instead.
  const std::vector<double>& v = vae ? c.kl_per_dim : c.mu_variance;
  const float bars_h = std::max(20.f, height - 4);
  const ImVec2 b0 = ImGui::GetCursorScreenPos();
  const ImVec2 size(bar_w, bars_h);
  ImGui::InvisibleButton("##bars", size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float label_w = 46;
  const ImVec2 a0(b0.x + label_w, b0.y + 2), a1(b0.x + size.x, b0.y + size.y - ImGui::GetTextLineHeight() - 2);
  double vmax = vae ? 0.5 : 0.05;  // a floor, so a collapsed model's bars look small, not full
  for (double x : v)
    if (std::isfinite(x)) vmax = std::max(vmax, x);
  const ImU32 col = widgets::arm_color(vae, int(arm), 220), dim_col = IM_COL32(140, 140, 150, 140);
  const int n = int(v.size());
  const float slot = n ? (a1.x - a0.x) / float(n) : 0;
  const float bw = std::max(1.f, std::min(slot - (slot > 4 ? 2.f : 0.f), 40.f));
  dl->AddLine(ImVec2(a0.x, a1.y), ImVec2(a1.x, a1.y), IM_COL32(255, 255, 255, 60));
  std::snprintf(buf, sizeof buf, "%.2g", vmax);
  dl->AddText(ImVec2(b0.x, a0.y - 2), IM_COL32(170, 175, 185, 255), buf);
  dl->AddText(ImVec2(b0.x, a1.y - ImGui::GetTextLineHeight()), IM_COL32(170, 175, 185, 255), "0");
  int hovered = -1;
  const ImVec2 m = ImGui::GetIO().MousePos;
  for (int j = 0; j < n; ++j) {
    const double x = std::isfinite(v[j]) ? v[j] : 0;
    const float cx = a0.x + slot * (float(j) + 0.5f);
    const float h = float(x / vmax) * (a1.y - a0.y);
    const bool active = j < int(c.mu_variance.size()) && c.mu_variance[j] > ll::kActiveUnitThreshold;
    dl->AddRectFilled(ImVec2(cx - bw / 2, a1.y - std::max(1.f, h)), ImVec2(cx + bw / 2, a1.y), active ? col : dim_col);
    if (n <= 24 || j % ((n + 23) / 24) == 0) {
      const std::string name = std::to_string(j + 1);
      const float tw = ImGui::CalcTextSize(name.c_str()).x;
      dl->AddText(ImVec2(cx - tw / 2, a1.y + 1), IM_COL32(170, 175, 185, 255), name.c_str());
    }
    if (ImGui::IsItemHovered() && m.x >= cx - slot / 2 && m.x < cx + slot / 2) hovered = j;
  }
  dl->AddText(ImVec2(b0.x, a1.y + 1), IM_COL32(170, 175, 185, 255), vae ? "KL/dim" : "Var/dim");
  if (hovered >= 0) {
    const double var = hovered < int(c.mu_variance.size()) ? c.mu_variance[hovered] : NAN;
    if (vae)
      ImGui::SetTooltip("%s: KL %.3f nats, variance of μ over images %.3f (%s).\n"
                        "Each bar is one latent dimension's KL: a bar near zero means the encoder\n"
                        "ignores that dimension — it has collapsed to the prior.",
                        widgets::dim_name(hovered).c_str(), v[hovered], var,
                        var > ll::kActiveUnitThreshold ? "active" : "inactive");
    else
      ImGui::SetTooltip("%s: variance of the code over images %.3f (%s).\n"
                        "The AE has no prior and so no KL: the bars show how much each dimension\n"
                        "varies with the input instead.",
                        widgets::dim_name(hovered).c_str(), var, var > ll::kActiveUnitThreshold ? "active" : "inactive");
  } else if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(vae ? "KL per latent dimension (nats). Grey: inactive units."
                          : "Variance of each code dimension over images. Grey: inactive units.");
  }
  ImGui::EndGroup();
  // The row's full height, whichever side is taller.
  ImGui::SetCursorScreenPos(ImVec2(r0.x, r0.y + height));
  ImGui::Dummy(ImVec2(0, 0));
}

void CollapsePanel::exact_column(const ll::Snapshot& s, int64_t marker_step, const TheoryMeasure& theory,
                                 ImVec2 size) {
  ImGui::BeginGroup();
  const int L = s.config.model.latent;
  if (L > 2 || theory.arm() < 0) {
    ImGui::TextDisabled("exact log p(x): not shown");
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x);
    ImGui::TextDisabled(theory.arm() < 0 ? "There is no VAE in this run: an AE has no p(z) to integrate."
                                         : "It needs a grid over z, which is only affordable for a latent size of 1 "
                                           "or 2 (this run has %d).",
                        L);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(size.x, 1));
    ImGui::EndGroup();
    return;
  }
  std::vector<TheoryPoint>& h = exact_points_;
  h.clear();
  for (const TheoryPoint& q : theory.history())
    if (q.exact) h.push_back(q);
  const float numbers_h = 2 * ImGui::GetTextLineHeightWithSpacing();
  const int a = theory.arm();
  if (exact_.begin("##exact", ImVec2(size.x, std::max(60.f, size.y - numbers_h)))) {
    exact_.setup_title("log p(x) ≥ IWAE ≥ ELBO, nats");
    exact_.setup_axes("step", "nats");
    if (marker_step >= 0) exact_.setup_marker_x(double(marker_step));
    exact_.setup_fit_from_x(0.25 * double(s.step));
    const int n = int(h.size());
    const bool dots = n < 40;
    exact_.line_g("log p(x)", widgets::LineStyle{IM_COL32(250, 250, 250, 255), 2.2f, dots, true}, n,
                  [&](int i) { return Xy{double(h[i].step), h[i].log_px}; });
    exact_.line_g("IWAE", widgets::LineStyle{widgets::arm_color(true, a), 1.6f, dots, true}, n,
                  [&](int i) { return Xy{double(h[i].step), h[i].iwae}; });
    exact_.line_g("ELBO", widgets::LineStyle{widgets::arm_color(true, a, 120), 1.0f, dots, true}, n,
                  [&](int i) { return Xy{double(h[i].step), h[i].elbo}; });
    exact_.end();
  }
  if (ImGui::IsItemHovered() && ImGui::GetIO().MousePos.y < exact_.rect_min().y + ImGui::GetTextLineHeight() + 2)
    ImGui::SetTooltip("The evidence itself, log p(x) by quadrature over z, with its two lower bounds on the same\n"
                      "%d held-out images (%s): the ELBO by Gauss–Hermite, IWAE by sampling.",
                      TheoryMeasure::kExactImages, widgets::arm_label(s.config, size_t(a)).c_str());
  // The numbers at the step shown: the last measurement at or before it.
  const TheoryPoint* p = nullptr;
  for (const TheoryPoint& q : h)
    if (q.exact && (marker_step < 0 || q.step <= marker_step)) p = &q;
  if (!p) {
    ImGui::TextDisabled(theory.measuring() ? "measuring log p(x)…" : "log p(x): not measured yet");
  } else {
    char buf[64], help[320];
    std::snprintf(buf, sizeof buf, "%.2f", p->log_px);
    std::snprintf(help, sizeof help,
                  "log p(x) at step %s: the log-evidence per image, integrated over a grid on z; its error bar,\n"
                  "the largest identity residual over the images, is %.3f nats.",
                  widgets::thousands(p->step).c_str(), p->identity_error);
    number("log p(x)", buf, help, 62);
    ImGui::SameLine(0, 16);
    std::snprintf(buf, sizeof buf, "%.2f", p->log_px - p->iwae);
    std::snprintf(help, sizeof help, "log p(x) − IWAE (k = %d, IWAE %.2f): what the tighter bound still misses.",
                  p->iwae_k, p->iwae);
    number("− IWAE", buf, help, 54);
    ImGui::SameLine(0, 16);
    std::snprintf(buf, sizeof buf, "%.2f", p->log_px - p->elbo);
    std::snprintf(help, sizeof help,
                  "log p(x) − ELBO (ELBO %.2f) = KL(q(z|x) ‖ p(z|x)) averaged over the images: the price of\n"
                  "the encoder's Gaussian, in nats.",
                  p->elbo);
    number("− ELBO", buf, help, 54);
  }
  ImGui::EndGroup();
}

void CollapsePanel::draw(const ll::Snapshot& shown, const ll::Snapshot& live, int64_t marker_step,
                         const TheoryMeasure& theory, Events& events) {
  const ImVec2 c0 = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  events.region("collapse", c0, ImVec2(c0.x + avail.x, c0.y + avail.y));
  // The rows show the step on screen; the bounds plot is the whole run's, marked there.
  const ll::Snapshot& s = live;
  if (s.arms.empty() || shown.arms.size() != s.arms.size()) return;
  bool any_vae = false;
  for (const ll::ArmSnapshot& a : s.arms) any_vae |= a.arm.kind == ll::ModelKind::Vae;
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  const float left_w = any_vae ? std::floor(avail.x * 0.45f) : avail.x;
  const float row_h = (avail.y - ImGui::GetStyle().ItemSpacing.y * float(s.arms.size() - 1)) / float(s.arms.size());
  ImGui::BeginGroup();
  for (size_t i = 0; i < s.arms.size(); ++i) {
    ImGui::PushID(int(i));
    arm_row(shown, i, &shown != &live, left_w, row_h);
    ImGui::PopID();
  }
  ImGui::EndGroup();
  if (!any_vae) return;

  // IWAE and ELBO of each VAE on the same held-out images; beside them the exact column.
  ImGui::SameLine(0, 2 * sp);
  const float right_w = avail.x - left_w - 2 * sp;
  const float bounds_w = std::floor((right_w - 2 * sp) * 0.5f);
  ImGui::BeginGroup();
  // The two bounds are a few nats apart on a scale of hundreds: the gap gets its own plot.
  std::vector<Xy> iw, el;
  const float plots_h = avail.y;
  if (bounds_.begin("##bounds", ImVec2(bounds_w, std::floor(plots_h * 0.58f)))) {
    bounds_.setup_title("IWAE (thick), ELBO (thin), nats");
    bounds_.setup_axes("", "nats");
    if (marker_step >= 0) bounds_.setup_marker_x(double(marker_step));
    // The untrained start is hundreds of nats lower: fit the axis to the last three quarters.
    bounds_.setup_fit_from_x(0.25 * double(s.step));
    for (size_t a = 0; a < s.arms.size(); ++a) {
      const ll::ArmSnapshot& A = s.arms[a];
      if (A.arm.kind != ll::ModelKind::Vae) continue;
      iw.clear();
      el.clear();
      for (const ll::BoundPoint& b : A.bounds) {
        iw.push_back({double(b.step), b.iwae});
        el.push_back({double(b.step), b.elbo});
      }
      const std::string label = widgets::arm_label(s.config, a), li = label + " IWAE", le = label + " ELBO";
      bounds_.line_g(li.c_str(), widgets::LineStyle{widgets::arm_color(true, int(a)), 1.8f, false, true}, int(iw.size()),
                     [&](int i) { return iw[i]; });
      // A measurement every few seconds: no markers (they would pile up over a long run).
      bounds_.line_g(le.c_str(), widgets::LineStyle{widgets::arm_color(true, int(a), 120), 1.0f, false, true},
                     int(el.size()), [&](int i) { return el[i]; });
    }
    bounds_.end();
  }
  if (ImGui::IsItemHovered() && ImGui::GetIO().MousePos.y < bounds_.rect_min().y + ImGui::GetTextLineHeight() + 2)
    ImGui::SetTooltip("Two lower bounds on log p(x), the log-likelihood of held-out images, per image:\n"
                      "the ELBO the VAE maximises (thin) and the tighter IWAE bound with k samples (thick).\n"
                      "The gap between them is plotted below.");
  if (gap_.begin("##gap", ImVec2(bounds_w, plots_h - std::floor(plots_h * 0.58f) - ImGui::GetStyle().ItemSpacing.y))) {
    gap_.setup_title("gap: IWAE − ELBO (nats)");
    gap_.setup_axes("step", "nats");
    gap_.setup_fit_from_x(0.25 * double(s.step));
    if (marker_step >= 0) gap_.setup_marker_x(double(marker_step));
    for (size_t a = 0; a < s.arms.size(); ++a) {
      const ll::ArmSnapshot& A = s.arms[a];
      if (A.arm.kind != ll::ModelKind::Vae) continue;
      iw.clear();
      for (const ll::BoundPoint& b : A.bounds) iw.push_back({double(b.step), b.iwae - b.elbo});
      const std::string lg = widgets::arm_label(s.config, a) + " gap";
      gap_.line_g(lg.c_str(), widgets::LineStyle{widgets::arm_color(true, int(a)), 1.5f, false, true}, int(iw.size()),
                  [&](int i) { return iw[i]; });
    }
    gap_.end();
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, 2 * sp);
  exact_column(s, marker_step, theory, ImVec2(right_w - bounds_w - 2 * sp, plots_h));
}

}  // namespace app
