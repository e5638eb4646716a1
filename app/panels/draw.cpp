#include "app/panels/draw.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"
#include "core/data/image_folder.h"
#include "core/vae/forward.h"

namespace app {

void DrawPanel::sync(const ll::Snapshot& s) {
  if (!s.data || s.data.get() == data_) return;
  const ll::Dataset& d = *s.data;
  if (canvas_.height() != d.height || canvas_.width() != d.width || canvas_.channels() != d.channels)
    canvas_ = ll::Canvas(d.height, d.width, d.channels);
  data_ = s.data.get();
  // Brush ~ a pen stroke of an MNIST digit, scaled to the image.
  brush_.radius = std::max(0.75f, 1.6f * float(std::min(d.height, d.width)) / 28.f);
  encoded_models_.clear();
  uploaded_version_ = 0;
}

void DrawPanel::drop_test_image(const ll::Snapshot& s, int index) {
  if (!s.data) return;
  const ll::Split& test = s.data->test.count ? s.data->test : s.data->train;
  if (index < 0 || size_t(index) >= test.count) return;
  canvas_.set_pixels(test.pixels.data() + size_t(index) * s.data->image_size());
  test_image_ = index;
}

void DrawPanel::set_examples(std::vector<std::string> paths) {
  examples_ = std::move(paths);
  example_names_.clear();
  for (const std::string& p : examples_) {
    const size_t slash = p.find_last_of('/') + 1, dot = p.find_last_of('.');
    example_names_.push_back(p.substr(slash, dot > slash ? dot - slash : std::string::npos));
  }
  example_ = 0;
}

void DrawPanel::drop_example(int index, Events& events) {
  if (index < 0 || size_t(index) >= examples_.size()) return;
  // Read when chosen, and resized to the dataset's images as a folder's images are: a 28x28
  // drawing fills a 32x32 RGB canvas as well as MNIST's.
  ll::data::FolderOptions opt;
  opt.width = canvas_.width();
  opt.height = canvas_.height();
  opt.rgb = canvas_.channels() == 3;
  try {
    const std::vector<uint8_t> px = ll::data::load_image_file(examples_[size_t(index)], opt);
    canvas_.set_pixels(px.data());
    example_error_.clear();
  } catch (const std::exception& e) {
    example_error_ = e.what();
    events.say("ERROR %s", example_error_.c_str());
  }
}

void DrawPanel::example_picker(float width, Events& events) {
  if (examples_.empty()) {
    ImGui::TextDisabled("no example drawings shipped");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("assets/drawings/*.png were not found beside the program");
    return;
  }
  ImGui::SetNextItemWidth(width - 82);
  const char* shown = example_names_[size_t(example_)].c_str();
  if (ImGui::BeginCombo("##example", shown)) {
    for (size_t k = 0; k < example_names_.size(); ++k)
      if (ImGui::Selectable(example_names_[k].c_str(), int(k) == example_)) example_ = int(k);
    ImGui::EndCombo();
  }
  events.region("draw-example", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("An example drawing shipped with LatentLab (assets/drawings/)");
  ImGui::SameLine();
  if (ImGui::Button("load##example", ImVec2(76, 0))) drop_example(example_, events);
  events.region("draw-load-example", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (!example_error_.empty()) {
    ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "cannot read it");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", example_error_.c_str());
  }
}

void DrawPanel::encode(const ll::Snapshot& s, Events& events) {
  std::vector<const ll::Model*> models;
  for (const ll::ArmSnapshot& a : s.arms) models.push_back(a.model.get());
  const bool canvas_changed = canvas_.version() != encoded_version_;
  if (!canvas_changed && models == encoded_models_) return;
  const int L = s.config.model.latent;
  codes_.resize(s.arms.size());
  recon_tex_.resize(s.arms.size());
  recon_mean_.resize(s.arms.size());
  for (size_t i = 0; i < s.arms.size(); ++i) {
    const ll::ArmSnapshot& A = s.arms[i];
    CanvasCode& c = codes_[i];
    c.valid = false;
    if (!A.model || size_t(A.model->config().input_dim) != canvas_.size()) continue;
    // One image: microseconds for each pass, fine on the UI thread.
    ws_.reserve(A.model->config(), 1, false);
    ll::encode(*A.model, canvas_.pixels().data(), 1, ws_);
    c.vae = A.arm.kind == ll::ModelKind::Vae;
    c.mu.assign(ws_.mu.data(), ws_.mu.data() + L);
    if (c.vae)
      c.logvar.assign(ws_.logvar.data(), ws_.logvar.data() + L);
    else
      c.logvar.assign(size_t(L), 0.f);
    // The reconstruction decodes the posterior mean, as the reconstruction panel does.
    out_.resize(canvas_.size());
    ll::decode_images(*A.model, c.mu.data(), 1, ws_, out_.data());
    bytes_.resize(out_.size());
    double mean = 0;
    for (size_t k = 0; k < out_.size(); ++k) {
      bytes_[k] = uint8_t(std::lround(std::clamp(out_[k], 0.f, 1.f) * 255.f));
      mean += out_[k];
    }
    recon_mean_[i] = mean / double(std::max<size_t>(1, out_.size()));
    recon_tex_[i].upload(bytes_.data(), canvas_.width(), canvas_.height(), canvas_.channels(), false);
    c.valid = true;
    // Told when the drawing changes, and when it is encoded by other models (a new snapshot,
    // a step of the timeline) while there is a drawing.
    if (canvas_changed || !canvas_.blank())
      events.say("ENCODED %s %.4f %.4f recon=%.5f step=%lld", A.name.c_str(), c.mu[0], L > 1 ? c.mu[1] : 0.f,
                 recon_mean_[i], (long long)s.step);
  }
  encoded_version_ = canvas_.version();
  encoded_models_ = std::move(models);
}

void DrawPanel::tools(const ll::Snapshot& s, MapPicks& picks, float width, Events& events) {
  ImGui::BeginGroup();
  ImGui::PushItemWidth(width - 62);
  ImGui::SliderFloat("size", &brush_.radius, 0.5f, std::max(4.f, 0.25f * float(canvas_.width())), "%.1f px");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Brush radius in the image's own pixels");
  ImGui::SliderFloat("soft", &softness_, 0.f, 1.f, "%.2f");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("0: a hard pen; 1: an airbrush that fades from its centre");
  if (canvas_.channels() == 3) {
    ImGui::ColorEdit3("ink", ink_, ImGuiColorEditFlags_NoInputs);
  }
  ImGui::PopItemWidth();
  int mode = eraser_ ? 1 : 0;
  ImGui::RadioButton("pen", &mode, 0);
  ImGui::SameLine();
  ImGui::RadioButton("eraser", &mode, 1);
  eraser_ = mode == 1;
  ImGui::SameLine();
  if (ImGui::Button("Clear")) canvas_.clear();
  events.region("draw-clear", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  ImGui::Spacing();
  ImGui::TextDisabled("or start from a test image");
  const ll::Split* test = s.data ? (s.data->test.count ? &s.data->test : &s.data->train) : nullptr;
  const int last = test ? int(test->count) - 1 : 0;
  ImGui::SetNextItemWidth(width - 82);
  ImGui::InputInt("##testimg", &test_image_, 1, 100);
  test_image_ = std::clamp(test_image_, 0, std::max(0, last));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Test image number (0..%d)", last);
  ImGui::SameLine();
  if (ImGui::Button("to canvas", ImVec2(76, 0))) drop_test_image(s, test_image_);
  events.region("draw-use-test", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  const bool picking = picks.armed == Pick::Canvas;
  if (picking) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.55f, 0.45f, 0.1f, 1.f));
  if (ImGui::Button(picking ? "click a dot on a map…" : "pick a dot on a map", ImVec2(width, 0)))
    picks.armed = picking ? Pick::None : Pick::Canvas;
  if (picking) ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Then click a dot on either latent map: its test image lands on the canvas");
  ImGui::TextDisabled("or an example drawing");
  example_picker(width, events);
  ImGui::EndGroup();
}

void DrawPanel::draw(const ll::Snapshot& live, const MapPlane& plane, MapPicks& picks, Events& events) {
  shown_ = true;
  sync(live);
  if (picks.canvas >= 0) {
    drop_test_image(live, picks.canvas);
    picks.canvas = -1;
  }
  if (canvas_.size() == 0) {
    ImGui::TextDisabled("no dataset yet");
    return;
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  const float tools_w = 190;
  const size_t arms = live.arms.size();
  const float lh = ImGui::GetTextLineHeightWithSpacing();
  // The canvas takes what the height allows (an integer zoom keeps its pixels square and
  // even), the reconstructions share the rest of the width.
  const int W = canvas_.width(), H = canvas_.height();
  const float max_side = std::min(avail.y - 2, (avail.x - tools_w - 3 * sp) * 0.45f);
  const float zoom = std::max(1.f, std::floor(max_side / float(std::max(W, H))));
  const ImVec2 csize(zoom * W, zoom * H);

  // Canvas.
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##canvas", csize, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  events.region("draw", p0, ImVec2(p0.x + csize.x, p0.y + csize.y));
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemActive() && (io.MouseDown[0] || io.MouseDown[1])) {
    const bool erase = eraser_ || io.MouseDown[1];
    ll::Brush b = brush_;
    b.hardness = 1.f - softness_;
    for (int k = 0; k < 3; ++k) b.color[k] = erase ? 0.f : (canvas_.channels() == 3 ? ink_[k] : 1.f);
    if (!canvas_.stroking()) canvas_.begin_stroke();
    canvas_.stroke_to((io.MousePos.x - p0.x) / zoom, (io.MousePos.y - p0.y) / zoom, b);
  } else if (canvas_.stroking()) {
    canvas_.end_stroke();
  }
  if (canvas_.version() != uploaded_version_) {
    canvas_.to_bytes(bytes_);
    canvas_tex_.upload(bytes_.data(), W, H, canvas_.channels(), false);
    uploaded_version_ = canvas_.version();
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (canvas_tex_.valid()) dl->AddImage(canvas_tex_.imgui_id(), p0, ImVec2(p0.x + csize.x, p0.y + csize.y));
  dl->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p0.x + csize.x + 1, p0.y + csize.y + 1), IM_COL32(255, 200, 90, 160));
  if (canvas_.blank()) {
    const char* hint = "draw here";
    const ImVec2 ts = ImGui::CalcTextSize(hint);
    dl->AddText(ImVec2(p0.x + (csize.x - ts.x) / 2, p0.y + (csize.y - ts.y) / 2), IM_COL32(255, 255, 255, 90), hint);
  }
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) {
    // The brush outline under the mouse.
    dl->AddCircle(io.MousePos, std::max(1.f, brush_.radius * zoom), IM_COL32(255, 255, 255, 120), 24, 1.f);
  }

  encode(live, events);

  ImGui::SameLine(0, 2 * sp);
  tools(live, picks, tools_w, events);

  // Each model's reconstruction of the canvas.
  const int L = live.config.model.latent;
  for (size_t i = 0; i < arms && i < codes_.size(); ++i) {
    const ll::ArmSnapshot& A = live.arms[i];
    const bool vae = A.arm.kind == ll::ModelKind::Vae;
    ImGui::SameLine(0, 2 * sp);
    const float col_w = ImGui::GetContentRegionAvail().x / float(arms - i) - 2 * sp;
    ImGui::BeginGroup();
    const float side = std::max(24.f, std::min(col_w, avail.y - 3 * lh));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(vae, int(i))), "%s", widgets::arm_label(live.config, i).c_str());
    const ImVec2 q0 = ImGui::GetCursorScreenPos();
    if (recon_tex_.size() > i && recon_tex_[i].valid())
      ImGui::Image(recon_tex_[i].imgui_id(), ImVec2(side, side));
    else
      ImGui::Dummy(ImVec2(side, side));
    events.region("draw-recon-" + A.name, q0, ImVec2(q0.x + side, q0.y + side));
    dl->AddRect(q0, ImVec2(q0.x + side, q0.y + side), IM_COL32(255, 255, 255, 60));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s encodes the canvas and decodes its %s:\nwhat it makes of your drawing.", widgets::arm_label(live.config, i).c_str(),
                        vae ? "posterior mean μ" : "code");
    const CanvasCode& c = codes_[i];
    if (c.valid && L >= 1 && c.mu.size() == size_t(plane.of(i).latent)) {
      // Where the map shows it: its coordinates on this model's plane.
      float x, y;
      plane.project(i, c.mu.data(), x, y);
      ImGui::Text("%s %s=%.2f %s=%.2f", vae ? "μ" : "z", plane.axis_name(i, 0).c_str(), x, plane.axis_name(i, 1).c_str(), y);
      if (vae && c.logvar.size() == c.mu.size()) {
        std::vector<float> lv;
        plane.of(i).project_logvar(c.logvar.data(), 1, lv);
        ImGui::TextDisabled("σ %.2f, %.2f", std::exp(0.5f * lv[0]), std::exp(0.5f * lv[1]));
      }
    }
    ImGui::EndGroup();
  }
}

}  // namespace app
