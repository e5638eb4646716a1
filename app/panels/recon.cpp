#include "app/panels/recon.h"

#include <algorithm>

#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "core/vae/forward.h"

namespace app {

void ReconPanel::sync(const ll::Snapshot& s) {
  bool same = s.data == data_ && s.example_index == index_ && recon_.size() == s.arms.size();
  for (size_t a = 0; same && a < s.arms.size(); ++a) same = recon_[a] == s.arms[a].recon;
  if (same) return;
  data_ = s.data;
  index_ = s.example_index;
  recon_.resize(s.arms.size());
  for (size_t a = 0; a < s.arms.size(); ++a) recon_[a] = s.arms[a].recon;
  atlas_ = ImageAtlas{};
  if (!s.data || index_.empty()) return;
  const ll::Dataset& d = *s.data;
  const ll::Split& test = d.test.count ? d.test : d.train;
  const size_t D = d.image_size(), n = index_.size();
  inputs_.resize(n * D);
  for (size_t i = 0; i < n; ++i) {
    if (index_[i] >= test.count) return;
    ll::pixels_to_floats(test.pixels.data() + size_t(index_[i]) * D, D, inputs_.data() + i * D);
  }
  std::vector<const float*> tiles;
  for (size_t i = 0; i < n; ++i) tiles.push_back(inputs_.data() + i * D);
  for (const auto& r : recon_) {
    if (r.size() != n * D) continue;  // views not computed yet for this arm
    for (size_t i = 0; i < n; ++i) tiles.push_back(r.data() + i * D);
  }
  cols_ = int(n);
  rows_ = int(tiles.size() / n);
  const ll::io::Image grid = ll::io::compose_grid(tiles, d.height, d.width, d.channels, cols_, 1, 40);
  atlas_.set(grid, int(tiles.size()), cols_, d.height, d.width, 1, false);
}

void ReconPanel::draw(const ll::Snapshot& s, Events& events) {
  const ImVec2 w0 = ImGui::GetWindowPos(), wsz = ImGui::GetWindowSize();
  events.region("recon", w0, ImVec2(w0.x + wsz.x, w0.y + wsz.y));
  sync(s);
  if (!atlas_.valid()) {
    ImGui::TextDisabled("no reconstructions yet");
    return;
  }
  // Room for the longest row label ("VAE β=0.1"), within reason.
  float label_w = ImGui::CalcTextSize("input").x + 8;
  for (size_t k = 0; k < s.arms.size(); ++k) label_w = std::max(label_w, ImGui::CalcTextSize(widgets::arm_label(s.config, k).c_str()).x + 8);
  label_w = std::min(label_w, 90.f);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float cell = std::max(8.f, std::min((avail.x - label_w) / cols_ - 2, avail.y / rows_ - 2));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float lh = ImGui::GetTextLineHeight();
  int hovered_col = -1;
  const ImVec2 m = ImGui::GetIO().MousePos;
  for (int r = 0; r < rows_; ++r) {
    const float y = p.y + r * (cell + 2);
    const bool input_row = r == 0;
    const size_t arm = size_t(r - 1);
    const std::string label_s = input_row ? "input" : s.arms.size() > arm ? widgets::arm_label(s.config, arm) : "";
    const char* label = label_s.c_str();
    const ImU32 col = input_row ? IM_COL32(200, 200, 205, 255)
                                : widgets::arm_color(arm < s.arms.size() && s.arms[arm].arm.kind == ll::ModelKind::Vae,
                                                     int(arm));
    dl->AddText(ImVec2(p.x, y + cell / 2 - lh / 2), col, label);
    for (int c = 0; c < cols_; ++c) {
      const ImVec2 q0(p.x + label_w + c * (cell + 2), y), q1(q0.x + cell, q0.y + cell);
      atlas_.draw(dl, r * cols_ + c, q0, q1);
      if (m.x >= q0.x && m.x < q1.x + 2 && m.y >= p.y && m.y < p.y + rows_ * (cell + 2)) hovered_col = c;
    }
  }
  ImGui::Dummy(ImVec2(avail.x, rows_ * (cell + 2)));
  if (hovered_col >= 0 && ImGui::IsWindowHovered()) {
    // Magnify the column: the input beside every reconstruction.
    const float x0 = p.x + label_w + hovered_col * (cell + 2);
    dl->AddRect(ImVec2(x0 - 1, p.y - 1), ImVec2(x0 + cell + 1, p.y + rows_ * (cell + 2) - 1), IM_COL32(255, 230, 120, 220));
    ImGui::BeginTooltip();
    for (int r = 0; r < rows_; ++r) {
      if (r > 0) ImGui::SameLine();
      ImGui::BeginGroup();
      ImVec2 uv0, uv1;
      atlas_.uv(r * cols_ + hovered_col, uv0, uv1);
      ImGui::Image(atlas_.texture.imgui_id(), ImVec2(140, 140), uv0, uv1);
      ImGui::TextUnformatted(r == 0 ? "input" : s.arms.size() > size_t(r - 1) ? widgets::arm_label(s.config, size_t(r - 1)).c_str() : "");
      ImGui::EndGroup();
    }
    if (s.data && !s.data->class_names.empty()) {
      const ll::Split& test = s.data->test.count ? s.data->test : s.data->train;
      const uint32_t k = index_[hovered_col];
      if (k < test.labels.size() && size_t(test.labels[k]) < s.data->class_names.size())
        ImGui::Text("test image #%u: %s", unsigned(k), s.data->class_names[test.labels[k]].c_str());
    }
    ImGui::EndTooltip();
  }
}

}  // namespace app
