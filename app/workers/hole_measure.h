#pragma once
// Holes, measured, beside the maps. A background thread measures every model with the same
// rule, every few seconds: each model's hole rate over the region its test codes occupy, and
// the tiles the map shows with the holes tinted red (for a 2-D latent space the rate's own
// 20×20 grid; for more dimensions the same rule on the slice on screen).
//
// The rule is the feature one once the data's feature space is ready (FeatureSource; a
// decoding is a hole when its classifier features are farther from every training image's
// than 95% of test images' are, core/features/sample_quality.h), measured over the codes'
// box and over 400 draws of N(0, I) (where a person samples). Until then, or when the person
// asks for it, the pixel rule (core/latent/holes.h: MSE, its threshold once per dataset).
// Nothing of it runs on the UI thread; a frame only uploads a finished result. Whatever
// snapshot the maps show is measured — a timeline frame's decoder too.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/gfx/texture.h"
#include "app/state/map_plane.h"
#include "app/workers/feature_worker.h"
#include "app/workers/latest_job_worker.h"
#include "app/workers/model_refs.h"
#include "core/io/png.h"
#include "core/latent/view.h"
#include "core/train/snapshot.h"

namespace app {

// One model's last measurement, ready to draw.
struct HoleArmView {
  bool valid = false;
  bool feature = false;     // the feature rule (else the pixel rule)
  double rate = 0;          // the rate over the code region: the number shown
  int points = 0;           // points it was measured on
  double prior_rate = 0;    // feature rule only: over draws of N(0, I)
  int prior_points = 0;
  int grid = 0;             // the tiles: grid × grid cell centres over `box` on the map's plane
  ll::LatentBox box;
  uint64_t plane_id = 0;    // the plane (MapPlane::id, ::family) the tiles are on
  uint64_t family = 0;
  double tile_rate = 0;     // fraction of the tiles that are holes (= rate for a 2-D latent)
  Texture tiles;            // the decoded tiles, RGB, holes tinted red and framed
  int64_t step = -1;        // the step of the model measured
  const ll::Model* model = nullptr;
};

class HoleMeasure {
 public:
  HoleMeasure();
  HoleMeasure(const HoleMeasure&) = delete;
  HoleMeasure& operator=(const HoleMeasure&) = delete;

  // Takes a finished result (uploads its tiles), then submits a measurement of `s` when one
  // is due: the models, the plane or the rule changed and the last one is `interval_s` old.
  // The feature rule applies when `features` belong to s's data and `pixel_rule` is off.
  void update(const ll::Snapshot& s, const MapPlane& plane, const std::shared_ptr<const Features>& features,
              bool pixel_rule, double interval_s = 3.0);
  const HoleArmView* arm(size_t i) const { return i < arms_.size() && arms_[i].valid ? &arms_[i] : nullptr; }
  bool has_result() const;  // a measurement landed that was not uploaded yet (frame pacing)
  bool measuring() const;
  // A change is waiting for its interval to pass: draw a frame then, even when idle.
  bool due() const;

  // The last result's threshold (MSE per pixel, or feature distance for the feature rule) and
  // how many test images it came from; 0 until measured.
  double threshold() const { return threshold_; }
  size_t threshold_images() const { return threshold_images_; }
  static constexpr int kPriorPoints = 400;  // draws of N(0, I), as the CLI's hole_rate_prior
  static constexpr int kSliceGrid = 16;     // tiles per side on a plane of a > 2-D space
  double last_ms() const { return last_ms_; }
  const std::string& error() const { return error_; }

 private:
  struct JobArm {
    std::shared_ptr<const ll::Model> model;
    std::vector<float> codes;  // (n, L) μ of the test subset
    ll::LatentPlane plane;     // the map's plane the tiles are on
    uint64_t plane_id = 0, family = 0;
    bool whole = false;        // the plane is the whole (2-D) space: the rate's own grid is the tiles
  };
  struct Job {
    std::string key;  // shown_key_ when submitted
    std::shared_ptr<const ll::Dataset> data;
    std::shared_ptr<const Features> features;  // null: the pixel rule
    std::vector<JobArm> arms;
    int latent = 0;
    int64_t step = 0;
  };
  struct ArmResult {
    double rate = 0, tile_rate = 0, prior_rate = 0;
    int points = 0, grid = 0, prior_points = 0;
    ll::LatentBox box;
    ll::io::Image atlas;
    const ll::Model* model = nullptr;
    uint64_t plane_id = 0, family = 0;
  };
  struct Result {
    std::string key;
    bool feature = false;
    std::vector<ArmResult> arms;
    double threshold = 0;
    size_t threshold_images = 0;
    int64_t step = 0;
    double ms = 0;
    std::string error;
  };
  std::optional<Result> timed_measure(Job& job);  // on the worker thread
  Result measure(const Job& job);
  ArmResult measure_pixels(const Job& job, const JobArm& a);
  ArmResult measure_features(const Job& job, const JobArm& a) const;
  // The box the tiles cover: 1st to 99th percentile of the codes' plane coordinates (for a
  // slice, of dims dx and dy: the rate's own box there).
  static ll::LatentBox tile_box(const JobArm& a, int latent);

  // UI thread
  std::vector<HoleArmView> arms_;
  std::vector<ModelRef> submitted_models_;  // weak: compared, not kept (model_refs.h)
  std::string shown_key_;  // dataset, latent size and model kinds the results belong to
  std::vector<uint64_t> submitted_planes_;
  bool submitted_pca_ = false;
  const ll::Dataset* submitted_data_ = nullptr;
  bool submitted_feature_ = false;
  double submitted_at_ = -1e9;
  double due_at_ = -1;  // when the waiting change may be measured (−1: none waiting)
  double threshold_ = 0;
  size_t threshold_images_ = 0;
  double last_ms_ = 0;
  std::string error_;

  // worker only: the threshold of the dataset it was measured for
  std::shared_ptr<const ll::Dataset> thr_data_;
  double thr_mse_ = 0;
  size_t thr_count_ = 0;
  // Last: its thread uses the members above, so it must stop before they go.
  LatestJobWorker<Job, Result> worker_;
};

}  // namespace app
