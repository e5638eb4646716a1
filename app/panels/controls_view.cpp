#include "app/panels/controls.h"

#include <imgui.h>

#include <cstdio>

#include "app/widgets/arm_label.h"
#include "app/widgets/text.h"

namespace app {

void ControlsPanel::take_picks(MapPicks& picks, Slice& slice) {
  if (picks.slice_base < 0) return;
  slice.base_image = picks.slice_base;
  slice.base_from_image = true;
  picks.slice_base = -1;
}

void ControlsPanel::section_view(const ll::Snapshot& s, MapPlane& plane, MapDisplay& display, MapPicks& picks, Events& events,
                                 ControlRequests& out) {
  const int L = s.config.model.latent;
  ImGui::Checkbox("Manifold", &display.show_manifold);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Tile the decoded images over the visible latent region");
  ImGui::SameLine(120);
  ImGui::Checkbox("Points", &display.show_points);
  ImGui::Checkbox("Prior 1-3σ", &display.show_prior);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The prior N(0, I)'s contours on the VAE's map");
  ImGui::SameLine(120);
  ImGui::Checkbox("σ ellipses", &display.show_ellipses);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Each VAE point's posterior standard deviation");
  ImGui::Checkbox("Density", &display.show_density);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Where the codes are dense, colour-mapped (viridis, square-root scale):\n"
                      "VAE: the aggregate posterior q(z), the mean of q(z|x) over the test images;\n"
                      "AE: a kernel density of its codes. Beside the prior's rings it shows where\n"
                      "the prior is filled and where it is not.");
  if (L <= 2) {
    if (ImGui::Checkbox("Posterior p(z|x)", &display.show_posterior))
      events.say("DISPLAY posterior=%d", display.show_posterior ? 1 : 0);
    events.region("toggle-posterior", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("On the VAE's map, for the image in focus (the hovered dot; else the drawing while\n"
                        "the Draw tab is open; else interpolation end A): the true posterior as a heatmap\n"
                        "with its 39%%/86%% regions (latent size 1: a density curve over z with its 68%%/95%%\n"
                        "intervals), q(z|x) and q* at the same levels, and under the map log p(x), the ELBO\n"
                        "and both gaps. Latent size 1 or 2 only.");
  }
  if (ImGui::Button("Fit maps to the codes")) out.fit_maps = true;
  ImGui::SameLine(0, 12);
  ImGui::Checkbox("Holes", &display.show_holes);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Show the measured tiles instead of the manifold, the holes tinted red: where the\n"
                      "decoder makes images unlike any training image (the rate is beside each map)");
  ImGui::Checkbox("Holes by pixel MSE", &display.pixel_holes);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Judge holes by mean squared pixel error instead of the classifier's features (the old rule:\n"
                      "it lets a blurry or blank image pass as close to some training image)");

  if (L > 2) section_plane(s, plane, picks, events);
}

void ControlsPanel::section_plane(const ll::Snapshot& s, MapPlane& plane, MapPicks& picks, Events& events) {
  const int L = s.config.model.latent;
  Slice& slice = plane.slice;
  int kind = plane.kind == PlaneKind::Pca ? 1 : 0;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Plane");
  ImGui::SameLine();
  ImGui::RadioButton("slice", &kind, 0);
  events.region("plane-slice", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A %d-D latent space: the maps show a 2-D slice through it, along two of its\n"
                      "dimensions (the others held fixed).", L);
  ImGui::SameLine();
  ImGui::RadioButton("PCA", &kind, 1);
  events.region("plane-pca", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Each map shows its model's own principal plane: the two directions along which\n"
                      "that model's codes (μ for the VAE) vary most, through their mean. The axes PC1\n"
                      "and PC2 say how much of the codes' variance each holds; the manifold, the\n"
                      "cursor and the holes are decoded on that plane. The models' planes differ:\n"
                      "the cursor stands at the same (PC1, PC2) in each, not at the same z.");
  plane.kind = kind == 1 ? PlaneKind::Pca : PlaneKind::Slice;
  const char* base_label = "Other dims at";
  if (plane.kind == PlaneKind::Pca) {
    for (size_t i = 0; i < s.arms.size(); ++i)
      if (const ll::PrincipalPlane* p = plane.principal(i))
        ImGui::TextDisabled("%s: PC1 %.0f%% + PC2 %.0f%% of var.", widgets::arm_label(s.config, i).c_str(),
                            100 * p->explained(0), 100 * p->explained(1));
    if (!plane.pca())
      ImGui::TextColored(ImVec4(1.f, 0.78f, 0.3f, 1.f), "%s",
                         plane.error().empty() ? "waiting for the codes (showing the slice)" : plane.error().c_str());
    base_label = "Through";
  } else {
    ImGui::Checkbox("Slice: dims with the largest KL", &slice.auto_dims);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The slice along the two dimensions the VAE uses most (largest KL), or the two\n"
                        "chosen below.");
    const ll::ArmSnapshot* vae = nullptr;
    for (const ll::ArmSnapshot& a : s.arms)
      if (a.arm.kind == ll::ModelKind::Vae && !vae) vae = &a;
    // x and y side by side: one row, so the Files section still fits at 1280×800.
    const float combo_w = (ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("x, y").x -
                           3 * ImGui::GetStyle().ItemSpacing.x) / 2;
    for (int k = 0; k < 2; ++k) {
      if (k == 1) ImGui::SameLine();
      ImGui::SetNextItemWidth(combo_w);
      char preview[48];
      auto describe = [&](int d, char* buf, size_t n) {
        if (vae && size_t(d) < vae->kl_per_dim.size())
          std::snprintf(buf, n, "%s  KL %.2f", widgets::dim_name(d).c_str(), vae->kl_per_dim[d]);
        else
          std::snprintf(buf, n, "%s", widgets::dim_name(d).c_str());
      };
      describe(slice.dims[k], preview, sizeof preview);
      if (ImGui::BeginCombo(k == 0 ? "##xdim" : "x, y", preview)) {
        for (int d = 0; d < L; ++d) {
          char item[48];
          describe(d, item, sizeof item);
          if (ImGui::Selectable(item, slice.dims[k] == d)) {
            slice.dims[k] = d;
            slice.auto_dims = false;
          }
        }
        ImGui::EndCombo();
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The latent dimension along the map's %s axis (KL: how much the VAE uses it)", k ? "y" : "x");
    }
  }
  int base = slice.base_from_image ? 1 : 0;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(base_label);
  ImGui::SameLine();
  ImGui::RadioButton(plane.kind == PlaneKind::Pca ? "the mean" : "0", &base, 0);
  if (ImGui::IsItemHovered() && plane.kind == PlaneKind::Pca) ImGui::SetTooltip("The plane through the mean of the model's codes");
  ImGui::SameLine();
  ImGui::RadioButton("an image", &base, 1);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(plane.kind == PlaneKind::Pca ? "The plane of the same directions through a test image's code (pick one below)"
                                                   : "The other dimensions at a test image's code (pick one below)");
  slice.base_from_image = base == 1;
  if (slice.base_from_image) {
    ImGui::SetNextItemWidth(90);
    ImGui::InputInt("##base", &slice.base_image);
    ImGui::SameLine();
    if (ImGui::SmallButton(picks.armed == Pick::SliceBase ? "click a dot…" : "pick on map"))
      picks.armed = picks.armed == Pick::SliceBase ? Pick::None : Pick::SliceBase;
  }
}

}  // namespace app
