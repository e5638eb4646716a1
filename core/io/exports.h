#pragma once
// The pictures and tables a trained model is shown by, as files: shared by the CLI's train and
// export commands and the GUI's export button, so they always agree.
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/latent/holes.h"
#include "core/vae/model.h"

namespace ll {

// Test images in the top row, their reconstructions (decoded posterior means) under them,
// pairs of rows of up to `cols` images.
void export_reconstructions(const std::string& path, const Model& m, const Dataset& d,
                            const std::vector<uint32_t>& test_index, int cols = 10);

// n decodings of z ~ N(0, I) in a grid.
void export_prior_samples(const std::string& path, const Model& m, const Dataset& d, int n,
                          uint64_t seed);

// The paper's figure: a grid×grid tiling of decoded points over the unit square mapped through
// the inverse normal CDF, in latent dimensions dim_x, dim_y (others 0).
void export_manifold(const std::string& path, const Model& m, const Dataset& d, int grid = 20,
                     int dim_x = 0, int dim_y = 1);

// One row per test image (up to max_count): index, label, μ_1..μ_L, σ_1..σ_L.
void export_codes_csv(const std::string& path, const Model& m, const Dataset& d, size_t max_count);

// The hole map (core/latent/holes.h) as a picture: every point's decoded image, the holes
// tinted red. 2-D latents: the grid as it lies in the box (high z₂ at the top); otherwise the
// random samples in the order drawn, ceil(√P) to a row. Always RGB.
void export_hole_map(const std::string& path, const HoleMap& h, const Dataset& d);

// Everything above for one model into dir, file names prefixed with `name` ("vae", "ae").
// The hole map needs the dataset's hole threshold: pass it when already known (it depends
// only on d), else it is measured here (~0.5 s on Fashion-MNIST). Returns the paths
// written.
std::vector<std::string> export_views(const std::string& dir, const std::string& name,
                                      const Model& m, const Dataset& d, uint64_t seed,
                                      const HoleThreshold* threshold = nullptr);

}  // namespace ll
