#include "app/map/cursor_decode.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"
#include "core/latent/grid.h"
#include "core/vae/forward.h"

namespace app {

void CursorDecode::decode(const ll::Snapshot& s, size_t arm, const MapPlane& plane, const Cursor& cursor, Events& events,
                          RunStats& stats) {
  using Clock = std::chrono::steady_clock;
  const ll::ArmSnapshot& A = s.arms[arm];
  plane.point(arm, cursor.xy[0], cursor.xy[1], z_);
  if (same_model(model_, A.model) && z_ == decoded_z_) return;
  const auto t0 = Clock::now();
  const int D = A.model->config().input_dim;
  pixels_.resize(size_t(D));
  ws_.reserve(A.model->config(), 1, false);
  ll::decode_images(*A.model, z_.data(), 1, ws_, pixels_.data());
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  bytes_.resize(size_t(D));
  double mean = 0;
  for (int i = 0; i < D; ++i) {
    bytes_[i] = uint8_t(std::lround(std::clamp(pixels_[i], 0.f, 1.f) * 255.f));
    mean += pixels_[i];
  }
  tex_.upload(bytes_.data(), s.data->width, s.data->height, s.data->channels, false);
  stats.cursor_decode_ms.push_back(ms);
  // Only report decodes the cursor caused, not every new snapshot: tests key on these.
  if (z_ != decoded_z_) events.say("DECODED %s %.5f", A.name.c_str(), mean / D);
  model_ = A.model;
  decoded_z_ = z_;
  const std::vector<float>& xy = plane.xy(arm);
  nearest_ = ll::nearest_code(xy.data(), xy.size() / 2, 2, 0, 1, cursor.xy[0], cursor.xy[1]);
}

void CursorDecode::draw(const ll::Snapshot& s, size_t arm, const MapPlane& plane, const Cursor& cursor, ImVec2 size,
                        Events& events, RunStats& stats) {
  const ll::ArmSnapshot& A = s.arms[arm];
  const int L = s.config.model.latent;
  if (A.model && s.data) decode(s, arm, plane, cursor, events, stats);
  const float lh = ImGui::GetTextLineHeightWithSpacing();
  const bool below = size.x > size.y;  // image left, text right; otherwise text under the image
  const float side = std::max(16.f, below ? std::min(size.y, size.x * 0.5f) : std::min(size.x, size.y - 4 * lh));
  ImGui::BeginGroup();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  if (tex_.valid()) {
    ImGui::Image(tex_.imgui_id(), ImVec2(side, side));
  } else {
    ImGui::Dummy(ImVec2(side, side));
  }
  ImGui::GetWindowDrawList()->AddRect(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(255, 255, 255, 70));
  events.region("decoded-" + A.name, p0, ImVec2(p0.x + side, p0.y + side));
  if (below) ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(A.arm.kind == ll::ModelKind::Vae, int(arm))),
                     "%s decodes the cursor", widgets::arm_label(s.config, arm).c_str());
  ImGui::Text("%s = %.2f   %s = %.2f", plane.axis_name(arm, 0).c_str(), cursor.xy[0], plane.axis_name(arm, 1).c_str(),
              cursor.xy[1]);
  if (plane.pca())
    ImGui::TextDisabled(plane.slice.base_from_image ? "plane through the image's code" : "plane through the codes' mean");
  else if (L > 2)
    ImGui::TextDisabled(plane.slice.base_from_image ? "other dims: image's code" : "other dims: 0");
  if (!z_.empty()) ImGui::TextDisabled("log p(z) = %.1f nats", ll::log_prior(z_.data(), L));
  if (nearest_.index >= 0) {
    ImGui::TextDisabled("nearest code: %.2f away", nearest_.distance);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Distance (latent units, in the shown plane) from the cursor to the nearest\n"
                        "encoded test image. Far from every code an AE decodes what it never\n"
                        "learned; a VAE's prior fills that space.");
  }
  ImGui::EndGroup();
  ImGui::EndGroup();
}

}  // namespace app
