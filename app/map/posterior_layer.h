#pragma once
// The true posterior p(z|x) of the image in focus on a VAE's map. Latent size 2: a viridis
// heatmap under the points, the outlines of its highest-density regions holding 39% and 86%
// of the mass (a 2-D Gaussian's 1σ and 2σ), q(z|x)'s and q*'s ellipses at the same levels.
// Latent size 1: the density curves of posterior_curves.h. Under the map, a readout
// (posterior_readout.h). Computed by a PosteriorWorker, asked again only when the image in
// focus or the model changes; the snapshot shown decides the model, so it follows the
// timeline. One per map; maps of a latent size above 2 draw nothing, an AE's says why.
#include <imgui.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/events.h"
#include "app/focus.h"
#include "app/gfx/draw_list_target.h"
#include "app/gfx/texture.h"
#include "app/map/texture_stretch.h"
#include "app/map/view_transform.h"
#include "app/workers/posterior_worker.h"
#include "core/latent/canvas.h"
#include "core/train/snapshot.h"

namespace app {

class PosteriorLayer {
 public:
  static constexpr double kModelRefreshS = 1.0, kDutyFactor = 4.0;

  // Takes a finished readout (POSTERIOR event), then asks for the focus image's one when it
  // or the model changed. canvas: the Draw tab's drawing while it is shown (else null).
  void update(const ll::Snapshot& s, size_t arm, const Focus& focus, const ll::Canvas* canvas, bool wanted,
              Events& events);
  // Under the points: the heatmap.
  void draw_heatmap(ImDrawList* dl, const Xform& xf) const;
  // Over the points: the HPD outlines (or intervals), q's and q*'s ellipses (or curves). The
  // 2-D outlines are drawn into textures (map_marks_, inset_) when the result or the view
  // changes, and shown as one quad in the frames between.
  void draw_marks(ImDrawList* dl, const Xform& xf);
  // The strip the readout needs under the canvas (0: this latent size has no overlay). Kept
  // with the overlay off too, so switching it does not resize the map.
  static float readout_height(const ll::Snapshot& s);
  // The readout at the ImGui cursor, `width` wide; on an AE's map, why there is none.
  void draw_readout(const ll::Snapshot& s, size_t arm, float width) const;
  // A request pending (the worker's, or a newer model's waiting for its turn: see update()).
  bool busy() const { return (worker_ && worker_->busy()) || model_waiting_; }
  bool result_ready() const { return worker_ && worker_->has_result(); }

 private:
  bool shown() const { return shown_ && result_ && result_->error.empty(); }
  void contours_and_ellipses(ImDrawList* dl, const Xform& xf) const;
  void marks_on_map(ImDrawList* dl, const Xform& xf);
  void inset(ImDrawList* dl, const Xform& xf);
  bool magnified(const Xform& xf) const;  // the 2-D posterior is too small on the map: the inset shows it

  std::unique_ptr<PosteriorWorker> worker_;  // made on the first request: an AE's map has none
  std::optional<PosteriorWorker::Result> result_;
  Texture tex_;
  uint64_t result_serial_ = 0;  // counts the results taken: what the cached outlines are of
  struct MarksKey {
    uint64_t result = 0;
    MapView view;
    int side = 0;
    bool operator==(const MarksKey&) const = default;
  };
  gfx::DrawListTarget map_marks_, inset_;
  MarksKey map_key_, inset_key_;
  bool shown_ = false;      // the result is of the image now in focus
  bool wanted_ = false;     // the overlay is switched on
  std::string want_;        // the focus's source now ("" when it is no image)
  std::string req_source_;  // the last request's
  const ll::Model* req_model_ = nullptr;
  uint64_t req_canvas_ = 0;
  double req_at_s_ = -1e9;     // when the last request went out (steady clock)
  double last_cpu_ms_ = 0;     // the worker's CPU time for the last result
  bool model_waiting_ = false; // the model changed, the same image's request waits its turn
};

}  // namespace app
