#include "app/panels/curves.h"

#include <cmath>

#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"

namespace app {

void CurvesPanel::series(const std::vector<ll::MetricPoint>& pts, int metric, double sign, double smooth,
                         std::vector<Xy>& buf) const {
  buf.clear();
  double ema = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    const ll::MetricPoint& p = pts[i];
    const double v = metric == 0 ? p.loss : metric == 1 ? p.rec : p.kl;
    // Bias-corrected EMA (as TensorBoard's smoothing), so the start is not pulled to 0.
    ema = smooth * ema + (1 - smooth) * v;
    const double y = smooth > 0 ? ema / (1 - std::pow(smooth, double(i + 1))) : v;
    buf.push_back({x_epochs_ ? p.epoch : double(p.step), sign * y});
  }
}

void CurvesPanel::draw(const ll::Snapshot& s, Events& events, int64_t marker_step, double marker_epoch) {
  const ImVec2 w0 = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
  events.region("curves", w0, ImVec2(w0.x + ws.x, w0.y + ws.y));

  // Options row.
  int sign = elbo_ ? 1 : 0;
  ImGui::SetNextItemWidth(118);
  if (ImGui::Combo("##sign", &sign, "−ELBO (loss)\0ELBO\0")) elbo_ = sign == 1;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("−ELBO = reconstruction + β·KL, nats per image: lower is better.\n"
                      "ELBO, its negative, is the lower bound on log p(x) the paper maximises.\n"
                      "The AE has no KL: its curve is its reconstruction loss.");
  ImGui::SameLine();
  ImGui::Checkbox("log y", &log_y_);
  ImGui::SameLine();
  int xs = x_epochs_ ? 1 : 0;
  ImGui::SetNextItemWidth(74);
  if (ImGui::Combo("##x", &xs, "steps\0epochs\0")) x_epochs_ = xs == 1;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderFloat("##smooth", &smoothing_, 0.f, 0.95f, "smooth %.2f");

  const char* x_label = x_epochs_ ? "epoch" : "step";
  const float h = (ImGui::GetContentRegionAvail().y - 2 * ImGui::GetStyle().ItemSpacing.y) / 3;
  const char* titles[3] = {elbo_ ? "ELBO, nats/image (higher is better)" : "−ELBO, nats/image",
                           "Reconstruction −log p(x|z), nats", "KL(q(z|x) ‖ p(z)), nats"};
  for (int metric = 0; metric < 3; ++metric) {
    widgets::Plot& plot = plots_[metric];
    if (!plot.begin(titles[metric], ImVec2(-1, h))) continue;
    const double sgn = metric == 0 && elbo_ ? -1.0 : 1.0;
    plot.setup_title(titles[metric]);
    plot.setup_axes(x_label, "nats");
    // ELBO is negative: no log axis for it.
    plot.setup_log_y(log_y_ && sgn > 0);
    plot.setup_legend(metric == 0);
    if (marker_step >= 0) plot.setup_marker_x(x_epochs_ ? marker_epoch : double(marker_step));
    for (size_t arm = 0; arm < s.arms.size(); ++arm) {
      const ll::ArmSnapshot& A = s.arms[arm];
      const bool vae = A.arm.kind == ll::ModelKind::Vae;
      if (metric == 2 && !vae) continue;  // the AE has no KL term
      const std::string label = widgets::arm_label(s.config, arm), train_label = label + " train", test_label = label + " test";
      widgets::LineStyle train{widgets::arm_color(vae, int(arm)), 1.6f, false, true};
      widgets::LineStyle test{widgets::arm_color(vae, int(arm), 200), 1.0f, true, true};
      series(A.train, metric, sgn, smoothing_, buf_);
      plot.line_g(train_label.c_str(), train, int(buf_.size()), [&](int i) { return buf_[i]; });
      series(A.test, metric, sgn, 0.0, buf_);
      plot.line_g(test_label.c_str(), test, int(buf_.size()), [&](int i) { return buf_[i]; });
    }
    plot.end();
  }
}

}  // namespace app
