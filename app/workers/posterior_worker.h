#pragma once
// The exact posterior of one image under a VAE with a 1- or 2-D latent space, off the UI thread
// (LatestJobWorker: only the newest request matters): the readout (log p(x), ELBO, KL, q*,
// both gaps) and what draws p(z|x): in 2-D a colour-mapped raster and its HPD contours at 39%
// and 86%, in 1-D its density curve and the HPD intervals holding 68% and 95%.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/workers/latest_job_worker.h"
#include "core/latent/contours.h"
#include "core/latent/exact_readout.h"
#include "core/latent/posterior_curve.h"
#include "core/vae/model.h"

namespace app {

class PosteriorWorker {
 public:
  struct Job {
    std::shared_ptr<const ll::Model> model;
    std::vector<float> x;  // (D) in [0, 1]
    std::string source;    // hover:N | pinned:N | draw, for the event and the key
  };
  struct Result {
    const ll::Model* model = nullptr;
    std::string source;
    int dim = 2;               // the latent size: which of the two pictures below is filled
    ll::ExactReadout readout;  // its posterior grid emptied: the raster or the curve stands for it
    // 2-D
    std::vector<uint8_t> rgba;  // (h, w, 4), row 0 at the top (the raster's y1)
    int w = 0, h = 0;
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;         // the latent box the picture covers
    std::array<std::vector<ll::Segment>, 2> hpd;   // the 39% and 86% regions' outlines
    // 1-D
    ll::DensityCurve curve;
    std::array<std::vector<ll::Interval>, 2> intervals;  // the 68% and 95% HPD sets
    double peak_density = 0;  // p(z|x) at the brightest pixel (2-D) or the curve's peak (1-D)
    double ms = 0;
    double cpu_ms = 0;  // the worker thread's CPU time for it (the layer's pacing measure)
    std::string error;  // not empty: no readout for this image, and why
  };
  // The HPD masses drawn: a Gaussian's 1σ and 2σ regions in that many dimensions.
  static constexpr double kMass2[2] = {0.39, 0.86}, kMass1[2] = {0.68, 0.95};
  static double mass(int dim, int k) { return dim == 1 ? kMass1[k] : kMass2[k]; }

  PosteriorWorker();
  void submit(Job job) { worker_.submit(std::move(job)); }
  std::optional<Result> take() { return worker_.take(); }
  bool busy() const { return worker_.busy(); }
  bool has_result() const { return worker_.has_result(); }

 private:
  static std::optional<Result> compute(Job& job);
  LatestJobWorker<Job, Result> worker_;
};

}  // namespace app
