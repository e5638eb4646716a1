#pragma once
// Where each view is on screen, and the stdout event protocol for scripted tests and demos.
//
// With --print-layout the app prints one line per event (stdout is line-buffered):
//   READY                               the first frame was presented
//   LAYOUT <name> x0 y0 x1 y1           a region appeared or moved; X screen pixels
//                                       (ImGui position + the window's position), max exclusive.
//                                       Names: latent-<arm>, decoded-<arm> (arm: vae, ae, vae-b),
//                                       curves, recon, interp, controls, status, and the
//                                       controls tests click: data-kind, data-path, button-reset,
//                                       button-train, button-save, load-path, button-load,
//                                       button-export, toggle-posterior.
//                                       Timeline: timeline (the slider's track), timeline-play,
//                                       timeline-live. Lower tabs: tab-interp, tab-draw,
//                                       tab-collapse, tab-gradients, tab-samples, tab-traverse,
//                                       tab-selection; while open: interp (the whole lower window),
//                                       draw (the canvas), draw-recon-<arm>, draw-clear,
//                                       draw-use-test, collapse, gradients, samples, traverse,
//                                       selection (the tabs' content), samples-<arm> (a model's
//                                       sample grid), samples-sampler (the sampler's combo),
//                                       button-export-selection, button-clear-selection.
//   CURSOR x y                          the latent cursor moved (latent units of the slice dims)
//   DECODED <arm> <mean>                the image at the cursor was re-decoded; mean pixel in [0,1]
//   ENCODED <arm> <z1> <z2> recon=<m>   the canvas changed and <arm> encoded it: μ (the code) in
//                                       latent dims 1 and 2, mean pixel of its reconstruction
//   PINNED <A|B> <i>                    a click on a map's dot made code row i an interpolation end
//   TIMELINE step=<n> epoch=<e>         the views show a past step of the run ...
//   TIMELINE live step=<n>              ... or the present again
//   MANIFOLD <arm> <c>x<r> <ms> ms ...  a background manifold decode landed (grid, time, latent box)
//   CODES map=<arm> n=<k> step=<s> rho=<r> density_ms=<t>   the GPU points layer drew newly
//                                       encoded codes (k of them); r: the largest |correlation|
//                                       between the map's axes of a projected q(z|x) (0 on a
//                                       slice and for an AE), t: the density's time on the worker
//   POSTERIOR source=<s> nll_exact=<x> neg_elbo=<y> kl_to_posterior=<z> ms=<t> arm=<arm>
//                                       a posterior overlay was computed for the image in focus:
//                                       s = hover:<i> | pinned:<i> (code row i) | draw; −log p(x),
//                                       −ELBO and KL(q ‖ p(z|x)) in nats, t the worker's time
//   STATUS <state> step=<n> epoch=<e>   the trainer's state changed (idle, loading, running, ...)
//   FOLLOWED step=<n> file=<path>       a followed run's checkpoint is now the model of its kind
//   MESSAGE <text>                      the trainer reported an event
//   ERROR <text>                        an error is shown (trainer or UI validation)
//   GRADVAR reparam=A score=B baseline=C step=N ms=T cpu_ms=C
//                                       a round of the gradient-estimator variances landed (mean
//                                       per-parameter variance over 64 draws, first VAE, live)
//   THEORY step=N log_px=X iwae=Y elbo=Z identity_error=E ms=T cpu_ms=C
//                                       exact log p(x), IWAE, ELBO on 100 held-out images landed
//   HOVER map=<arm> image=<i> row=<r> of=<n>
//                                       the mouse reached test image i's dot (one of the n test
//                                       codes the map draws); r its row of code_index (−1: not
//                                       in the snapshot's subset; the other maps ring it at their
//                                       drawn code of it)
//   LINKED map=<arm> image=<i>           map <arm> rings test image i, hovered on another map
//   SELECTED map=<arm> n=<k> tool=<t>  a brush on map <arm> selected k test images (t = lasso |
//                                       rectangle), or the selection was cleared (n=0, t = clear)
//   DISPLAY posterior=<0|1>             the Posterior p(z|x) toggle was switched
//   DISPLAY plane=<slice|pca> latent=<L> <arm>=<x>,<y> ...   what the maps show, on a change
//                                       of kind or axes: each arm's axes (z₁,z₂ of a slice) or
//                                       PC1:<share>,PC2:<share> of its codes' variance
//   DISPLAY plane_error="<message>"     --plane pca / PCA chosen but the plane cannot be fitted
//   TRAVERSE model=<arm> rows=<L> cols=<c> source=<s> ms=<t>
//                                       a Traverse grid landed: L dimensions × c offsets decoded
//                                       from s = hover:<i> | pinned:<i> (code row i) | point | mean
//   ASSETS dir=<path>|none              at start: the assets folder in use (app/assets.h)
//   FEATURES kind=<classifier|pca> dim=D accuracy=A cached=<0|1> s=T threshold=H
//                                       the data's feature space is ready (A: the classifier's test
//                                       accuracy, −1 for PCA; T: load or training plus embedding the
//                                       data; H: the feature hole threshold) ...
//   FEATURES unavailable: <why>         ... or cannot be built (a dataset too small)
//   SAMPLES model=<arm> sampler=<prior|gaussian|gmm> fd=X floor=Y n=N step=S ms=T
//                                       the Samples tab's round landed: the FD of N decodings of the
//                                       sampler to N test images, and of two halves of real data
//   EXPORT <path>                       a PNG was written
//   BYE                                 the app is exiting normally
// Regions are tracked whether or not they are printed: the PNG export crops them.
#include <imgui.h>

#include <map>
#include <string>

namespace app {

struct Region {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // window (framebuffer) pixels
  bool operator==(const Region&) const = default;
};

class Events {
 public:
  explicit Events(bool print) : print_(print) {}
  bool printing() const { return print_; }

  // The window's position on the X screen, added to printed coordinates.
  void set_origin(int x, int y);
  // Records a region (ImGui screen coordinates); prints LAYOUT when it changed.
  void region(const std::string& name, ImVec2 min, ImVec2 max);
  const std::map<std::string, Region>& regions() const { return regions_; }
  // Forgets regions not reported since the last call (e.g. latent-ae after "VAE only").
  void end_frame();

  void say(const char* fmt, ...) const __attribute__((format(printf, 2, 3)));

 private:
  void print_region(const std::string& name, const Region& r) const;
  bool print_;
  int ox_ = 0, oy_ = 0;
  std::map<std::string, Region> regions_;
  std::map<std::string, bool> seen_;
};

}  // namespace app
