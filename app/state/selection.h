#pragma once
// Linked brushing: the test images a lasso or rectangle took on one latent map, highlighted
// on every map (the rest dimmed) and listed in the Selection tab. Images are test-split
// indices, so the maps agree whatever rows their codes sit in (each map's GPU layer holds
// every test code; the snapshot only a subset).
// Written by the latent maps (a brush ends: set) and by the app (Escape) and the Selection
// tab (its Clear button): clear. Read by the maps' points layers and the Selection tab;
// version() tells them when to redraw.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace app {

class Selection {
 public:
  // Ascending test image indices.
  const std::vector<uint32_t>& images() const { return images_; }
  bool empty() const { return images_.empty(); }
  bool contains(uint32_t image) const { return image < mask_.size() && mask_[image]; }
  // Increases with every change (a key for cached drawing).
  uint64_t version() const { return version_; }
  // The map the brush was drawn on ("vae", "ae") and how ("lasso", "rectangle").
  const std::string& map() const { return map_; }
  const std::string& tool() const { return tool_; }

  // `images`: any order, duplicates allowed; `test_count` bounds the mask.
  void set(std::vector<uint32_t> images, size_t test_count, std::string map, std::string tool) {
    std::sort(images.begin(), images.end());
    images.erase(std::unique(images.begin(), images.end()), images.end());
    while (!images.empty() && images.back() >= test_count) images.pop_back();
    mask_.assign(test_count, 0);
    for (uint32_t i : images) mask_[i] = 1;
    images_ = std::move(images);
    map_ = std::move(map);
    tool_ = std::move(tool);
    ++version_;
  }
  void clear() {
    if (images_.empty()) return;
    images_.clear();
    mask_.clear();
    ++version_;
  }

 private:
  std::vector<uint32_t> images_;
  std::vector<uint8_t> mask_;  // (test count): 1 for a selected image
  std::string map_, tool_;
  uint64_t version_ = 0;
};

}  // namespace app
