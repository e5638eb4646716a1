#pragma once
// The app object: the Trainer, the latest Snapshot, the panels and the shared view state.
// It draws one frame at a time and sends the panels' commands; it computes nothing a model
// owns (that is in core) and trains nothing itself. Each piece of shared view state
// (app/state/) has one writer, named in its header; the app holds them and hands each panel
// the ones it writes by reference and the ones it reads by const reference.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "app/assets.h"
#include "app/events.h"
#include "app/focus.h"
#include "app/gfx/map_programs.h"
#include "app/notices.h"
#include "app/options.h"
#include "app/panels/collapse.h"
#include "app/panels/controls.h"
#include "app/panels/curves.h"
#include "app/panels/draw.h"
#include "app/panels/gradients.h"
#include "app/panels/interpolation.h"
#include "app/panels/latent_map.h"
#include "app/panels/recon.h"
#include "app/panels/samples.h"
#include "app/panels/selection.h"
#include "app/panels/status_bar.h"
#include "app/panels/timeline.h"
#include "app/panels/traverse.h"
#include "app/platform/window.h"
#include "app/run_stats.h"
#include "app/state/interp_ends.h"
#include "app/state/linked_hover.h"
#include "app/state/map_display.h"
#include "app/state/pick.h"
#include "app/state/sample_choice.h"
#include "app/state/selection.h"
#include "app/state/map_plane.h"
#include "app/state/timeline_state.h"
#include "app/test_images.h"
#include "app/workers/feature_worker.h"
#include "app/workers/hole_measure.h"
#include "app/workers/sample_worker.h"
#include "app/workers/theory_measure.h"
#include "core/train/trainer.h"

namespace app {

class App {
 public:
  // Starts the trainer on the built-in synthetic set at once (so the window never waits
  // for a disk), then asks it to load the requested dataset; a load that fails leaves the
  // synthetic models in place and shows why. Throws ll::Error if even that cannot start.
  // `assets`: what was found of assets/; its problems are shown (once, in the status bar).
  App(const AppOptions& opt, Events& events, const Assets& assets);
  ~App();

  void frame(double last_frame_ms, double now_s);

  // Something changes without input: keep drawing at the active rate.
  bool active() const;
  // Something to show that was not drawn yet: a snapshot, a manifold, a view gliding.
  bool has_news() const;
  // The user is interacting: draw at the high rate.
  bool interacting() const;

  std::optional<std::string> take_export();
  void write_export(const std::string& dir, const RgbImage& img);
  const RunStats& stats() const { return stats_; }

 private:
  void watch_trainer(double now_s);
  void sync_maps();
  void say_plane(const ll::Snapshot& s);  // DISPLAY plane=... when what the maps show changes
  // The lower centre: the class legend, then the tabs Interpolation | Draw | Collapse |
  // Gradients | Samples | Traverse | Selection.
  void draw_lower(const ll::Snapshot& view_snap, bool past);

  Events& events_;
  std::unique_ptr<ll::Trainer> trainer_;
  std::shared_ptr<const ll::Snapshot> snap_;       // the run now
  std::shared_ptr<const ll::Snapshot> view_snap_;  // what the views show: snap_ or a timeline frame
  // Shared view state; app/state/*.h say who writes and who reads each.
  Cursor cursor_;
  MapPlane plane_;
  std::string plane_said_;  // the last DISPLAY plane= event
  InterpEnds ends_;
  MapPicks picks_;
  MapDisplay display_;
  LinkedHover hover_;
  Selection selection_;          // the maps' brushes set it; Escape and the Selection tab clear it
  uint64_t selection_seen_ = 0;  // its version when the Selection tab was last brought up
  TimelineState timeline_state_;
  Focus focus_;                 // resolved once a frame; the posterior overlay reads it
  int highlight_class_ = -1;    // the legend item under the mouse, written by draw_lower
  bool canvas_open_ = false;    // the Draw tab was drawn last frame
  Notices notices_;
  RunStats stats_;
  ControlsPanel controls_;
  CurvesPanel curves_;
  ReconPanel recon_;
  InterpolationPanel interp_;
  StatusBar status_;
  TestImages thumbs_;
  TimelinePanel timeline_;
  DrawPanel draw_;
  CollapsePanel collapse_;
  // The data's feature space (read by holes_, samples_worker_, interp_), then what uses it.
  FeatureSource features_;
  HoleMeasure holes_;
  SampleChoice sample_choice_;  // written by samples_; read by the maps and samples_worker_
  SampleWorker samples_worker_;
  SamplesPanel samples_;
  bool samples_tab_open_ = false;  // the Samples tab was drawn last frame
  gfx::MapPrograms gl_programs_;  // built at start; the maps draw with them
  // Over training: exact bounds and gradient variances (read by collapse_, gradients_).
  TheoryMeasure theory_;
  bool theory_tab_open_ = false;  // the Collapse or Gradients tab was drawn last frame
  GradientsPanel gradients_;
  TraversePanel traverse_;
  SelectionPanel selection_panel_;
  std::string tab_request_;  // a tab to open on the first frame (--tab)
  // One map per model, by arm name; unique_ptr because each owns a worker thread.
  std::map<std::string, std::unique_ptr<LatentMapPanel>> maps_;
  std::string maps_key_, maps_data_;
  int maps_latent_ = 0;
  int64_t maps_step_ = 0;
  std::optional<std::string> export_dir_;

  uint64_t last_message_id_ = 0, last_notice_id_ = 0;
  uint64_t last_followed_id_ = 0;  // FOLLOWED events printed up to this checkpoint id
  ll::TrainerStatus last_status_ = ll::TrainerStatus::Idle;
  bool status_printed_ = false;
  uint64_t drawn_snapshot_ = 0;
  float last_cursor_[2] = {0, 0};
};

}  // namespace app
