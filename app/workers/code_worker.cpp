#include "app/workers/code_worker.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>

#include "core/latent/aggregate_density.h"
#include "core/vae/forward.h"

namespace app {

CodeWorker::CodeWorker() : worker_("ll-codes", [this](Job& job) { return encode(job); }) {}

std::optional<MapCodes> CodeWorker::encode(Job& job) {
  const auto t0 = std::chrono::steady_clock::now();
  if (!job.model || !job.data) return std::nullopt;
  const ll::Dataset& d = *job.data;
  const ll::Split& test = d.test.count ? d.test : d.train;
  const int L = job.model->config().latent;
  const size_t D = d.image_size();
  MapCodes r;
  r.latent = L;
  r.step = job.step;
  r.model = job.model.get();
  r.data = job.data.get();
  try {
    const unsigned char* pixels = test.pixels.data();
    size_t n = test.count;
    if (job.test_index) {
      n = job.test_index->size();
      gathered_.resize(n * D);
      for (size_t i = 0; i < n; ++i)
        std::copy_n(test.pixels.data() + size_t((*job.test_index)[i]) * D, D, gathered_.data() + i * D);
      pixels = gathered_.data();
      r.index = *job.test_index;
    } else {
      r.index.resize(n);
      std::iota(r.index.begin(), r.index.end(), 0u);
    }
    r.mu.resize(n * L);
    const bool vae = job.model->config().kind == ll::ModelKind::Vae;
    logvar_.resize(n * L);
    ll::encode_images(*job.model, pixels, int(n), ws_, r.mu.data(), vae ? logvar_.data() : nullptr);
    r.plane_id = job.plane_id;
    r.family = job.family;
    if (job.plane.latent == L) {
      job.plane.project_all(r.mu.data(), n, xy_);
      const auto td = std::chrono::steady_clock::now();
      if (job.density) density(r, n, vae ? logvar_.data() : nullptr, job.plane);
      r.density_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - td).count();
      // The hover's grid, here and not on the UI thread (0.6-5 ms for 10,000 codes measured).
      r.grid.build(xy_.data(), n, 2, 0, 1);
    }
    r.labels.resize(n, -1);
    for (size_t i = 0; i < n && !test.labels.empty(); ++i) r.labels[i] = test.labels[r.index[i]];
    r.test_count = n;

    // The training codes of another dataset or latent size mean nothing here.
    if (train_data_ != &d || train_mu_.size() != d.train.count * size_t(L)) {
      train_mu_.clear();
      train_step_ = -1;
    }
    if (job.train && &test != &d.train && d.train.count) {
      train_mu_.resize(d.train.count * size_t(L));
      ll::encode_images(*job.model, d.train.pixels.data(), int(d.train.count), ws_, train_mu_.data(), nullptr);
      train_labels_.assign(d.train.labels.begin(), d.train.labels.end());
      train_labels_.resize(d.train.count, -1);
      train_step_ = job.step;
      train_data_ = &d;
    }
    if ((job.train || job.keep_train) && !train_mu_.empty()) {
      r.mu.insert(r.mu.end(), train_mu_.begin(), train_mu_.end());
      r.labels.insert(r.labels.end(), train_labels_.begin(), train_labels_.end());
      const size_t base = r.index.size();
      r.index.resize(base + d.train.count);
      std::iota(r.index.begin() + long(base), r.index.end(), 0u);
      r.train_count = d.train.count;
      r.train_step = train_step_;
    }
    if (job.plane.latent == L) job.plane.project_all(r.mu.data(), r.count(), r.xy);
  } catch (const std::exception&) {
    return std::nullopt;  // a model being torn down mid-encode: nothing to show this time
  }
  r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

void CodeWorker::density(MapCodes& r, size_t n, const float* logvar, const ll::LatentPlane& plane) {
  constexpr int kGrid = 160;
  if (n == 0) return;
  // On the plane's coordinates (xy_, filled by the caller), where a slice's are z[dx], z[dy].
  // The codes' box grown by a margin, so the tails of q(z) and the prior's rings fit in.
  r.density_box = ll::quantile_box(xy_.data(), n, 2, 0, 1, 0.005, 0.25);
  if (logvar) r.density_correlation = plane.max_correlation(logvar, n);
  if (logvar && r.density_correlation > 0) {
    // A principal plane: each projected q(z|x) has its own correlation between the axes
    // (up to |ρ| 0.6 measured on Fashion-MNIST), which the separable product cannot hold.
    plane.project_covariance(logvar, n, xy_logvar_);
    ll::aggregate_density_2d(xy_.data(), xy_logvar_.data(), n, r.density_box, kGrid, r.density);
  } else {
    const float* lv = nullptr;
    if (logvar) {
      plane.project_logvar(logvar, n, xy_logvar_);
      lv = xy_logvar_.data();
    }
    const float hx = ll::silverman_bandwidth(xy_.data(), n, 2, 0);
    const float hy = ll::silverman_bandwidth(xy_.data(), n, 2, 1);
    ll::aggregate_density(xy_.data(), lv, n, 2, 0, 1, hx, hy, r.density_box, kGrid, r.density);
  }
  r.density_grid = kGrid;
  r.density_max = 0;
  for (float v : r.density) r.density_max = std::max(r.density_max, v);
}

std::shared_ptr<const std::vector<uint32_t>> test_subset(size_t count, int n, uint64_t seed) {
  if (n <= 0 || size_t(n) >= count) return nullptr;
  std::vector<uint32_t> all(count);
  std::iota(all.begin(), all.end(), 0u);
  std::mt19937_64 rng(seed ^ 0x70696e7473ull);  // "points": not the trainer's stream
  for (size_t i = 0; i < size_t(n); ++i) std::swap(all[i], all[i + rng() % (count - i)]);
  all.resize(size_t(n));
  std::sort(all.begin(), all.end());
  return std::make_shared<const std::vector<uint32_t>>(std::move(all));
}

}  // namespace app
