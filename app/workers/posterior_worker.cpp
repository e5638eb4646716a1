#include "app/workers/posterior_worker.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/platform/thread_cpu.h"
#include "app/widgets/colormap.h"
#include "core/latent/model_likelihood.h"

namespace app {

namespace {
// The 2-D picture: p(z|x) on a 128-pixel raster, coloured, and its HPD outlines.
void raster_picture(const ll::Posterior& p, PosteriorWorker::Result& r) {
  const ll::Raster raster = ll::posterior_raster(p, 128);
  for (int k = 0; k < 2; ++k)
    r.hpd[k] = ll::contour_segments(raster, float(ll::hpd_log_density(p, PosteriorWorker::mass(2, k))));
  r.w = raster.w, r.h = raster.h;
  r.x0 = raster.x0, r.x1 = raster.x1, r.y0 = raster.y0, r.y1 = raster.y1;
  const float top = *std::max_element(raster.v.begin(), raster.v.end());
  r.peak_density = std::exp(double(top));
  // Linear in density (what the eye integrates as mass), transparent where there is none, so
  // the manifold shows through the tails.
  r.rgba.resize(size_t(r.w) * r.h * 4);
  for (int j = 0; j < r.h; ++j)
    for (int i = 0; i < r.w; ++i) {
      const float t = std::exp(raster.at(i, r.h - 1 - j) - top);
      uint8_t* px = &r.rgba[(size_t(j) * r.w + i) * 4];
      const auto c = widgets::colormap(widgets::ColorMap::Viridis, t);
      px[0] = c[0], px[1] = c[1], px[2] = c[2];
      px[3] = uint8_t(std::lround(235 * std::min(1.f, 4 * t)));
    }
}
}  // namespace

PosteriorWorker::PosteriorWorker() : worker_("ll-posterior", [](Job& job) { return compute(job); }) {}

std::optional<PosteriorWorker::Result> PosteriorWorker::compute(Job& job) {
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = this_thread_cpu_ms();
  Result r;
  r.model = job.model.get();
  r.source = job.source;
  try {
    r.readout = ll::exact_readout(*job.model, job.x.data());
    const ll::Posterior& p = r.readout.posterior;
    r.dim = p.dim;
    if (p.dim == 1) {
      r.curve = ll::posterior_curve(p);
      for (int k = 0; k < 2; ++k) r.intervals[k] = ll::level_intervals(r.curve, ll::hpd_log_density(p, mass(1, k)));
      r.peak_density = r.curve.peak;
    } else {
      raster_picture(p, r);
    }
    r.readout.posterior = {};
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  r.cpu_ms = this_thread_cpu_ms() - cpu0;
  return r;
}

}  // namespace app
