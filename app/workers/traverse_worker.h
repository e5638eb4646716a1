#pragma once
// Decodes the Traverse tab's grids off the UI thread: one job holds every model's traversal
// codes, so both models' grids land in the same frame and the two sides always show the same
// focus. Latest request wins (LatestJobWorker): while the mouse sweeps over dots, only the
// newest focus is decoded.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/workers/latest_job_worker.h"
#include "core/io/png.h"
#include "core/vae/model.h"
#include "core/vae/workspace.h"

namespace app {

class TraverseWorker {
 public:
  struct Grid {
    std::shared_ptr<const ll::Model> model;  // kept alive by the job, whatever the UI swaps
    std::vector<float> z;                    // (rows·cols, L) from ll::traversal_codes
  };
  struct Job {
    std::vector<Grid> grids;  // one per model, in the snapshot's arm order
    int rows = 0, cols = 0;
    int height = 0, width = 0, channels = 0;  // image shape of input_dim
    uint64_t stamp = 0;                       // the request this job answers
  };
  struct Result {
    std::vector<ll::io::Image> atlases;  // per grid: cols×rows tiles, 1 px of padding
    int rows = 0, cols = 0;
    uint64_t stamp = 0;
    double ms = 0;       // decode time of all grids
    std::string error;   // non-empty: nothing decoded, and why
  };
  static constexpr int kPad = 1;

  TraverseWorker();
  TraverseWorker(const TraverseWorker&) = delete;
  TraverseWorker& operator=(const TraverseWorker&) = delete;

  void submit(Job job) { worker_.submit(std::move(job)); }
  std::optional<Result> take() { return worker_.take(); }
  bool busy() const { return worker_.busy(); }
  bool has_result() const { return worker_.has_result(); }

 private:
  std::optional<Result> decode(Job& job);
  // The worker thread's own scratch, declared before the worker so it outlives the thread.
  ll::Workspace ws_;
  std::vector<float> images_;
  LatestJobWorker<Job, Result> worker_;
};

}  // namespace app
