#pragma once
// View maths for showing a latent space in two dimensions, shared by the GUI's latent map and
// the CLI's exports: which two dimensions to slice along, and the box the codes occupy.
#include <array>
#include <cstddef>
#include <vector>

namespace ll {

// The two dimensions with the largest score, larger first (ties: lower index first).
// For a VAE the score is the KL per dimension (the dimensions the model uses); for an AE,
// which has no KL, code_variance(). Latent size 1 gives {0, 0}; empty gives {0, 1}.
std::array<int, 2> top_two_dims(const std::vector<double>& score);
// Every dimension by its score, largest first (ties: lower index first; NaN last).
std::vector<int> dims_by_score(const std::vector<double>& score);

// Per-dimension variance of codes: (n, L) row-major -> (L).
std::vector<double> code_variance(const float* codes, size_t n, int latent);

struct LatentBox {
  float x0 = -1, x1 = 1, y0 = -1, y1 = 1;
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
};

// The box holding the central (1 − 2q) of the codes along dims dx and dy (per-axis
// quantiles q and 1 − q, so a few outliers do not shrink the cloud to a dot), grown by
// `margin` of its size on every side. Never degenerate: a side is at least 1e-3. With no
// codes it is [−3, 3]².
LatentBox quantile_box(const float* codes, size_t n, int latent, int dx, int dy, double q,
                       double margin);

// The code nearest to (x, y) in the slice along dims dx, dy: its row and distance in latent
// units. {-1, inf} when there are none. Used to pick a point under the mouse and to say how
// far the cursor is from any encoded image (an AE decodes nonsense in the holes between).
struct Nearest {
  int index = -1;
  float distance = 0;
};
Nearest nearest_code(const float* codes, size_t n, int latent, int dx, int dy, float x, float y);

// The smallest box holding both.
LatentBox union_box(const LatentBox& a, const LatentBox& b);

}  // namespace ll
