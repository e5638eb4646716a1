#include "app/workers/traverse_worker.h"

#include <algorithm>
#include <chrono>

#include "core/error.h"
#include "core/vae/forward.h"

namespace app {

TraverseWorker::TraverseWorker() : worker_("ll-traverse", [this](Job& job) { return decode(job); }) {}

std::optional<TraverseWorker::Result> TraverseWorker::decode(Job& job) {
  const auto t0 = std::chrono::steady_clock::now();
  Result r;
  r.rows = job.rows;
  r.cols = job.cols;
  r.stamp = job.stamp;
  try {
    const int n = job.rows * job.cols;
    for (const Grid& g : job.grids) {
      const ll::ModelConfig& cfg = g.model->config();
      if (g.z.size() != size_t(n) * size_t(cfg.latent) || cfg.input_dim != job.height * job.width * job.channels)
        throw ll::Error("traverse: a grid of " + std::to_string(n) + " codes of length " + std::to_string(cfg.latent) +
                        " and images of " + std::to_string(cfg.input_dim) + " pixels expected");
      images_.resize(size_t(n) * size_t(cfg.input_dim));
      ws_.reserve(cfg, std::min(n, 64), false);
      ll::decode_images(*g.model, g.z.data(), n, ws_, images_.data());
      r.atlases.push_back(ll::io::compose_grid(images_.data(), n, job.height, job.width, job.channels, job.cols, kPad, 40));
    }
  } catch (const std::exception& e) {
    r.atlases.clear();
    r.error = e.what();
  }
  r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace app
