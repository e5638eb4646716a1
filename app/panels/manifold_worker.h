#pragma once
// Decodes a latent map's manifold (a grid of images over the visible latent box) off the UI
// thread, so a full refresh never stalls a frame. One worker per map; it holds at most one
// queued job (a newer submit replaces it) and one finished result.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/io/png.h"
#include "core/latent/view.h"
#include "core/vae/model.h"

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
  ~ManifoldWorker();  // finishes the running job, then joins
  ManifoldWorker(const ManifoldWorker&) = delete;
  ManifoldWorker& operator=(const ManifoldWorker&) = delete;

  void submit(Job job);
  std::optional<Result> take();  // the newest finished result, once
  bool busy() const;             // a job queued or running
  bool has_result() const;       // take() would return a result

 private:
  void run();
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Job> queued_;
  std::optional<Result> done_;
  bool running_ = false, quit_ = false;
  std::thread thread_;
};

}  // namespace app
