#include "app/panels/samples.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"

namespace app {
namespace {

const char* sampler_title(ll::Sampler k) {
  switch (k) {
    case ll::Sampler::Gaussian: return "Gaussian fitted to the codes";
    case ll::Sampler::Gmm: return "10-component GMM of the codes";
    default: return "prior N(0, I)";
  }
}

const char* sampler_help(ll::Sampler k) {
  switch (k) {
    case ll::Sampler::Gaussian:
      return "z drawn from one Gaussian fitted (mean and covariance) to the model's codes of 5,000\n"
             "training images (μ of q(z|x) for the VAE): the simplest sampler an AE can have.";
    case ll::Sampler::Gmm:
      return "z drawn from a mixture of 10 full-covariance Gaussians fitted by EM to the codes of\n"
             "5,000 training images: Ghosh et al. 2020 found this makes a plain AE sample as well as a VAE.";
    default:
      return "z drawn from N(0, I), the VAE's prior. The KL term pulls a VAE's codes towards it;\n"
             "nothing does for the AE, so its decodings of N(0, I) show what its space lacks.";
  }
}

}  // namespace

SamplesPanel::GridFit SamplesPanel::fit_grid(float w, float h) {
  // The largest tiles that still show a couple of dozen samples: at 12 px a 28×28 image is
  // a smudge, and a grid of four says nothing about a sampler.
  constexpr int kMinShown = 24;
  GridFit f;
  for (float cell = 48; cell >= 10; cell -= 2) {
    const int cols = std::min(SampleWorker::kGridCount, int(w / cell)), rows = int(h / cell);
    if (cols * rows >= kMinShown || cell <= 10) {
      f.cell = cell;
      f.cols = std::max(1, cols);
      f.rows = std::clamp(rows, 1, (SampleWorker::kGridCount + f.cols - 1) / f.cols);
      break;
    }
  }
  return f;
}

void SamplesPanel::top_bar(const FeatureSource& features, SampleChoice& choice, Events& events) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Sample z from");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(230);
  const bool open = ImGui::BeginCombo("##sampler", sampler_title(choice.sampler));
  events.region("samples-sampler", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (open) {
    for (ll::Sampler k : ll::kSamplers) {
      if (ImGui::Selectable(sampler_title(k), k == choice.sampler)) choice.sampler = k;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", sampler_help(k));
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", sampler_help(choice.sampler));
  ImGui::SameLine(0, 16);
  const double p = features.progress();
  if (p >= 0) {
    ImGui::ProgressBar(float(p), ImVec2(120, 0));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The classifier whose features measure sample quality, training once for this dataset.");
    ImGui::SameLine();
  }
  const std::string status = features.status();
  if (!features.error().empty()) {  // the whole reason, on lines of its own
    ImGui::NewLine();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.55f, 0.45f, 1));
    ImGui::TextWrapped("%s", status.c_str());
    ImGui::PopStyleColor();
    return;
  }
  ImGui::TextDisabled("%s", status.c_str());
  if (ImGui::IsItemHovered() && !features.features())
    ImGui::SetTooltip("The feature space is built once per dataset in the background, then cached.");
  if (ImGui::IsItemHovered() && features.features()) {
    const Features& f = *features.features();
    ImGui::SetTooltip("Sample quality is measured in the data's own feature space, where blank and blurry images are\n"
                      "far from real ones: %s (%d numbers per image), %s in %.1f s.",
                      f.space.kind == ll::FeatureKind::Classifier
                          ? "the last hidden layer of a small classifier trained on the training labels"
                          : "the training images' top principal components (the data has no labels)",
                      f.space.dim(), f.from_cache ? "read from the cache" : "built now and cached", f.seconds);
  }
}

void SamplesPanel::arm_column(const ll::Snapshot& s, size_t arm, const SampleArmView* v, const GridFit& fit,
                              SampleChoice& choice, Events& events) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const bool vae = A.arm.kind == ll::ModelKind::Vae;
  ImGui::BeginGroup();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(vae, int(arm))), "%s",
                     widgets::arm_label(s.config, arm).c_str());
  ImGui::SameLine();
  if (v) {
    ImGui::Text("FD %.2f", v->fd);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Fréchet distance between the features of %s decodings of this sampler and of %s real test\n"
                        "images: how far the samples are, as a set, from real data (lower is better). Measured at\n"
                        "step %s in %.1f s.",
                        widgets::thousands((long long)v->samples).c_str(),
                        widgets::thousands((long long)v->reference).c_str(), widgets::thousands(v->step).c_str(),
                        v->ms / 1000);
    ImGui::SameLine();
    ImGui::TextDisabled("floor %.2f", v->floor);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The same distance between two halves of the real test images: what a perfect sampler\n"
                        "would score with this many images (the FD is biased upwards at small N).");
  } else {
    ImGui::TextDisabled("FD …");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Measuring in the background (it needs the feature space first).");
  }
  const int cols = fit.cols, rows = fit.rows;
  const float cell = fit.cell;
  const ImVec2 g0 = ImGui::GetCursorScreenPos();
  const ImVec2 size(cols * cell, rows * cell);
  ImGui::InvisibleButton("##grid", size);
  events.region("samples-" + A.name, g0, ImVec2(g0.x + size.x, g0.y + size.y));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(g0, ImVec2(g0.x + size.x, g0.y + size.y), IM_COL32(30, 30, 34, 255));
  if (v && v->atlas.valid()) {
    for (int i = 0; i < v->atlas.count && i < cols * rows; ++i) {
      const ImVec2 p(g0.x + (i % cols) * cell, g0.y + (i / cols) * cell);
      v->atlas.draw(dl, i, p, ImVec2(p.x + cell - 1, p.y + cell - 1));
    }
    if (ImGui::IsItemHovered()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const int c = std::clamp(int((m.x - g0.x) / cell), 0, cols - 1), r = std::clamp(int((m.y - g0.y) / cell), 0, rows - 1);
      const int i = r * cols + c;
      if (i < v->atlas.count && i < cols * rows && size_t(i + 1) * v->latent <= v->z.size()) {
        const ImVec2 p(g0.x + c * cell, g0.y + r * cell);
        dl->AddRect(p, ImVec2(p.x + cell - 1, p.y + cell - 1), IM_COL32(255, 230, 120, 255), 0, 0, 2);
        choice.hover_arm = int(arm);
        choice.hover_same_z = v->kind == ll::Sampler::Prior;
        choice.hover_z.assign(v->z.begin() + size_t(i) * v->latent, v->z.begin() + size_t(i + 1) * v->latent);
        ImGui::BeginTooltip();
        ImVec2 uv0, uv1;
        v->atlas.uv(i, uv0, uv1);
        ImGui::Image(v->atlas.texture.imgui_id(), ImVec2(112, 112), uv0, uv1);
        std::string z = "z = (";
        char num[24];
        for (int j = 0; j < v->latent && j < 8; ++j) {
          std::snprintf(num, sizeof num, "%s%.2f", j ? ", " : "", v->z[size_t(i) * v->latent + j]);
          z += num;
        }
        z += v->latent > 8 ? ", …)" : ")";
        ImGui::Text("Sample %d of the %s, %s", i + 1, widgets::arm_label(s.config, arm).c_str(), z.c_str());
        ImGui::TextDisabled("Its code is marked on the map%s.", choice.hover_same_z ? "s (the same draw for every model)" : "");
        ImGui::EndTooltip();
      }
    }
  }
  ImGui::EndGroup();
}

void SamplesPanel::history_plot(const ll::Snapshot& s, const SampleWorker& samples, ll::Sampler kind,
                                int64_t marker_step, ImVec2 size) {
  if (size.x < 120 || size.y < 60) return;
  if (!plot_.begin("##fdhist", size)) return;
  plot_.setup_title("FD over training (lower is better)");
  plot_.setup_axes("step", "FD");
  plot_.setup_log_y(true);
  if (marker_step >= 0) plot_.setup_marker_x(double(marker_step));
  floor_.clear();
  for (size_t arm = 0; arm < s.arms.size(); ++arm) {
    const std::vector<FdPoint>& h = samples.history(s.arms[arm].name, kind);
    const bool vae = s.arms[arm].arm.kind == ll::ModelKind::Vae;
    plot_.line_g(widgets::arm_label(s.config, arm).c_str(), widgets::LineStyle{widgets::arm_color(vae, int(arm)), 1.6f, true, true},
                 int(h.size()), [&](int i) { return ImVec2(float(h[size_t(i)].step), float(h[size_t(i)].fd)); });
    if (floor_.size() < h.size()) floor_ = h;
  }
  plot_.line_g("floor", widgets::LineStyle{IM_COL32(150, 150, 150, 200), 1.f, false, true}, int(floor_.size()),
               [&](int i) { return ImVec2(float(floor_[size_t(i)].step), float(floor_[size_t(i)].floor)); });
  plot_.end();
  if (ImGui::IsItemHovered() && !ImGui::IsMouseDown(0) && ImGui::GetIO().MousePos.y < plot_.rect_min().y + 18)
    ImGui::SetTooltip("Each point is one measurement of this sampler's FD, at the step it was made (every few\n"
                      "seconds while this tab is open, and for timeline frames you visit); grey: the floor.");
}

void SamplesPanel::draw(const ll::Snapshot& s, const FeatureSource& features, const SampleWorker& samples,
                        int64_t marker_step, SampleChoice& choice, Events& events) {
  const ImVec2 c0 = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  events.region("samples", c0, ImVec2(c0.x + avail.x, c0.y + avail.y));
  choice.clear_hover();
  top_bar(features, choice, events);
  if (!features.error().empty() || s.arms.empty()) return;
  const size_t n = s.arms.size();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float grid_h = ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() - 4;
  const float plot_min_w = 220;
  const float col_w = (ImGui::GetContentRegionAvail().x - plot_min_w - spacing * float(n + 1)) / float(n);
  const GridFit fit = fit_grid(col_w, grid_h);
  for (size_t arm = 0; arm < n; ++arm) {
    ImGui::PushID(int(arm));
    arm_column(s, arm, samples.arm(arm), fit, choice, events);
    ImGui::PopID();
    ImGui::SameLine(0, spacing * 2);
  }
  const ImVec2 rest = ImGui::GetContentRegionAvail();
  history_plot(s, samples, choice.sampler, marker_step, ImVec2(rest.x, std::min(rest.y, grid_h + ImGui::GetFrameHeight())));
  if (!samples.error().empty()) ImGui::TextColored(ImVec4(1, 0.55f, 0.45f, 1), "%s", samples.error().c_str());
}

}  // namespace app
