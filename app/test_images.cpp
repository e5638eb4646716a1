#include "app/test_images.h"

#include <algorithm>
#include <cmath>

namespace app {

void TestImages::sync(const ll::Snapshot& s) {
  if (!s.data || (s.data == data_ && s.code_index == index_)) return;
  data_ = s.data;
  index_ = s.code_index;
  const ll::Dataset& d = *s.data;
  const ll::Split& test = d.test.count ? d.test : d.train;
  std::vector<const uint8_t*> tiles;
  tiles.reserve(index_.size());
  for (uint32_t k : index_)
    if (k < test.count) tiles.push_back(test.pixels.data() + size_t(k) * d.image_size());
  if (tiles.empty() || tiles.size() != index_.size()) {
    atlas_ = ImageAtlas{};
    return;
  }
  const int cols = std::max(1, int(std::ceil(std::sqrt(double(tiles.size())))));
  const ll::io::Image grid = ll::io::compose_grid(tiles, d.height, d.width, d.channels, cols, 1, 0);
  atlas_.set(grid, int(tiles.size()), cols, d.height, d.width, 1, false);
}

}  // namespace app
