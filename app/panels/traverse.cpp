#include "app/panels/traverse.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/codes.h"
#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"
#include "core/latent/diagnostics.h"

namespace app {

void TraversePanel::plan(const ll::Snapshot& s, const Focus& focus, const MapPlane& plane, const InterpEnds& ends) {
  const int L = s.config.model.latent;
  const size_t n = s.code_index.size();
  axes_.assign(s.arms.size(), {});
  base_.assign(s.arms.size(), {});
  // The focus as the Traverse tab can use it: a test image (hovered, or end A), end A's point
  // on the map, else the mean code. The canvas is never in focus here (the Draw tab is shut).
  const bool image = !from_mean_ && focus.source != Focus::Source::Canvas && focus.end.is_image &&
                     focus.end.image >= 0 && size_t(focus.end.image) < n;
  const bool point = !from_mean_ && focus.source == Focus::Source::EndA && !focus.end.is_image;
  char buf[96];
  if (image) {
    const bool hovered = focus.source == Focus::Source::HoveredDot;
    std::snprintf(buf, sizeof buf, "test image %u (%s)", s.code_index[size_t(focus.end.image)],
                  hovered ? "hovered" : "interpolation end A");
    source_ = buf;
    source_event_ = (hovered ? "hover:" : "pinned:") + std::to_string(focus.end.image);
  } else if (point) {
    source_ = "interpolation end A's point on the map";
    source_event_ = "point";
  } else {
    std::snprintf(buf, sizeof buf, "the mean code of %zu test images", n);
    source_ = buf;
    source_event_ = "mean";
  }
  for (size_t i = 0; i < s.arms.size(); ++i) {
    const ll::ArmSnapshot& A = s.arms[i];
    const size_t rows = std::min(n, A.codes_mu.size() / size_t(L));
    if (!A.model || rows == 0) continue;
    const bool vae = A.arm.kind == ll::ModelKind::Vae;
    if (vae && A.kl_per_dim.size() != size_t(L)) continue;
    axes_[i] = ll::traversal_axes(vae, A.kl_per_dim, A.codes_mu.data(), rows, L);
    if (const float* c = image ? code_of(s, i, focus.end.image) : nullptr)
      base_[i].assign(c, c + L);
    else if (point)
      end_point(plane, s, i, ends.a, base_[i]);
    else
      base_[i] = ll::mean_code(A.codes_mu.data(), rows, L);
  }
}

void TraversePanel::request(const ll::Snapshot& s) {
  std::vector<const ll::Model*> models;
  std::vector<float> key;
  for (size_t i = 0; i < s.arms.size(); ++i) {
    models.push_back(base_[i].empty() ? nullptr : s.arms[i].model.get());
    key.insert(key.end(), base_[i].begin(), base_[i].end());
    key.insert(key.end(), axes_[i].unit.begin(), axes_[i].unit.end());
    for (int d : axes_[i].dims) key.push_back(float(d));
  }
  if (models == sent_models_ && key == sent_key_) return;
  sent_models_ = models;
  sent_key_ = std::move(key);
  if (!s.data) return;
  TraverseWorker::Job job;
  job.rows = s.config.model.latent;
  job.cols = kCols;
  job.height = s.data->height;
  job.width = s.data->width;
  job.channels = s.data->channels;
  job.stamp = ++stamp_;
  for (size_t i = 0; i < s.arms.size(); ++i) {
    if (base_[i].empty()) return;  // an arm without codes yet: wait for the views
    job.grids.push_back({s.arms[i].model, ll::traversal_codes(base_[i], axes_[i].dims, axes_[i].unit, offsets_)});
  }
  sent_axes_ = axes_;
  sent_source_ = source_;
  sent_event_ = source_event_;
  worker_.submit(std::move(job));
}

void TraversePanel::take(const ll::Snapshot& s, Events& events) {
  std::optional<TraverseWorker::Result> r = worker_.take();
  if (!r || r->stamp != stamp_) return;  // none, or one a newer request replaces
  error_ = r->error;
  if (!error_.empty()) {
    events.say("ERROR %s", error_.c_str());
    return;
  }
  atlases_.resize(r->atlases.size());
  for (size_t i = 0; i < r->atlases.size(); ++i) {
    atlases_[i].set(r->atlases[i], r->rows * r->cols, r->cols, s.data->height, s.data->width, TraverseWorker::kPad);
    if (i < s.arms.size())
      events.say("TRAVERSE model=%s rows=%d cols=%d source=%s ms=%.1f", s.arms[i].name.c_str(), r->rows, r->cols,
                 sent_event_.c_str(), r->ms);
  }
  shown_axes_ = sent_axes_;
  shown_source_ = sent_source_;
}

void TraversePanel::draw_side(const ll::Snapshot& s, size_t arm, float label_w, float tile) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const bool vae = A.arm.kind == ll::ModelKind::Vae;
  const ImageAtlas& atlas = atlases_[arm];
  const ll::TraversalAxes& ax = shown_axes_[arm];
  const float width = label_w + kCols * tile;
  const float lh = ImGui::GetTextLineHeight();
  ImGui::BeginGroup();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(vae, int(arm))), "%s",
                     widgets::arm_label(s.config, arm).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled(vae ? "rows by KL, steps of 1 prior σ" : "rows by code variance, steps of its σ");
  // Column heads: the offset from the base, in the side's unit; the base column is framed.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 h0 = ImGui::GetCursorScreenPos();
  for (int c = 0; c < kCols; ++c) {
    char head[16];
    std::snprintf(head, sizeof head, "%+.0f", double(offsets_[size_t(c)]));
    const char* text = offsets_[size_t(c)] == 0.f ? "0" : head;
    const float tw = ImGui::CalcTextSize(text).x;
    dl->AddText(ImVec2(h0.x + label_w + c * tile + (tile - tw) / 2, h0.y), IM_COL32(200, 200, 205, 220), text);
  }
  ImGui::Dummy(ImVec2(width, lh));
  for (size_t r = 0; r < ax.dims.size(); ++r) {
    const int d = ax.dims[r];
    const double score = ax.score[size_t(d)];
    // Unused dimensions (KL or variance under the active-unit threshold) read dimmer.
    const bool unused = !(score > ll::kActiveUnitThreshold);
    char label[64];
    std::snprintf(label, sizeof label, vae ? "%s KL %.2f" : "%s var %.2f", widgets::dim_name(d).c_str(), score);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, tile));
    const bool hovered = ImGui::IsItemHovered();
    dl->AddText(ImVec2(p.x, p.y + (tile - lh) / 2), unused ? IM_COL32(140, 140, 145, 200) : IM_COL32(230, 230, 235, 255),
                label);
    for (int c = 0; c < kCols; ++c) {
      const ImVec2 q0(p.x + label_w + c * tile, p.y), q1(q0.x + tile - 1, q0.y + tile - 1);
      atlas.draw(dl, int(r) * kCols + c, q0, q1);
    }
    const float bx = p.x + label_w + (kCols / 2) * tile;
    dl->AddRect(ImVec2(bx - 1, p.y - 1), ImVec2(bx + tile, p.y + tile), IM_COL32(255, 200, 90, 150));
    if (hovered) {
      const std::string z = widgets::dim_name(d);
      if (vae)
        ImGui::SetTooltip("%s: KL %.3f nats over recent batches%s.\nColumn k decodes the base code with %s moved by k "
                          "prior standard deviations,\nevery other dimension kept: what this one dimension controls.",
                          z.c_str(), score, unused ? " — the model ignores it (posterior = prior)" : "", z.c_str());
      else
        ImGui::SetTooltip("%s: variance %.3f of the AE's codes (σ = %.3f)%s.\nColumn k decodes the base code with %s "
                          "moved by k σ,\nevery other dimension kept. The AE has no prior to give its units a scale.",
                          z.c_str(), score, double(ax.unit[size_t(d)]), unused ? " — it barely varies" : "", z.c_str());
    }
  }
  ImGui::EndGroup();
}

void TraversePanel::draw(const ll::Snapshot& s, const Focus& focus, const MapPlane& plane, const InterpEnds& ends,
                         Events& events) {
  const ImVec2 c0 = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  events.region("traverse", c0, ImVec2(c0.x + avail.x, c0.y + avail.y));
  const int L = s.config.model.latent;
  if (L <= 2) {
    ImGui::TextWrapped("With a latent space of %d dimension%s the maps above already show every traversal: moving "
                       "the cursor along a map's axis changes one dimension with the other kept, and the manifold "
                       "under each map decodes them all at once.",
                       L, L == 1 ? "" : "s");
    ImGui::TextDisabled("This tab is for latent sizes above 2 (e.g. --latent 8), where a map is only a slice.");
    return;
  }
  plan(s, focus, plane, ends);
  request(s);
  take(s, events);
  ImGui::Checkbox("from the mean code", &from_mean_);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Off: traverse from the image in focus (the hovered dot, else interpolation end A).\n"
                      "On: from the mean of the test codes, whatever is in focus.");
  ImGui::SameLine();
  ImGui::TextDisabled("base (framed column): %s", shown_source_.empty() ? source_.c_str() : shown_source_.c_str());
  if (!error_.empty()) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", error_.c_str());
  if (atlases_.size() != s.arms.size() || shown_axes_.size() != s.arms.size()) {
    ImGui::TextDisabled(worker_.busy() ? "decoding…" : "waiting for the models' codes…");
    return;
  }
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  const size_t arms = s.arms.size();
  const float side_w = (ImGui::GetContentRegionAvail().x - 2 * sp * float(arms - 1)) / float(arms);
  const float lh = ImGui::GetTextLineHeightWithSpacing();
  // Tiles fill the height when they can; past 8 or so dimensions the rows scroll, but a tile
  // never gets too small to read.
  const float rows_h = ImGui::GetContentRegionAvail().y - 2 * lh - 4;
  const float label_w = ImGui::CalcTextSize("z00 var 00.00").x + 8;
  const float tile = std::floor(std::clamp(rows_h / float(L), 24.f, std::max(24.f, (side_w - label_w) / kCols)));
  ImGui::BeginChild("##traverse-rows", ImVec2(0, 0), false);
  for (size_t i = 0; i < arms; ++i) {
    if (i) ImGui::SameLine(0, std::max(2 * sp, side_w - label_w - kCols * tile + 2 * sp));
    draw_side(s, i, label_w, tile);
  }
  ImGui::EndChild();
}

}  // namespace app
