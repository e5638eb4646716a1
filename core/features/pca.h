#pragma once
// The feature space of an unlabelled dataset: its training images' top principal components.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ll {

struct Pca {
  int input_dim = 0, components = 0;
  std::vector<float> mean;   // (D)
  std::vector<float> basis;  // (components, D): orthonormal rows, by decreasing variance
};

// pixels: (n, D) uint8 -> the top `components` (capped at D and at the images used − 1)
// principal directions of at most `max_images` of them, a seeded subset, from Eigen's
// self-adjoint eigen-solver in double on whichever of the D×D covariance and the m×m Gram
// matrix is smaller. Throws ll::Error when fewer than 2 images are given.
Pca fit_pca(const uint8_t* pixels, size_t n, int D, int components, size_t max_images = 4000,
            uint64_t seed = 1);

// images: (n, D) floats in [0, 1] -> out: (n, components) coordinates along the basis.
void pca_project(const Pca& p, const float* images, size_t n, float* out);

}  // namespace ll
