#pragma once
// The test images whose codes make the latent scatter, as one texture: thumbnails for the
// map's hover tooltip and the interpolation ends. Rebuilt when the dataset or subset changes.
#include <cstdint>
#include <memory>

#include "app/gfx/image_atlas.h"
#include "core/train/snapshot.h"

namespace app {

class TestImages {
 public:
  void sync(const ll::Snapshot& s);
  const ImageAtlas& atlas() const { return atlas_; }

 private:
  ImageAtlas atlas_;
  std::shared_ptr<const ll::Dataset> data_;
  std::vector<uint32_t> index_;
};

}  // namespace app
