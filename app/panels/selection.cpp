#include "app/panels/selection.h"

#include <imgui.h>

#include <algorithm>

#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"
#include "core/error.h"
#include "core/io/selection_export.h"

namespace app {
namespace {

constexpr float kTile = 44;  // pixels per image in the strip

std::vector<ll::NamedModel> models_of(const ll::Snapshot& s) {
  std::vector<ll::NamedModel> m;
  for (const ll::ArmSnapshot& a : s.arms) m.push_back({a.name, a.model.get()});
  return m;
}

}  // namespace

void clear_selection(Selection& selection, Events& events) {
  if (selection.empty()) return;
  selection.clear();
  events.say("SELECTED map=%s n=0 tool=clear", selection.map().c_str());
}

void SelectionPanel::draw(const ll::Snapshot& s, Selection& selection, const std::string& export_dir,
                          Notices& notices, Events& events) {
  const ImVec2 r0 = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  events.region("selection", r0, ImVec2(r0.x + avail.x, r0.y + avail.y));
  if (selection.empty() || !s.data) {
    ImGui::TextWrapped("Nothing selected. Shift+drag on either latent map to draw a lasso around test images "
                       "(Shift+Alt+drag: a rectangle). They stay bright on both maps while the rest are greyed, "
                       "and are listed here with what each model reconstructs from them.");
    return;
  }
  const size_t n = selection.images().size();
  ImGui::Text("%s test image%s selected", widgets::thousands((long long)n).c_str(), n == 1 ? "" : "s");
  ImGui::SameLine();
  if (ImGui::SmallButton("Export")) export_files(s, selection, export_dir, notices, events);
  events.region("button-export-selection", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Writes %s/selection.csv (index, label, each model's code) and selection.png (this strip, up to "
                      "100 images)",
                      export_dir.c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Clear (Esc)")) clear_selection(selection, events);
  events.region("button-clear-selection", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  std::string where = selection.map();
  for (size_t k = 0; k < s.arms.size(); ++k)
    if (s.arms[k].name == selection.map()) where = widgets::arm_label(s.config, k);
  ImGui::SameLine();
  ImGui::TextDisabled("(%s on the %s map, over every test code it draws)", selection.tool().c_str(), where.c_str());
  if (selection.empty()) return;
  const float hist_w = std::min(230.f, ImGui::GetContentRegionAvail().x * 0.3f);
  ImGui::BeginGroup();
  histogram(s, selection, hist_w);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  strip(s, selection, ImGui::GetContentRegionAvail());
  ImGui::EndGroup();
}

void SelectionPanel::histogram(const ll::Snapshot& s, const Selection& selection, float width) {
  const ll::Dataset& d = *s.data;
  const ll::Split& test = d.test.count ? d.test : d.train;
  if (test.labels.empty() || d.class_names.empty()) {
    ImGui::TextDisabled("unlabelled data: no classes to count");
    return;
  }
  std::vector<size_t> count(d.class_names.size(), 0);
  for (uint32_t i : selection.images())
    if (i < test.labels.size() && size_t(test.labels[i]) < count.size()) ++count[test.labels[i]];
  const size_t top = std::max<size_t>(1, *std::max_element(count.begin(), count.end()));
  float name_w = 0;
  for (const std::string& name : d.class_names) name_w = std::max(name_w, ImGui::CalcTextSize(name.c_str()).x);
  name_w = std::min(name_w + 6, width * 0.6f);
  const float row_h = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t c = 0; c < count.size(); ++c) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::TextUnformatted(d.class_names[c].c_str());
    const float bar_w = (width - name_w - 44) * float(count[c]) / float(top);
    const ImVec2 b0(p.x + name_w, p.y + 2), b1(p.x + name_w + bar_w, p.y + row_h - 1);
    dl->AddRectFilled(b0, b1, widgets::class_color(int(c), count[c] ? 230 : 60));
    char num[24];
    std::snprintf(num, sizeof num, "%zu", count[c]);
    dl->AddText(ImVec2(b1.x + 4, p.y), IM_COL32(210, 210, 215, 255), num);
  }
  ImGui::Dummy(ImVec2(width, 0));  // the bars are drawn, not items: hold the group's width
}

void SelectionPanel::strip(const ll::Snapshot& s, const Selection& selection, ImVec2 avail) {
  const float label_w = ImGui::CalcTextSize("VAE β=1.0 ").x;
  const int cols = std::clamp(int((avail.x - label_w) / kTile), 1, 40);
  const int count = std::min(cols, int(selection.images().size()));
  std::vector<const void*> models;
  for (const ll::ArmSnapshot& a : s.arms) models.push_back(a.model.get());
  const double now = ImGui::GetTime();
  const bool stale = models != strip_models_ && now - strip_time_ >= 1.0;
  if (selection.version() != strip_version_ || cols != strip_cols_ || stale) {
    strip_version_ = selection.version(), strip_cols_ = cols, strip_count_ = count;
    strip_models_ = models, strip_time_ = now;
    strip_error_.clear();
    try {
      const std::vector<uint32_t> first(selection.images().begin(), selection.images().begin() + count);
      const ll::io::Image grid = ll::selection_grid(*s.data, models_of(s), first, cols);
      strip_.upload(grid.pixels.data(), grid.width, grid.height, grid.channels);
    } catch (const ll::Error& e) {
      strip_error_ = e.what();
    }
  }
  if (!strip_error_.empty()) {
    ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", strip_error_.c_str());
    return;
  }
  if (!strip_.valid()) return;
  // The grid's rows: the images, then each model's reconstruction, labelled at the left.
  const int rows = 1 + int(s.arms.size());
  const float scale = kTile / float(s.data->width + 1);
  const float row_h = (strip_.height() * scale) / rows;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int r = 0; r < rows; ++r) {
    const std::string label = r == 0 ? "test" : widgets::arm_label(s.config, size_t(r - 1));
    const ImU32 col = r == 0 ? IM_COL32(200, 200, 205, 255)
                             : widgets::arm_color(s.arms[r - 1].arm.kind == ll::ModelKind::Vae, r - 1);
    dl->AddText(ImVec2(p.x, p.y + r * row_h + row_h / 2 - ImGui::GetTextLineHeight() / 2), col, label.c_str());
  }
  ImGui::SetCursorScreenPos(ImVec2(p.x + label_w, p.y));
  ImGui::Image(strip_.imgui_id(), ImVec2(strip_.width() * scale, strip_.height() * scale));
  if (strip_count_ < int(selection.images().size()))
    ImGui::TextDisabled("the first %d of %s (by test index); Export writes them all to the CSV", strip_count_,
                        widgets::thousands((long long)selection.images().size()).c_str());
}

void SelectionPanel::export_files(const ll::Snapshot& s, const Selection& selection, const std::string& dir,
                                  Notices& notices, Events& events) {
  if (dir.empty()) {
    notices.post("Export selection: type a folder under Controls > Export first", true);
    return;
  }
  try {
    const ll::SelectionFiles f = ll::export_selection(dir, "selection", *s.data, models_of(s), selection.images());
    events.say("EXPORT %s", f.csv.c_str());
    events.say("EXPORT %s", f.png.c_str());
    notices.post("exported " + std::to_string(selection.images().size()) + " selected images to " + f.csv + " and " +
                     f.png,
                 false);
  } catch (const ll::Error& e) {
    notices.post(std::string("Export selection: ") + e.what(), true);
  }
}

}  // namespace app
