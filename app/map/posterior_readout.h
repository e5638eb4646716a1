#pragma once
// The posterior overlay's readout, in a strip under the map (inside the square it hid the
// codes of the lower-left corner): log p(x) = ELBO + KL(q ‖ p(z|x)) with this image's numbers,
// the two gaps and the colour key of the three distributions drawn, each part with a
// one-sentence hover. Drawn with ImGui items at the cursor, two lines.
#include <string>

#include "app/workers/posterior_worker.h"

namespace app {

// The strip's height: the map reserves it under its canvas.
float posterior_readout_height();
// r: the result shown (null: none); `idle` says why there is none.
void posterior_readout(const PosteriorWorker::Result* r, const std::string& idle, float width);

}  // namespace app
