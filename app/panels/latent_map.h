#pragma once
// One model's latent space: the encoded test subset as a scatter coloured by class (with
// the VAE's posterior σ as ellipses on request), the decoded manifold tiled under it, the
// prior's 1σ/2σ/3σ contours, the shared cursor and the interpolation path, and beside it
// the image this model decodes at the cursor. One instance per model: each owns its pan
// and zoom, its manifold worker and texture, and the Workspace it decodes with.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "app/events.h"
#include "app/gfx/texture.h"
#include "app/panels/draw.h"
#include "app/panels/holes.h"
#include "app/panels/manifold_worker.h"
#include "app/run_stats.h"
#include "app/view_state.h"
#include "app/widgets/scatter_layer.h"
#include "core/vae/workspace.h"

namespace app {

class TestImages;

// The interpolation path of each arm in full latent coordinates (steps, L), for drawing.
struct InterpPaths {
  std::vector<std::vector<float>> z;  // per arm
  int steps = 0;
};

// What a map shows besides its own model's codes and manifold.
struct MapContext {
  const InterpPaths* paths = nullptr;
  const TestImages* thumbs = nullptr;
  const std::vector<CanvasCode>* canvas = nullptr;  // the drawing's code in each model (by arm)
  const HoleMeasure* holes = nullptr;
  bool past = false;                                 // a timeline frame is shown, not the present
};

class LatentMapPanel {
 public:
  // Draws into the current ImGui window's remaining content region.
  void draw(const ll::Snapshot& s, size_t arm, LatentView& view, const MapContext& ctx, Events& events,
            RunStats& stats);
  // Background work pending (frame pacing: keep drawing until it lands).
  bool busy() const { return worker_.busy(); }
  bool result_ready() const { return worker_.has_result(); }
  // The view is still gliding towards the fitted box.
  bool animating() const { return animating_; }
  // Fits the view to the codes again (also on double-click).
  void fit() {
    auto_fit_ = true;
    animating_ = true;  // glide to the fitted box even if the codes are already in view
  }

 private:
  struct Xform {
    ImVec2 c0;
    float side, cx, cy, scale;  // scale: pixels per latent unit
    ImVec2 to_screen(float x, float y) const {
      return ImVec2(c0.x + side / 2 + (x - cx) * scale, c0.y + side / 2 - (y - cy) * scale);
    }
    float to_x(float sx) const { return cx + (sx - c0.x - side / 2) / scale; }
    float to_y(float sy) const { return cy - (sy - c0.y - side / 2) / scale; }
  };
  void update_view(const ll::Snapshot& s, size_t arm, const LatentView& view, float side);
  void handle_input(const ll::Snapshot& s, size_t arm, LatentView& view, const Xform& xf, Events& events);
  void request_manifold(const ll::Snapshot& s, size_t arm, const LatentView& view, const Xform& xf, Events& events,
                        RunStats& stats);
  void draw_map(const ll::Snapshot& s, size_t arm, const LatentView& view, const MapContext& ctx,
                const Xform& xf);
  void draw_markers(const ll::Snapshot& s, size_t arm, const LatentView& view, const MapContext& ctx,
                    const Xform& xf);
  void header(const ll::Snapshot& s, size_t arm, const LatentView& view, const MapContext& ctx);
  // The hole measurement of this arm when the map should show its tiles (else null).
  const HoleArmView* hole_tiles(const LatentView& view, const MapContext& ctx, size_t arm) const;
  void splat_points(const ll::Snapshot& s, size_t arm, const LatentView& view, const Xform& xf);
  void hover_tooltip(const ll::Snapshot& s, size_t arm, LatentView& view, const Xform& xf,
                     const TestImages& thumbs);
  void draw_decoded(const ll::Snapshot& s, size_t arm, const LatentView& view, ImVec2 size,
                    Events& events, RunStats& stats);

  // view: centre and pixels per latent unit; follows the codes until the user pans or zooms
  float cx_ = 0, cy_ = 0, scale_ = 40;
  bool auto_fit_ = true, have_view_ = false, animating_ = false;

  // manifold
  ManifoldWorker worker_;
  Texture manifold_tex_;
  ll::LatentBox manifold_box_;
  const ll::Model* manifold_model_ = nullptr;  // the model of the last request
  ll::LatentBox manifold_req_box_;
  int manifold_req_dims_[2] = {-1, -1};
  std::vector<float> manifold_req_base_;
  std::chrono::steady_clock::time_point manifold_req_time_;

  // image at the cursor
  ll::Workspace ws_;
  std::vector<float> z_, pixels_;
  std::vector<uint8_t> bytes_;
  Texture decoded_tex_;
  std::shared_ptr<const ll::Model> decoded_model_;
  std::vector<float> decoded_z_;
  ll::Nearest nearest_;

  // the scatter, drawn on the CPU into one texture (see ScatterLayer)
  struct SplatKey {
    const float* codes = nullptr;
    size_t count = 0;
    const void* data = nullptr;
    float cx = 0, cy = 0, scale = 0, side = 0;
    int d0 = -1, d1 = -1, highlight = -2;
    bool ellipses = false;
    bool operator==(const SplatKey&) const = default;
  };
  widgets::ScatterLayer points_;
  SplatKey splat_key_;

  bool dragging_ = false;
  // A press on a dot that is let go where it began pins that image as an interpolation end.
  int press_image_ = -1;
  ImVec2 press_pos_;
};

}  // namespace app
