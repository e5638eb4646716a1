#pragma once
// The posterior overlay for a latent size of 1. The map puts each code z at (z, z), on its
// diagonal, so z is read off the horizontal axis: p(z|x) is drawn as a density curve over that
// axis, rising from the canvas's bottom edge and filled in the colour map the 2-D heatmap uses;
// q(z|x) (blue) and q* (magenta) as Gaussian curves on the same axis and the same density
// scale; the HPD intervals holding 68% and 95% (a 1-D Gaussian's 1σ and 2σ) as white bars on
// the baseline and on the diagonal, where the codes lie. A trained posterior is often a few
// pixels wide at the map's zoom: then the same curves, magnified, in the canvas's top-left
// corner (off the diagonal, so it hides no code), and a frame on the diagonal where they sit.
#include <imgui.h>

#include "app/map/view_transform.h"
#include "app/workers/posterior_worker.h"

namespace app {

// Under the points: the filled p(z|x).
void draw_posterior_fill_1d(ImDrawList* dl, const Xform& xf, const PosteriorWorker::Result& r);
// Over the points: p's outline, q's and q*'s curves, the intervals, the magnified inset.
void draw_posterior_marks_1d(ImDrawList* dl, const Xform& xf, const PosteriorWorker::Result& r);

}  // namespace app
