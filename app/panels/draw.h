#pragma once
// Draw to encode: a canvas at the dataset's resolution, shown enlarged, to draw on with a
// soft brush (or to drop a test image or one of the shipped example drawings onto). Both models encode it whenever it or they
// change; each one's reconstruction of it appears beside the canvas and its code as a marker
// on its latent map (the VAE's with its posterior σ ellipse). The models are the snapshot
// shown: on a past step of the timeline, that step's.
#include <string>
#include <vector>

#include "app/events.h"
#include "app/gfx/texture.h"
#include "app/state/canvas_code.h"
#include "app/state/pick.h"
#include "app/state/map_plane.h"
#include "core/latent/canvas.h"
#include "core/train/snapshot.h"
#include "core/vae/workspace.h"

namespace app {

class DrawPanel {
 public:
  // The tab's contents. `live`: the snapshot whose models encode (never a timeline frame).
  void draw(const ll::Snapshot& live, const MapPlane& plane, MapPicks& picks, Events& events);
  // Called on frames the tab is not drawn: the maps then show no canvas markers.
  void hide() { shown_ = false; }
  // Each arm's code of the canvas, while the tab is shown and the canvas is not blank.
  const std::vector<CanvasCode>* markers() const { return shown_ && !canvas_.blank() ? &codes_ : nullptr; }
  bool stroking() const { return canvas_.stroking(); }
  // The drawing, while the tab is shown and the canvas is not blank (the image in focus then).
  const ll::Canvas* drawing() const { return shown_ && !canvas_.blank() ? &canvas_ : nullptr; }
  // The example drawings offered (assets/drawings/*.png, full paths); read when one is chosen.
  void set_examples(std::vector<std::string> paths);

 private:
  void sync(const ll::Snapshot& s);
  void encode(const ll::Snapshot& s, Events& events);
  void tools(const ll::Snapshot& s, MapPicks& picks, float width, Events& events);
  void drop_test_image(const ll::Snapshot& s, int index);
  void drop_example(int index, Events& events);
  void example_picker(float width, Events& events);

  ll::Canvas canvas_;
  ll::Brush brush_;
  float softness_ = 0.5f;
  bool eraser_ = false;
  float ink_[3] = {1.f, 1.f, 1.f};
  int test_image_ = 0;
  std::vector<std::string> examples_, example_names_;  // paths, and the names shown
  int example_ = 0;
  std::string example_error_;  // why the last example could not be read (shown in the tab)
  const ll::Dataset* data_ = nullptr;
  bool shown_ = false;

  Texture canvas_tex_;
  uint64_t uploaded_version_ = 0, encoded_version_ = 0;
  std::vector<const ll::Model*> encoded_models_;
  std::vector<CanvasCode> codes_;
  std::vector<Texture> recon_tex_;
  std::vector<double> recon_mean_;
  ll::Workspace ws_;
  std::vector<float> out_;
  std::vector<uint8_t> bytes_;
};

}  // namespace app
