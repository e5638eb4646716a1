#pragma once
// "Smooth" as numbers for an interpolation path: how probable each point is under the prior,
// and how much the decoded image changes from one step to the next. A path through a hole of
// an autoencoder shows up as a dip in log p(z) or a spike in the pixel change.
#include <vector>

namespace ll {

struct PathQuality {
  std::vector<double> log_prior;  // (steps) log N(z_i; 0, I), nats
  std::vector<double> step_mse;   // (steps − 1) mean over the D values of (x_{i+1} − x_i)², pixels in [0, 1]
  double min_log_prior = 0;       // the least probable point
  double max_step_mse = 0;        // the largest jump
  double mean_step_mse = 0;
  // max / mean of step_mse: 1 when every step changes the image equally, large when one
  // step does most of the change (a jump). 0 when nothing changes.
  double unevenness = 0;
};

// z: (steps, latent) the path; images: (steps, dim) what a decoder made of it.
PathQuality path_quality(const float* z, const float* images, int steps, int latent, int dim);

}  // namespace ll
