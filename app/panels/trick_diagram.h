#pragma once
// The reparameterization trick as a picture, for one image: two copies of the VAE's chain
// x -> encoder -> (μ, σ) -> z -> decoder -> log p(x|z). The upper one is the trick training
// uses, z = μ + σ ⊙ ε with ε ~ N(0, I) drawn outside the chain, so ∂/∂z flows back through z
// to μ, σ and the encoder; the lower one samples z ~ q(z|x) directly, the sampling node blocks
// that gradient, and the score-function estimator instead multiplies ∇φ log q(z|x) by
// log p(x|z). The numbers are the image's own. Drawn with the window's draw list; no state.
#include <imgui.h>

#include <vector>

namespace app {

struct TrickNumbers {
  bool valid = false;
  int latent = 0;                   // L; at most two dimensions are written out
  std::vector<float> mu, sigma, eps, z;
  double log_px_z = 0;              // log p(x|z) at that z, nats
  const char* source = "";          // "test image 17 (hovered)", ...
};

// Draws into the rectangle [p0, p0 + size) and reserves it in the layout, its text at 0.9 of
// the window's font, smaller (down to 0.6) where both chains would not fit; restores 1.
void draw_trick_diagram(const TrickNumbers& n, ImVec2 size);

}  // namespace app
