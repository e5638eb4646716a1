#pragma once
// The plane a latent map shows when the latent space has more than two dimensions and a
// person wants the codes' own best view of it rather than an axis-aligned slice: the codes'
// mean and their top two principal directions (the plane that keeps the most of their
// variance), with the share of the variance each direction explains, for the axis labels.
#include <cstddef>
#include <vector>

namespace ll {

struct PrincipalPlane {
  int latent = 0;
  std::vector<float> mean;     // (L)
  std::vector<float> axis[2];  // (L) unit and orthogonal: PC1, PC2
  double variance[2] = {0, 0}; // the codes' variance along each axis (the covariance's top eigenvalues)
  double total_variance = 0;   // the covariance's trace: the variance over every direction
  size_t codes = 0;            // how many codes it was fitted on

  // The share of the codes' variance along axis k, in [0, 1]; 0 when the codes do not vary.
  double explained(int k) const { return total_variance > 0 ? variance[k] / total_variance : 0; }
  // z (L) -> its coordinates on the plane: ((z − mean)·PC1, (z − mean)·PC2).
  void project(const float* z, float& x, float& y) const;
  // The plane's point at (x, y): mean + x·PC1 + y·PC2 -> z (L).
  void lift(float x, float y, std::vector<float>& z) const;
  // Flips an axis whose direction points against `prev`'s same axis: refitting a training
  // model's codes every few seconds must not mirror the map. An axis is a direction only up to
  // sign, so this keeps it the same principal direction.
  void orient_like(const PrincipalPlane& prev);
  // True when `other` shows nearly the same picture: each axis within `degrees` of the same
  // axis of other (up to sign) and the means closer than `shift` times the codes' spread
  // (√total_variance). A map keeps its plane while a refit is this near, so it stands still
  // once training settles.
  bool near(const PrincipalPlane& other, double degrees, double shift) const;
};

// The largest latent size fitted: the covariance is L×L and its eigen-decomposition O(L³),
// done on the UI thread every few seconds.
constexpr int kPrincipalPlaneMaxLatent = 128;

// codes: (n, L) row-major (a VAE's μ, an AE's codes) -> the plane, each axis signed so its
// largest-magnitude component is positive (the lower index on a tie), so the same codes give the
// same picture. Accumulated in double. Throws ll::Error for fewer than 3 codes, L < 2 or
// L > kPrincipalPlaneMaxLatent, or a non-finite code.
PrincipalPlane principal_plane(const float* codes, size_t n, int latent);

}  // namespace ll
