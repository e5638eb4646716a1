#pragma once
// Holes, measured. A point z of the latent space is a *hole* when the model's decoded image
// there, the likelihood's mean (output_mean), is farther from every training image than 95%
// of held-out test images are from their nearest training image. Distance is the mean
// squared pixel error over pixels in [0, 1]. The threshold is the 95th percentile, over
// (a seeded subset of) the test images themselves — not their reconstructions — of each one's
// MSE to its nearest training image: it says how far from the training set a *real* unseen
// image typically lies, and does not depend on the model. The hole rate of a model is the
// fraction of holes among points spread evenly over the region where its test codes lie: per
// latent dimension, the 1st to 99th percentile of μ(x) over the test images; a G×G grid of
// cell centres for a 2-D latent space, N uniform random points of that box otherwise.
//
// Everything here reads a const Model and a const Dataset and owns its scratch, so the GUI
// may call it from a background thread on a snapshot's model. The threshold depends only on
// the dataset and costs as much as a few hole maps: compute it once per dataset.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/data/dataset.h"
#include "core/vae/model.h"

namespace ll {

struct HoleThreshold {
  double mse = 0;          // the threshold: MSE per pixel, pixels in [0, 1]
  double quantile = 0.95;  // of the test images' nearest-training-image MSE
  size_t test_count = 0;   // test images it was measured on
};

// Compares min(max_test, test count) test images, a seeded subset, with every training image.
// Throws ll::Error when the dataset has no test or no training images.
HoleThreshold hole_threshold(const Dataset& d, size_t max_test = 1000, uint64_t seed = 1,
                             double quantile = 0.95);

// A box in the latent space, one interval per dimension.
struct LatentRange {
  std::vector<float> lo, hi;  // (L) each
};

// Per dimension, the q and 1 − q quantiles of codes: (n, L). Non-finite codes are skipped;
// a dimension with none gets [−3, 3].
LatentRange code_range(const float* codes, size_t n, int latent, double q = 0.01);

struct HoleOptions {
  int grid = 20;            // 2-D latents: grid × grid points
  int samples = 400;        // other latent sizes: this many uniform points of the box
  uint64_t seed = 1;        // for those points
  size_t box_images = 10000;  // hole_map(Model, Dataset, ...): test images encoded for the box
};

struct HoleMap {
  int latent = 0;
  // G when the points are a G×G grid (2-D latents; box_grid's layout: row-major, rows from
  // high z₂ at the top to low, columns from low z₁ to high), 0 when they are random samples.
  int grid = 0;
  LatentRange box;
  std::vector<float> z;           // (P, L) the points
  std::vector<float> images;      // (P, D) their decoded output means, in [0, 1]
  std::vector<float> min_mse;     // (P) MSE to the nearest training image
  std::vector<int32_t> nearest;   // (P) that image's index in the training split
  std::vector<uint8_t> hole;      // (P) 1: min_mse > threshold (or not finite)
  double threshold = 0;
  double rate = 0;                // fraction of the P points that are holes
  size_t count() const { return hole.size(); }
};

// The points hole_map measures over `box`: a opt.grid² grid of cell centres (box_grid's
// layout) for L = 2, else opt.samples seeded uniform points: (P, L). Throws ll::Error when
// the box does not have L dimensions or the grid or sample count is out of range.
std::vector<float> hole_points(int L, const LatentRange& box, const HoleOptions& opt = {});

// The points of `box` (see HoleOptions), decoded and compared with every training image of d.
// For the GUI: box from code_range() of the snapshot's codes, threshold from hole_threshold().
HoleMap hole_map(const Model& m, const Dataset& d, double threshold, const LatentRange& box,
                 const HoleOptions& opt = {});

// Same, with the box from μ of the model's first opt.box_images test images (encoded here).
HoleMap hole_map(const Model& m, const Dataset& d, const HoleThreshold& threshold,
                 const HoleOptions& opt = {});

}  // namespace ll
