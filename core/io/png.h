#pragma once
// PNG output and the image grids the app and the CLI save: reconstructions (inputs row above
// outputs row), prior samples, the 2D latent manifold.
#include <cstdint>
#include <string>
#include <vector>

namespace ll::io {

// 8-bit pixels, row-major, channels interleaved (HWC): 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
struct Image {
  int width = 0, height = 0, channels = 0;
  std::vector<uint8_t> pixels;  // height * width * channels bytes
};

// Writes atomically (see atomic_file.h). Throws ll::Error naming the path when the arguments
// are out of range (w, h >= 1, channels 1..4) or the file cannot be written.
void write_png(const std::string& path, const uint8_t* pixels, int width, int height, int channels);
void write_png(const std::string& path, const Image& image);

// Tiles `count` images of img_h × img_w × channels (HWC each) into rows of `cols`, row-major:
// image i lands in row i / cols, column i % cols. `pad` pixels of `pad_value` separate the
// tiles and frame the grid, so the result is
//   width  = cols * (img_w + pad) + pad
//   height = rows * (img_h + pad) + pad,   rows = ceil(count / cols)
// and cells past `count` in the last row are pad_value. The default pad is mid-gray so tiles
// stay distinct on both black-background (MNIST) and white-background data.
// Float pixels are clamped to [0, 1] and rounded to 0..255; NaN becomes 0.
// Throws ll::Error when count < 1, a size is not positive, channels is outside 1..4, pad < 0,
// or the grid would exceed 2^28 pixels.
Image compose_grid(const float* images, int count, int img_h, int img_w, int channels, int cols,
                   int pad = 1, uint8_t pad_value = 128);
Image compose_grid(const std::vector<const float*>& images, int img_h, int img_w, int channels,
                   int cols, int pad = 1, uint8_t pad_value = 128);
Image compose_grid(const uint8_t* images, int count, int img_h, int img_w, int channels, int cols,
                   int pad = 1, uint8_t pad_value = 128);
Image compose_grid(const std::vector<const uint8_t*>& images, int img_h, int img_w, int channels,
                   int cols, int pad = 1, uint8_t pad_value = 128);

}  // namespace ll::io
