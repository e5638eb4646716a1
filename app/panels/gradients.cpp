#include "app/panels/gradients.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/widgets/arm_label.h"
#include "app/widgets/text.h"
#include "core/vae/forward.h"
#include "core/vae/objective.h"

namespace app {
namespace {

constexpr ImU32 kReparam = IM_COL32(255, 150, 40, 255);
constexpr ImU32 kScore = IM_COL32(235, 70, 70, 255);
constexpr ImU32 kBaseline = IM_COL32(120, 170, 255, 255);

struct Xy {
  double x, y;
};

void number(const char* label, const char* value, const char* help) {
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", label);
  ImGui::SameLine();
  ImGui::TextUnformatted(value);
  ImGui::EndGroup();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
}

}  // namespace

void GradientsPanel::plot_and_ratios(const ll::Snapshot& s, const TheoryMeasure& theory, int64_t marker_step,
                                     ImVec2 size) {
  std::vector<TheoryPoint>& h = grad_points_;
  h.clear();
  for (const TheoryPoint& q : theory.history())
    if (q.grad) h.push_back(q);
  ImGui::BeginGroup();
  const float numbers_h = 4 * ImGui::GetTextLineHeightWithSpacing();
  if (plot_.begin("##gradvar", ImVec2(size.x, std::max(60.f, size.y - numbers_h)))) {
    plot_.setup_title("variance of ∂objective/∂φ (log)");
    plot_.setup_axes("step", "variance");
    plot_.setup_log_y(true);
    if (marker_step >= 0) plot_.setup_marker_x(double(marker_step));
    const int n = int(h.size());
    plot_.line_g("reparameterized", widgets::LineStyle{kReparam, 1.8f, n < 40, true}, n,
                 [&](int i) { return Xy{double(h[i].step), h[i].reparam}; });
    plot_.line_g("score function", widgets::LineStyle{kScore, 1.8f, n < 40, true}, n,
                 [&](int i) { return Xy{double(h[i].step), h[i].score}; });
    plot_.line_g("score + baseline", widgets::LineStyle{kBaseline, 1.8f, n < 40, true}, n,
                 [&](int i) { return Xy{double(h[i].step), h[i].baseline}; });
    plot_.end();
  }
  if (ImGui::IsItemHovered() && ImGui::GetIO().MousePos.y < plot_.rect_min().y + ImGui::GetTextLineHeight() + 2)
    ImGui::SetTooltip("Mean over the encoder's parameters of each gradient estimate's variance over %d draws of ε,\n"
                      "on the first %d held-out images: how noisy a training step would be with that estimator.",
                      TheoryMeasure::kDraws, TheoryMeasure::kGradImages);
  // The ratios at the step shown (the last measurement at or before it).
  const TheoryPoint* p = nullptr;
  for (const TheoryPoint& q : h)
    if (marker_step < 0 || q.step <= marker_step) p = &q;
  char buf[96], help[320];
  if (!p) {
    ImGui::TextDisabled(theory.measuring() ? "measuring the first %d draws…" : "not measured yet", TheoryMeasure::kDraws);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g×", p->score / p->reparam);
    std::snprintf(help, sizeof help,
                  "Score-function variance / reparameterized variance at step %s (%.3g / %.3g): how many times\n"
                  "more draws the score function needs for the same noise in a gradient step.",
                  widgets::thousands(p->step).c_str(), p->score, p->reparam);
    number("score / reparam", buf, help);
    std::snprintf(buf, sizeof buf, "%.3g×", p->baseline / p->reparam);
    std::snprintf(help, sizeof help,
                  "The same with a leave-one-out baseline (the batch's other images' log p(x|z)) subtracted\n"
                  "from each sample's log p(x|z) (%.3g / %.3g): a baseline helps, the trick helps more.",
                  p->baseline, p->reparam);
    number("baseline / reparam", buf, help);
  }
  std::snprintf(buf, sizeof buf, "%d draws, %d images, every %.0f s", TheoryMeasure::kDraws,
                TheoryMeasure::kGradImages, theory.interval_s());
  ImGui::TextDisabled("%s", buf);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Measured off the training thread on the live VAE (%s); the next round waits for\n"
                      "the Collapse panel's cadence or %.0f× the last round's cost, whichever is longer.%s%s",
                      theory.arm() >= 0 ? widgets::arm_label(s.config, size_t(theory.arm())).c_str() : "none",
                      TheoryMeasure::kDutyFactor, p ? "\nLast round of draws (ms): " : "",
                      p ? std::to_string(int(p->grad_ms)).c_str() : "");
  if (!theory.error().empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", theory.error().c_str());
  ImGui::EndGroup();
}

void GradientsPanel::numbers_for(const ll::Snapshot& s, int arm, const Focus& focus) {
  const ll::ArmSnapshot& A = s.arms[size_t(arm)];
  const int L = s.config.model.latent;
  nums_.valid = false;
  nums_.latent = L;
  if (int(eps_.size()) != L) {
    eps_.resize(size_t(L));
    std::normal_distribution<float> nd;
    for (float& e : eps_) e = nd(rng_);
    ++eps_version_;
  }
  // The focus is a test image (hovered, or end A) or nothing the diagram can use.
  if (focus.source == Focus::Source::Canvas || !focus.end.is_image) return;
  const int row = focus.end.image;
  if (row < 0 || size_t(row) >= s.code_index.size() || A.codes_mu.size() < size_t(row + 1) * L ||
      A.codes_logvar.size() < size_t(row + 1) * L || !A.model || !s.data)
    return;
  nums_.mu.assign(A.codes_mu.begin() + size_t(row) * L, A.codes_mu.begin() + size_t(row + 1) * L);
  nums_.sigma.resize(size_t(L));
  nums_.eps = eps_;
  nums_.z.resize(size_t(L));
  for (int j = 0; j < L; ++j) {
    nums_.sigma[j] = std::exp(0.5f * A.codes_logvar[size_t(row) * L + j]);
    nums_.z[j] = nums_.mu[j] + nums_.sigma[j] * eps_[j];
  }
  const uint32_t image = s.code_index[size_t(row)];
  if (A.model.get() != model_ || int(image) != image_ || eps_version_ != used_eps_version_) {
    // One decode (microseconds), and only when the image, the model or ε changed.
    const ll::Model& m = *A.model;
    ws_.reserve(m.config(), 1);
    x_.resize(s.data->image_size());
    ll::pixels_to_floats(s.data->test_image(image), x_.size(), x_.data());
    ll::decode(m, nums_.z.data(), 1, ws_);
    nums_.log_px_z = -ll::reconstruction_loss(m, x_.data(), ws_.logits.data(), 1, ws_, nullptr, 1.f, nullptr);
    model_ = A.model.get();
    image_ = int(image);
    used_eps_version_ = eps_version_;
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "test image %u (%s) on %s", image,
                focus.source == Focus::Source::HoveredDot ? "hovered" : "interpolation end A",
                widgets::arm_label(s.config, size_t(arm)).c_str());
  source_ = buf;
  nums_.source = source_.c_str();
  nums_.valid = true;
}

void GradientsPanel::draw(const ll::Snapshot& shown, const TheoryMeasure& theory, int64_t marker_step,
                          const Focus& focus, Events& events) {
  const ImVec2 c0 = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  events.region("gradients", c0, ImVec2(c0.x + avail.x, c0.y + avail.y));
  int arm = -1;
  for (size_t i = 0; i < shown.arms.size() && arm < 0; ++i)
    if (shown.arms[i].arm.kind == ll::ModelKind::Vae) arm = int(i);
  if (arm < 0) {
    ImGui::TextDisabled("No VAE in this run: the trick is how a VAE passes the gradient through its sample");
    ImGui::TextDisabled("z ~ q(z|x); a plain autoencoder has no q(z|x) and no sample.");
    return;
  }
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  const float left_w = std::floor(avail.x * 0.30f);
  plot_and_ratios(shown, theory, marker_step, ImVec2(left_w, avail.y));
  ImGui::SameLine(0, 2 * sp);
  ImGui::BeginGroup();
  numbers_for(shown, arm, focus);
  if (ImGui::SmallButton("new ε")) {
    std::normal_distribution<float> nd;
    for (float& e : eps_) e = nd(rng_);
    ++eps_version_;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw another ε ~ N(0, I): z moves, μ and σ stay.");
  ImGui::SameLine();
  ImGui::TextDisabled("%s", nums_.valid ? nums_.source : "no image in focus: hover a test dot, or pin end A to a test image");
  const float rest = avail.y - ImGui::GetFrameHeightWithSpacing();
  draw_trick_diagram(nums_, ImVec2(avail.x - left_w - 2 * sp, std::max(40.f, rest)));
  ImGui::EndGroup();
}

}  // namespace app
