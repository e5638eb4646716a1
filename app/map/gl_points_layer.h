#pragma once
// Every code of one map as point sprites drawn by the GPU (shaders/points.*): all test
// codes by default, the training codes too with --points all. The codes come from this
// layer's CodeWorker, are uploaded once per refresh, and are drawn into an offscreen texture
// that is redrawn only when the codes, the view, the highlight or the selection change:
// llvmpipe must not rasterise 70,000 sprites every frame. A frame just shows the texture.
// It also keeps a spatial grid of its test codes for the hover tooltip. Codes go on the map
// through the map's plane (MapPlane, app/state/map_plane.h), projected here once per refresh or
// plane change; the worker's density and grid are used only when made for the same plane.
#include <imgui.h>

#include <chrono>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "app/gfx/gl_objects.h"
#include "app/gfx/map_programs.h"
#include "app/map/texture_stretch.h"
#include "app/map/view_transform.h"
#include "app/state/map_display.h"
#include "app/state/selection.h"
#include "app/workers/code_worker.h"
#include "core/latent/code_grid.h"
#include "core/train/snapshot.h"

namespace app {

class GlPointsLayer {
 public:
  // Takes finished encodings (uploads them) and asks for new ones when the model moved on:
  // the test codes at most every 2 s, the training codes at most every 30 s.
  // plane_id: MapPlane::projection_id; family: MapPlane::family (both go with the job).
  void update(const ll::Snapshot& s, size_t arm, const MapDisplay& show, const ll::LatentPlane& plane,
              uint64_t plane_id, uint64_t family);
  // True when it has codes of this snapshot's dataset and latent size to draw.
  bool ready(const ll::Snapshot& s) const;
  // Draws the sprites (redrawing the texture if needed) into the canvas; returns how many.
  // A non-empty selection is drawn on top and the other codes dimmed (training codes too).
  // `upload_ms`, `upload_cpu_ms`: wall and CPU time the UI thread spent uploading codes this
  // frame (0 when none; the wall time includes the moments another thread had the core).
  size_t draw(ImDrawList* dl, const gfx::MapPrograms& gl, const ll::LatentPlane& plane, uint64_t plane_id,
              int highlight_class, const Selection& selection, const Xform& xf, double& upload_ms,
              double& upload_cpu_ms);
  // The test codes (rows 0..test_count of codes()) binned on the plane: the worker's grid, or
  // (for a frame or two after the plane changed, before the codes for it land) one built
  // here; null before there are codes.
  const ll::CodeGrid* hover_grid(const ll::LatentPlane& plane, uint64_t plane_id);
  // Every code of codes() on the plane, (count, 2); empty before there are codes.
  const std::vector<float>& projected(const ll::LatentPlane& plane, uint64_t plane_id);
  // "10,000 test codes at step 1,200" for the map's corner.
  std::string caption() const;
  size_t count() const { return codes_ ? codes_->count() : 0; }
  const MapCodes* codes() const { return codes_ ? &*codes_ : nullptr; }
  uint64_t codes_id() const { return codes_id_; }
  // The last frame showed the texture of an earlier view, stretched (the view moved): it is
  // redrawn at the first frame the view keeps still, so the app should draw one. A map that
  // stopped drawing its points (hidden, σ ellipses) is not stale.
  bool stale() const {
    return target_.valid() && shown_frame_ == ImGui::GetFrameCount() && !(last_view_ == drawn_);
  }
  // True once after new codes were drawn (for the CODES event).
  bool take_drawn_news() { return std::exchange(drawn_news_, false); }
  // Times the sprites were drawn into the texture (for --print-stats' points_redraws).
  unsigned long long redraws() const { return redraws_; }
  bool busy() const { return worker_.busy(); }
  // A newer model than the codes' waits for its turn (update()): the app must draw frames
  // until it is sent, or a paused map keeps the codes of a step before the pause.
  bool waiting() const { return waiting_; }
  bool result_ready() const { return worker_.has_result(); }

 private:
  void upload(const ll::LatentPlane& plane, uint64_t plane_id, const Selection& selection);
  // What the texture's pixels depend on besides the view.
  struct Key {
    uint64_t codes = 0, selection = 0, plane = 0;
    float side = 0;
    int highlight = -2;
    bool operator==(const Key&) const = default;
  };
  // Draws every sprite into the texture at view `v` (the texture reaches kMargin beyond the
  // canvas on every side, so a view that moved a little is still covered).
  void redraw(const gfx::MapPrograms& gl, const MapView& v, int side, int highlight_class, const Selection& selection);

  using Clock = std::chrono::steady_clock;

  std::optional<MapCodes> codes_;
  uint64_t codes_id_ = 0;      // increases with every result taken
  uint64_t uploaded_id_ = 0;   // codes_id_ and plane of the buffer's contents
  uint64_t uploaded_plane_ = 0;
  uint64_t uploaded_selection_ = UINT64_MAX;  // Selection::version() of the buffer's flags
  ll::CodeGrid grid_;
  uint64_t grid_id_ = 0, grid_plane_ = 0;
  std::vector<float> xy_;  // projected(): codes_id_ and plane of its contents
  uint64_t xy_id_ = 0, xy_plane_ = 0;
  bool drawn_news_ = false;
  std::vector<float> staging_;  // (count, 4): x, y, class, selected
  gfx::Buffer vbo_;
  long long vbo_bytes_ = -1;  // the size of vbo_'s storage
  gfx::VertexArray vao_;
  gfx::RenderTarget target_;
  Key key_;
  MapView drawn_, last_view_;  // the view the texture was drawn at; the view of the last frame
  int shown_frame_ = -1;       // ImGui's frame count when draw() last showed the texture
  unsigned long long redraws_ = 0;
  bool waiting_ = false;  // a newer model than the codes' waits for kTestEvery_s
  const ll::Model* submitted_model_ = nullptr;
  uint64_t submitted_plane_ = 0;
  bool submitted_density_ = false;  // the last job asked for the density grid
  Clock::time_point last_submit_{}, last_train_{};
  bool train_asked_ = false;
  CodeWorker worker_;  // last: joined before the state it fills
};

}  // namespace app
