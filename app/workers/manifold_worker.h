#pragma once
// Decodes a latent map's manifold (a grid of images over the visible latent box) off the UI
// thread, so a full refresh never stalls a frame. One worker per map; it holds at most one
// queued job (a newer submit replaces it) and one finished result.
#include <memory>
#include <optional>
#include <vector>

#include "app/workers/latest_job_worker.h"
#include "core/io/png.h"
#include "core/latent/view.h"
#include "core/vae/model.h"
#include "core/vae/workspace.h"

namespace app {

class ManifoldWorker {
 public:
  struct Job {
    std::shared_ptr<const ll::Model> model;
    std::vector<float> z;      // (rows·cols, L) from ll::box_grid, row 0 at the top
    int cols = 0, rows = 0;
    int height = 0, width = 0, channels = 0;  // image shape of input_dim
    ll::LatentBox box;         // what the grid covers
  };
  struct Result {
    ll::io::Image atlas;       // cols×rows tiles, no padding
    int cols = 0, rows = 0;
    ll::LatentBox box;
    double ms = 0;             // decode time
  };

  ManifoldWorker();
  ManifoldWorker(const ManifoldWorker&) = delete;
  ManifoldWorker& operator=(const ManifoldWorker&) = delete;

  void submit(Job job) { worker_.submit(std::move(job)); }
  std::optional<Result> take() { return worker_.take(); }  // the newest finished result, once
  bool busy() const { return worker_.busy(); }              // a job queued or running
  bool has_result() const { return worker_.has_result(); }  // take() would return a result

 private:
  std::optional<Result> decode(Job& job);
  // The worker thread's own scratch, declared before the worker so it outlives the thread.
  ll::Workspace ws_;
  std::vector<float> images_;
  LatestJobWorker<Job, Result> worker_;
};

}  // namespace app
