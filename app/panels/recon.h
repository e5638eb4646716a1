#pragma once
// A fixed set of test images with each model's reconstruction under them, refreshed as the
// trainer publishes views. Hovering a column magnifies it.
#include <memory>
#include <vector>

#include "app/events.h"
#include "app/gfx/image_atlas.h"
#include "core/train/snapshot.h"

namespace app {

class ReconPanel {
 public:
  void draw(const ll::Snapshot& s, Events& events);

 private:
  void sync(const ll::Snapshot& s);
  ImageAtlas atlas_;  // row 0 inputs, row 1+a arm a's reconstructions
  int rows_ = 0, cols_ = 0;
  std::shared_ptr<const ll::Dataset> data_;
  std::vector<uint32_t> index_;
  std::vector<std::vector<float>> recon_;
  std::vector<float> inputs_;
};

}  // namespace app
