#pragma once
// Encodes every code a latent map draws (all test images, optionally the training images too)
// off the UI thread and off the trainer's: the snapshot itself carries only a small subset.
// 10,000 test codes cost ~70 ms a model here and 60,000 training codes ~0.4 s, so the caller
// asks for the training codes rarely; in between the worker reuses the last ones it made.
// One worker per map (it encodes that map's model).
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "app/workers/latest_job_worker.h"
#include "core/latent/code_grid.h"
#include "core/latent/latent_plane.h"
#include "core/latent/view.h"
#include "core/data/dataset.h"
#include "core/vae/model.h"
#include "core/vae/workspace.h"

namespace app {

// The codes one map draws: test codes first, then training codes.
struct MapCodes {
  std::vector<float> mu;         // (count, L) posterior means (the AE's codes)
  std::vector<int32_t> labels;   // (count) class, −1 unlabelled
  std::vector<uint32_t> index;   // (count) image index within its split
  size_t test_count = 0, train_count = 0;
  int latent = 0;
  int64_t step = -1;             // the model's step when the test codes were encoded
  int64_t train_step = -1;       // ... and when the training codes were (−1: none)
  const ll::Model* model = nullptr;  // which model (to tell a new one from a re-encode)
  const ll::Dataset* data = nullptr;  // whose images (a Reset may bring another dataset)
  double ms = 0;                 // encode time on the worker
  // The plane (MapPlane::projection_id, ::family) the density and the grid are of: the map's
  // when the job was sent.
  uint64_t plane_id = 0, family = 0;
  // The density of the test codes on that plane, on a grid over density_box
  // (core/latent/aggregate_density.h): q(z) for a VAE, a kernel density for an AE. On a
  // principal plane each q(z|x) is projected with its whole 2×2 covariance (density_correlation:
  // the largest |ρ| between the axes among the codes; 0 on a slice, where the sum is separable).
  std::vector<float> density;    // (density_grid, density_grid), row 0 at the top
  int density_grid = 0;
  ll::LatentBox density_box;
  float density_max = 0;
  double density_correlation = 0;
  double density_ms = 0;         // the density's share of `ms`
  // Every code (test, then training) on that plane, (count, 2): projected here, not on the UI
  // thread (70,000 codes); empty when the plane is of another latent size.
  std::vector<float> xy;
  // The test codes binned on the plane, for the hover tooltip (core/latent/code_grid.h).
  ll::CodeGrid grid;
  size_t count() const { return test_count + train_count; }
};

class CodeWorker {
 public:
  struct Job {
    std::shared_ptr<const ll::Model> model;
    std::shared_ptr<const ll::Dataset> data;
    std::shared_ptr<const std::vector<uint32_t>> test_index;  // null: every test image
    bool train = false;         // encode the training images as well (else reuse the last ones)
    bool keep_train = false;    // keep the last training codes even if from another model
    int64_t step = 0;
    ll::LatentPlane plane;      // the map's plane: the density and the grid are on it
    uint64_t plane_id = 0, family = 0;
    // The density layer's grid too: only while it is shown. The AE's kernel density of 10,000
    // codes took 217-509 ms a refresh, per map every 2 s, on the cores the UI thread needs.
    bool density = true;
  };

  CodeWorker();
  CodeWorker(const CodeWorker&) = delete;
  CodeWorker& operator=(const CodeWorker&) = delete;

  void submit(Job job) { worker_.submit(std::move(job)); }
  std::optional<MapCodes> take() { return worker_.take(); }
  bool busy() const { return worker_.busy(); }
  bool has_result() const { return worker_.has_result(); }

 private:
  std::optional<MapCodes> encode(Job& job);
  void density(MapCodes& r, size_t n, const float* logvar, const ll::LatentPlane& plane);
  // The worker thread's own state, declared before the worker so it outlives the thread.
  ll::Workspace ws_;
  std::vector<uint8_t> gathered_;
  std::vector<float> logvar_;
  std::vector<float> xy_, xy_logvar_;  // the test codes on the plane, and their (co)variances there
  std::vector<float> train_mu_;
  std::vector<int32_t> train_labels_;
  int64_t train_step_ = -1;
  const ll::Dataset* train_data_ = nullptr;
  LatestJobWorker<Job, MapCodes> worker_;
};

// A seeded subset of n test image indices (sorted), or null for n <= 0 or n >= count: every one.
std::shared_ptr<const std::vector<uint32_t>> test_subset(size_t count, int n, uint64_t seed);

}  // namespace app
