#include "app/workers/manifold_worker.h"

#include <algorithm>
#include <chrono>

#include "core/vae/forward.h"
#include "core/vae/workspace.h"

namespace app {

ManifoldWorker::ManifoldWorker()
    : worker_("ll-manifold", [this](Job& job) { return decode(job); }) {}

std::optional<ManifoldWorker::Result> ManifoldWorker::decode(Job& job) {
  const auto t0 = std::chrono::steady_clock::now();
  try {
    const int n = job.cols * job.rows;
    const int D = job.model->config().input_dim;
    images_.resize(size_t(n) * D);
    ws_.reserve(job.model->config(), std::min(n, 64), false);
    ll::decode_images(*job.model, job.z.data(), n, ws_, images_.data());
    Result r;
    r.atlas = ll::io::compose_grid(images_.data(), n, job.height, job.width, job.channels, job.cols, 0);
    r.cols = job.cols;
    r.rows = job.rows;
    r.box = job.box;
    r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return r;
  } catch (const std::exception&) {
    return std::nullopt;  // a shape that does not tile (should not happen): no picture this time
  }
}

}  // namespace app
