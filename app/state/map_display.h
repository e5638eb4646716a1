#pragma once
// Which layers the latent maps draw. Written by the Controls panel ("Latent maps" section;
// show_holes starts from --holes). Read by the maps.
namespace app {

struct MapDisplay {
  bool show_manifold = true, show_points = true, show_ellipses = false, show_prior = true;
  bool show_holes = false;  // the measured hole tiles, holes tinted red, instead of the manifold
  bool show_posterior = true;  // the VAE's true posterior of the image in focus (starts from --posterior)
};

}  // namespace app
