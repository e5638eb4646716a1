#include "app/map/dot_tooltip.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/codes.h"
#include "app/map/map_input.h"
#include "app/widgets/arm_label.h"
#include "app/widgets/palette.h"
#include "app/widgets/text.h"
#include "core/latent/view.h"
#include "core/vae/forward.h"

namespace app {
namespace {

const ll::Split& test_split(const ll::Dataset& d) { return d.test.count ? d.test : d.train; }

}  // namespace

int DotTooltip::subset_row(const ll::Snapshot& s, uint32_t image) {
  const std::vector<uint32_t>& ix = s.code_index;
  // The subset is copied into every snapshot but changes only with new models: rebuild the
  // reverse table when it looks different, not every frame.
  if (ix.empty()) return -1;
  if (row_data_ != s.data.get() || row_count_ != ix.size() || row_front_ != ix.front() || row_back_ != ix.back()) {
    row_data_ = s.data.get(), row_count_ = ix.size(), row_front_ = ix.front(), row_back_ = ix.back();
    const uint32_t top = *std::max_element(ix.begin(), ix.end());
    row_of_.assign(size_t(top) + 1, -1);
    for (size_t r = 0; r < ix.size(); ++r) row_of_[ix[r]] = int32_t(r);
  }
  return image < row_of_.size() ? row_of_[image] : -1;
}

const float* DotTooltip::encoded(const ll::Snapshot& s, size_t k, uint32_t image, const float** logvar) {
  const int L = s.config.model.latent;
  if (encoded_image_ != image || encoded_snapshot_ != s.id || encoded_arm_.size() != s.arms.size()) {
    encoded_image_ = image, encoded_snapshot_ = s.id;
    encoded_arm_.assign(s.arms.size(), false);
    mu_.assign(s.arms.size() * L, 0.f);
    logvar_.assign(s.arms.size() * L, 0.f);
  }
  const ll::ArmSnapshot& A = s.arms[k];
  if (!A.model || !s.data || image >= test_split(*s.data).count) return nullptr;
  if (!encoded_arm_[k]) {
    const uint8_t* px = test_split(*s.data).pixels.data() + size_t(image) * s.data->image_size();
    ll::encode_images(*A.model, px, 1, ws_, mu_.data() + k * L, logvar_.data() + k * L);
    encoded_arm_[k] = true;
  }
  *logvar = A.arm.kind == ll::ModelKind::Vae ? logvar_.data() + k * L : nullptr;
  return mu_.data() + k * L;
}

void DotTooltip::draw(const ll::Snapshot& s, size_t arm, const MapPlane& plane, const Xform& xf, GlPointsLayer& codes,
                      const TestImages& thumbs, Pick armed, int next_pin, LinkedHover& hover, Events& events) {
  if (!ImGui::IsItemHovered() || !s.data) return;
  const ll::ArmSnapshot& A = s.arms[arm];
  const int L = s.config.model.latent;
  const ImVec2 m = ImGui::GetIO().MousePos;
  uint32_t image = 0;
  const float* at = nullptr;  // the code where the dot is drawn
  if (codes.ready(s)) {
    // Every test code the GPU draws, through its grid.
    const ll::Nearest near =
        codes.hover_grid(plane.of(arm), plane.projection_id(arm))->nearest(xf.to_x(m.x), xf.to_y(m.y), kPickRadius / xf.scale);
    if (near.index < 0) return;
    image = codes.codes()->index[size_t(near.index)];
    at = codes.codes()->mu.data() + size_t(near.index) * L;
  } else {
    const std::vector<float>& xy = plane.xy(arm);
    const ll::Nearest near = ll::nearest_code(xy.data(), xy.size() / 2, 2, 0, 1, xf.to_x(m.x), xf.to_y(m.y));
    if (near.index < 0 || near.distance * xf.scale > kPickRadius) return;
    image = s.code_index[size_t(near.index)];
    at = A.codes_mu.data() + size_t(near.index) * L;
  }
  const int row = subset_row(s, image);
  if (int64_t(image) != said_image_) {
    said_image_ = image;
    events.say("HOVER map=%s image=%u row=%d of=%zu", A.name.c_str(), unsigned(image), row,
               codes.ready(s) ? codes.codes()->test_count : s.code_index.size());
  }
  hover.post(row, int(arm), int(image));  // the other maps ring the same image next frame
  float ax, ay;
  plane.project(arm, at, ax, ay);
  ImGui::GetWindowDrawList()->AddCircle(xf.to_screen(ax, ay), 5.f, IM_COL32(255, 255, 255, 255), 12, 1.5f);
  tooltip(s, plane, thumbs, image, row, armed, next_pin);
}

void DotTooltip::tooltip(const ll::Snapshot& s, const MapPlane& plane, const TestImages& thumbs, uint32_t image,
                         int row, Pick armed, int next_pin) {
  const ll::Dataset& d = *s.data;
  const ll::Split& test = test_split(d);
  const int L = s.config.model.latent;
  ImGui::BeginTooltip();
  const ImageAtlas& atlas = thumbs.atlas();
  if (row >= 0 && atlas.valid() && row < atlas.count) {
    ImVec2 uv0, uv1;
    atlas.uv(row, uv0, uv1);
    ImGui::Image(atlas.texture.imgui_id(), ImVec2(112, 112), uv0, uv1);
  } else if (image < test.count) {
    if (thumb_image_ != image || thumb_data_ != &d) {
      thumb_.upload(test.pixels.data() + size_t(image) * d.image_size(), d.width, d.height, d.channels);
      thumb_image_ = image, thumb_data_ = &d;
    }
    ImGui::Image(thumb_.imgui_id(), ImVec2(112, 112));
  }
  const int cls = image < test.labels.size() ? test.labels[image] : -1;
  if (cls >= 0 && size_t(cls) < d.class_names.size())
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::class_color(cls)), "%s", d.class_names[cls].c_str());
  ImGui::Text("test image #%u", unsigned(image));
  // Where each model puts this image (the ringed dot on the other maps).
  for (size_t k = 0; k < s.arms.size(); ++k) {
    const float* c = row >= 0 ? code_of(s, k, row) : nullptr;
    const float* lv = nullptr;
    if (c && s.arms[k].codes_logvar.size() >= (size_t(row) + 1) * L) lv = s.arms[k].codes_logvar.data() + size_t(row) * L;
    if (!c) c = encoded(s, k, image, &lv);
    if (!c) continue;
    const bool vae = s.arms[k].arm.kind == ll::ModelKind::Vae;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(widgets::arm_color(vae, int(k))), "%s", widgets::arm_label(s.config, k).c_str());
    ImGui::SameLine();
    // On each model's own plane: its map's (x, y) of this image, and σ along those axes.
    float x, y;
    plane.project(k, c, x, y);
    ImGui::Text("%s (%.2f, %.2f)", vae ? "μ =" : "z =", x, y);
    if (vae && lv) {
      std::vector<float> plv;
      plane.of(k).project_logvar(lv, 1, plv);
      ImGui::SameLine();
      ImGui::TextDisabled("σ = (%.2f, %.2f)", std::exp(0.5f * plv[0]), std::exp(0.5f * plv[1]));
    }
  }
  if (armed == Pick::None && row >= 0) ImGui::TextDisabled("click: interpolate from here (end %c)", next_pin == 0 ? 'A' : 'B');
  if (row < 0)
    ImGui::TextDisabled("not in the %s-image sample the other views use (not ringed on the other map)",
                        widgets::thousands((long long)s.code_index.size()).c_str());
  ImGui::EndTooltip();
}

}  // namespace app
