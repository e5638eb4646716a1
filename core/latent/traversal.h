#pragma once
// Per-dimension latent traversals (the figure of the β-VAE papers): row r holds codes that
// differ from a base code only in dimension dims[r], moved by each offset times that
// dimension's unit. Shared by the GUI's Traverse tab and anything that exports the same grid.
//
// What a row's unit and order mean depends on the model:
//   VAE: the prior is N(0, I), so an offset is in prior standard deviations (unit 1) and rows
//        go by KL per dimension, largest first (a dimension with KL 0 is one the model ignores:
//        its row decodes the same image in every column);
//   AE:  no prior gives its code a scale, so an offset is in that dimension's standard
//        deviation over the encoded images, and rows go by that variance.
#include <cstddef>
#include <vector>

namespace ll {

struct TraversalAxes {
  std::vector<int> dims;      // (L) dimensions, most used first: the rows
  std::vector<double> score;  // (L) by dimension: KL (nats) for a VAE, code variance for an AE
  std::vector<float> unit;    // (L) by dimension: what an offset of 1 moves it by
};

// kl_per_dim: (L) the VAE's KL per dimension (ignored for an AE); codes: (n, L) posterior
// means of encoded images (the AE's scale comes from them). Throws ll::Error when a VAE's
// kl_per_dim is not of length L, or latent < 1.
TraversalAxes traversal_axes(bool vae, const std::vector<double>& kl_per_dim, const float* codes, size_t n,
                             int latent);

// cols offsets evenly from −span to +span (cols odd puts 0, the base code itself, in the
// middle). Throws ll::Error when cols < 2 or span is not positive.
std::vector<float> traversal_offsets(int cols, float span);

// base: (L); rows = dims.size(), cols = offsets.size() -> (rows·cols, L), row-major, row r
// column c = base with dimension dims[r] set to base[dims[r]] + offsets[c] · unit[dims[r]].
// Throws ll::Error when base and unit differ in length or a dimension is out of range.
std::vector<float> traversal_codes(const std::vector<float>& base, const std::vector<int>& dims,
                                   const std::vector<float>& unit, const std::vector<float>& offsets);

// The mean of n codes (n, L) -> (L): the base when no image is in focus (zeros when n = 0).
std::vector<float> mean_code(const float* codes, size_t n, int latent);

}  // namespace ll
