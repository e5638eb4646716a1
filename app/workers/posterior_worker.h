#pragma once
// The exact posterior of one image under a VAE with a 2-D latent space, off the UI thread
// (LatestJobWorker: only the newest request matters): the readout (log p(x), ELBO, KL, q*,
// both gaps), a colour-mapped raster of p(z|x) and its HPD contours at 39% and 86%.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/workers/latest_job_worker.h"
#include "core/latent/contours.h"
#include "core/latent/exact_readout.h"
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
    ll::ExactReadout readout;  // its posterior grid emptied: the raster stands for it
    std::vector<uint8_t> rgba;  // (h, w, 4), row 0 at the top (the raster's y1)
    int w = 0, h = 0;
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;         // the latent box the picture covers
    std::array<std::vector<ll::Segment>, 2> hpd;   // the 39% and 86% regions' outlines
    double peak_density = 0;                       // p(z|x) at the brightest pixel
    double ms = 0;
    std::string error;  // not empty: no readout for this image, and why
  };
  static constexpr double kMass[2] = {0.39, 0.86};

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
