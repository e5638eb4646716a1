#pragma once
// What the published snapshots carry for the views, and how often: how a run is watched, not
// what it trains. None of it changes a weight or a curve point, so it is given to the Trainer
// beside the TrainConfig, stays out of checkpoints, and the CLI turns it all off.
namespace ll {

struct ViewConfig {
  int publish_every_ms = 100;
  int views_every_ms = 500;  // reconstructions and latent codes are refreshed this often
  int view_examples = 8;     // test images shown with their reconstructions
  int view_codes = 2000;     // test images whose codes (μ, σ) make the latent scatter; 0 = none
  // Collapse diagnostics (KL per dimension, active units, I(x;z), IWAE vs ELBO) on the first
  // collapse_images test images, every collapse_every_ms; 0 = never (the CLI).
  int collapse_every_ms = 3000;
  int collapse_images = 500;
  int iwae_k = 50;        // samples per image for the IWAE bound ...
  int iwae_images = 100;  // ... on this many of them (k·n decodes: keep it small)

  bool operator==(const ViewConfig&) const = default;
  void validate() const;  // throws ll::Error naming the bad setting
};

}  // namespace ll
