#pragma once
// The left column: the run's settings (dataset, model shape, objective, optimiser), Train /
// Pause / Resume / Reset, checkpoints, PNG export, and the latent maps' view options.
// Settings that need new models are edited in a draft and marked until Reset applies them;
// β and the learning rate are sent to the trainer live.
#include <string>

#include "app/events.h"
#include "app/notices.h"
#include "app/state/map_display.h"
#include "app/state/pick.h"
#include "app/state/map_plane.h"
#include "core/train/train_mode.h"
#include "core/train/trainer.h"

namespace app {

// What the Controls ask of the app beyond trainer commands.
struct ControlRequests {
  bool fit_maps = false;
  bool go_live = false;    // training starts again: the timeline back to the present
  std::string export_dir;  // non-empty: write PNGs of the views there after this frame
};

class ControlsPanel {
 public:
  explicit ControlsPanel(const ll::TrainConfig& initial);
  // Writes the plane's kind and slice and the map display (and arms a slice-base pick); the
  // rest goes to the trainer or into `out`.
  void draw(const ll::Snapshot& s, ll::Trainer& trainer, MapPlane& plane, MapDisplay& display, MapPicks& picks,
            Notices& notices, Events& events, ControlRequests& out);
  // A slice base picked on a map (called right after each map is drawn).
  void take_picks(MapPicks& picks, Slice& slice);
  // The folder typed under Export (the Selection tab exports there too).
  const std::string& export_dir() const { return export_dir_; }

 private:
  std::string data_spec() const;
  bool build_config(ll::TrainConfig& cfg, std::string& error) const;
  void section_data(const ll::Snapshot& s, Events& events);
  void section_model(const ll::Snapshot& s);
  void section_training(const ll::Snapshot& s, ll::Trainer& trainer, Notices& notices, Events& events,
                        ControlRequests& out);
  void section_objective(const ll::Snapshot& s, ll::Trainer& trainer);
  void section_files(const ll::Snapshot& s, ll::Trainer& trainer, Notices& notices, Events& events,
                     ControlRequests& out);  // controls_files.cpp
  void section_view(const ll::Snapshot& s, MapPlane& plane, MapDisplay& display, MapPicks& picks, Events& events,
                    ControlRequests& out);  // controls_view.cpp
  void section_plane(const ll::Snapshot& s, MapPlane& plane, MapPicks& picks, Events& events);  // controls_view.cpp

  ll::TrainConfig draft_;
  int data_kind_ = 0;  // 0 Fashion-MNIST, 1 IDX, 2 image folder, 3 synthetic
  std::string idx_path_, folder_path_;
  int synthetic_n_ = 12000;
  std::string hidden_text_;
  ll::TrainMode mode_ = ll::TrainMode::VaeAe;  // the models Reset builds
  float beta_ = 1.f, beta2_ = 4.f, lr_ = 1e-3f;
  int warmup_ = 0;
  float free_bits_ = 0.f;
  std::string save_dir_ = "checkpoints", load_path_ = "checkpoints/vae.safetensors";
  int load_arm_ = -1;
  std::string export_dir_ = "latentlab-export";
  std::string follow_dir_ = "runs/x";  // Files -> Follow a folder
};

}  // namespace app
