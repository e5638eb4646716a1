#include "app/panels/interpolation.h"

#include <algorithm>

#include "app/codes.h"
#include "app/test_images.h"
#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "core/latent/grid.h"
#include "core/vae/forward.h"

namespace app {

void InterpolationPanel::update(const ll::Snapshot& s, const MapPlane& plane, InterpEnds& ends,
                                const std::shared_ptr<const Features>& features) {
  features_ = features && features->data == s.data ? features : nullptr;
  // Default ends: the first subset image and the first of another class after it.
  if (s.data.get() != chose_for_ && !s.code_index.empty()) {
    chose_for_ = s.data.get();
    ends.a = Endpoint{true, 0};
    ends.b = Endpoint{true, std::min<int>(1, int(s.code_index.size()) - 1)};
    const int ca = class_of(s, 0);
    for (int i = 1; i < int(s.code_index.size()); ++i)
      if (class_of(s, i) != ca) {
        ends.b.image = i;
        break;
      }
  }
  paths_.steps = ends.steps;
  paths_.z.resize(s.arms.size());
  strips_.resize(s.arms.size());
  std::vector<float> za, zb;
  for (size_t arm = 0; arm < s.arms.size(); ++arm) {
    const ll::ArmSnapshot& A = s.arms[arm];
    end_point(plane, s, arm, ends.a, za);
    end_point(plane, s, arm, ends.b, zb);
    paths_.z[arm] = ll::interpolate(za, zb, ends.steps, ends.spherical ? ll::PathKind::Spherical : ll::PathKind::Linear);
    Strip& st = strips_[arm];
    if (!A.model || !s.data) continue;
    const int D = A.model->config().input_dim;
    if (!same_model(st.model, A.model) || st.key != paths_.z[arm]) {
      st.images.resize(size_t(ends.steps) * D);
      st.ws.reserve(A.model->config(), ends.steps, false);
      ll::decode_images(*A.model, paths_.z[arm].data(), ends.steps, st.ws, st.images.data());
      const ll::io::Image grid = ll::io::compose_grid(st.images.data(), ends.steps, s.data->height, s.data->width,
                                                      s.data->channels, ends.steps, 1, 40);
      st.atlas.set(grid, ends.steps, ends.steps, s.data->height, s.data->width, 1, false);
      st.quality = ll::path_quality(paths_.z[arm].data(), st.images.data(), ends.steps, s.config.model.latent, D);
      st.model = A.model;
      st.key = paths_.z[arm];
      st.features_for = nullptr;
    }
    if (features_ && st.features_for != features_.get() && features_->space.input_dim() == D) {
      st.features = ll::path_features(features_->space, st.images.data(), ends.steps);
      st.features_for = features_.get();
    } else if (!features_) {
      st.features = {};
      st.features_for = nullptr;
    }
  }
}

void InterpolationPanel::take_picks(MapPicks& picks, InterpEnds& ends, Events& events) {
  if (picks.a) ends.a = *picks.a;
  if (picks.b) ends.b = *picks.b;
  picks.a.reset();
  picks.b.reset();
  if (picks.pin >= 0) {
    Endpoint& e = ends.next_pin == 0 ? ends.a : ends.b;
    e = Endpoint{true, picks.pin};
    events.say("PINNED %c %d", ends.next_pin == 0 ? 'A' : 'B', picks.pin);
    ends.next_pin ^= 1;
    picks.pin = -1;
  }
}

void InterpolationPanel::endpoint_editor(const char* name, Endpoint& e, const ll::Snapshot& s, MapPicks& picks,
                                         Pick pick) {
  ImGui::PushID(name);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(name);
  ImGui::SameLine();
  if (e.is_image) {
    int i = e.image;
    ImGui::SetNextItemWidth(80);
    if (ImGui::InputInt("##img", &i, 1, 10)) e.image = std::clamp(i, 0, std::max(0, int(s.code_index.size()) - 1));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Which encoded test image (0..%zu)", s.code_index.size() - 1);
  } else {
    ImGui::Text("(%.2f, %.2f)", e.x, e.y);
  }
  ImGui::SameLine();
  const bool picking = picks.armed == pick;
  if (picking) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.55f, 0.45f, 0.1f, 1.f));
  if (ImGui::SmallButton(picking ? "click a map…" : "pick")) picks.armed = picking ? Pick::None : pick;
  if (picking) ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Then click a map: on a dot for that test image, elsewhere for a point");
  ImGui::PopID();
}

void InterpolationPanel::draw(const ll::Snapshot& s, InterpEnds& ends, MapPicks& picks, const TestImages& thumbs,
                              Events& events) {
  const ImVec2 w0 = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
  events.region("interp", w0, ImVec2(w0.x + ws.x, w0.y + ws.y));

  ImGui::TextUnformatted("Interpolate");
  ImGui::SameLine();
  endpoint_editor("A", ends.a, s, picks, Pick::InterpA);
  ImGui::SameLine(0, 14);
  endpoint_editor("B", ends.b, s, picks, Pick::InterpB);
  ImGui::SameLine(0, 14);
  int kind = ends.spherical ? 1 : 0;
  ImGui::SetNextItemWidth(92);
  if (ImGui::Combo("##kind", &kind, "linear\0spherical\0")) ends.spherical = kind == 1;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("linear: the straight segment A→B\nspherical (slerp): along the great circle, radius\n"
                      "interpolated; stays where a Gaussian prior has its mass");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(70);
  ImGui::SliderInt("##steps", &ends.steps, 3, 16, "%d steps");

  // One strip per model: the two end images (when they are test images), then the path.
  const ImageAtlas& thumbs_atlas = thumbs.atlas();
  const float avail_w = ImGui::GetContentRegionAvail().x;
  float label_w = 44;
  for (size_t k = 0; k < s.arms.size(); ++k)
    label_w = std::max(label_w, ImGui::CalcTextSize(widgets::arm_label(s.config, k).c_str()).x + 8);
  label_w = std::min(label_w, 90.f);
  const int cells = ends.steps + 2;
  const float plots_h = std::clamp(ImGui::GetContentRegionAvail().y * 0.45f, 64.f, 130.f);
  const float rows_h = (ImGui::GetContentRegionAvail().y - plots_h) / std::max<size_t>(1, s.arms.size());
  const float cell = std::max(12.f, std::min((avail_w - label_w) / cells - 2, rows_h - 6));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t arm = 0; arm < s.arms.size() && arm < strips_.size(); ++arm) {
    const ll::ArmSnapshot& A = s.arms[arm];
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddText(ImVec2(p.x, p.y + cell / 2 - 7), widgets::arm_color(A.arm.kind == ll::ModelKind::Vae, int(arm)),
                widgets::arm_label(s.config, arm).c_str());
    float x = p.x + label_w;
    auto end_thumb = [&](const Endpoint& e) {
      const ImVec2 q0(x, p.y), q1(x + cell, p.y + cell);
      if (e.is_image && thumbs_atlas.valid()) {
        thumbs_atlas.draw(dl, e.image, q0, q1);
        dl->AddRect(q0, q1, IM_COL32(255, 230, 120, 160));
      } else {
        dl->AddRect(q0, q1, IM_COL32(255, 255, 255, 30));
      }
      x += cell + 2;
    };
    end_thumb(ends.a);
    const Strip& st = strips_[arm];
    for (int i = 0; i < st.atlas.count; ++i) {
      st.atlas.draw(dl, i, ImVec2(x, p.y), ImVec2(x + cell, p.y + cell));
      x += cell + (i + 1 == st.atlas.count ? 2 : 0);
    }
    end_thumb(ends.b);
    ImGui::Dummy(ImVec2(avail_w, cell + 4));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s decodes the path from A to B (%s).\nFramed at the ends: the test images A and B.",
                        widgets::arm_label(s.config, arm).c_str(), ends.spherical ? "spherical" : "linear");
  }
  quality_plots(s, ImGui::GetContentRegionAvail().y);
}

void InterpolationPanel::quality_plots(const ll::Snapshot& s, float height) {
  if (height < 40) return;
  const float w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  struct Xy {
    double x, y;
  };
  // Between two images (a change) a value sits at x = i + ½; a frame's value at x = i.
  auto series = [&](widgets::Plot& plot, auto values, bool between) {
    for (size_t arm = 0; arm < s.arms.size() && arm < strips_.size(); ++arm) {
      const std::vector<double>& v = values(strips_[arm]);
      const bool vae = s.arms[arm].arm.kind == ll::ModelKind::Vae;
      plot.line_g(widgets::arm_label(s.config, arm).c_str(), widgets::LineStyle{widgets::arm_color(vae, int(arm)), 1.6f, true, true},
                  int(v.size()), [&](int i) { return Xy{between ? i + 0.5 : double(i), v[size_t(i)]}; });
    }
  };
  auto title_hover = [](const widgets::Plot& plot, const char* text) {
    if (ImGui::IsItemHovered() && !ImGui::IsMouseDown(0) && ImGui::GetIO().MousePos.y < plot.rect_min().y + 18)
      ImGui::SetTooltip("%s", text);
  };
  ImGui::BeginGroup();
  if (prior_plot_.begin("##prior", ImVec2(w, height))) {
    prior_plot_.setup_title("log p(z) along A→B (nats)");
    prior_plot_.setup_axes("", "nats");
    series(prior_plot_, [](const Strip& st) -> const std::vector<double>& { return st.quality.log_prior; }, false);
    prior_plot_.end();
  }
  title_hover(prior_plot_, "How probable each point of the path is under the prior N(0, I). A dip means the path\n"
                           "crosses a region the prior (and, for a VAE, training) gives little mass.");
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  const bool pixels = pixel_change_ || !features_;
  if (change_plot_.begin("##change", ImVec2(w, height))) {
    change_plot_.setup_title(pixels ? "pixel change per step (MSE)" : "feature change per step");
    change_plot_.setup_axes("", pixels ? "MSE" : "distance");
    if (pixels)
      series(change_plot_, [](const Strip& st) -> const std::vector<double>& { return st.quality.step_mse; }, true);
    else
      series(change_plot_, [](const Strip& st) -> const std::vector<double>& { return st.features.step_distance; }, true);
    change_plot_.end();
  }
  if (ImGui::IsItemClicked(ImGuiMouseButton_Right) && features_) pixel_change_ = !pixel_change_;
  title_hover(change_plot_, pixels ? "Mean squared pixel difference between neighbouring images of the strip. A spike is a\n"
                                     "jump; but a blurry or blank stretch changes few pixels and looks smooth here.\n"
                                     "Right-click: the change in the classifier's feature space instead."
                                   : "Euclidean distance between neighbouring images' classifier features: how much what the\n"
                                     "image looks like changes per step. A smooth path changes evenly; a spike is a jump.\n"
                                     "Right-click: pixel change (MSE) instead.");
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (confidence_plot_.begin("##confidence", ImVec2(w, height))) {
    confidence_plot_.setup_title(features_ && features_->space.classes() ? "classifier confidence per frame" : "confidence (needs labels)");
    confidence_plot_.setup_axes("", "p");
    series(confidence_plot_, [](const Strip& st) -> const std::vector<double>& { return st.features.confidence; }, false);
    confidence_plot_.end();
  }
  title_hover(confidence_plot_, "The classifier's largest class probability for each frame of the strip: near 1, the frame\n"
                                "looks like one class; a dip is a frame that looks like no class (a blank or a blend).");
  ImGui::EndGroup();
}

}  // namespace app
