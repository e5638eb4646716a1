#pragma once
// Which layers the latent maps draw. Written by the Controls panel ("Latent maps" section;
// show_holes starts from --holes, the points fields from --points). Read by the maps.
namespace app {

struct MapDisplay {
  bool show_manifold = true, show_points = true, show_ellipses = false, show_prior = true;
  bool show_holes = false;  // the measured hole tiles, holes tinted red, instead of the manifold
  bool pixel_holes = false; // holes by pixel MSE instead of the data's feature space
  // The codes the GPU points layer draws: every test code (points_subset 0) or a seeded
  // subset of that many; with points_train the training codes as well.
  bool show_density = false;  // q(z) (VAE) or a kernel density of the codes (AE), colour-mapped
  int points_subset = 0;
  bool points_train = false;
  bool show_posterior = true;  // the VAE's true posterior of the image in focus (starts from --posterior)
};

}  // namespace app
