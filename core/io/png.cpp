#include "core/io/png.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/io/atomic_file.h"

namespace ll::io {
namespace {

// stb_image_write computes sizes in int; staying under 2^30 bytes keeps all of them in range.
constexpr int64_t kMaxPngBytes = int64_t(1) << 30;
constexpr int64_t kMaxGridPixels = int64_t(1) << 28;

void append_bytes(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), size_t(size));
}

uint8_t to_byte(float x) {
  if (!(x > 0.0f)) return 0;  // also NaN: a diverged model shows black, not garbage
  if (x >= 1.0f) return 255;
  return uint8_t(std::lround(x * 255.0f));
}
uint8_t to_byte(uint8_t x) { return x; }

// One template over where the pixels come from (contiguous or scattered, float or byte), so
// the layout arithmetic exists once.
template <typename ImageAt>
Image compose(ImageAt image_at, int count, int img_h, int img_w, int channels, int cols, int pad,
              uint8_t pad_value) {
  if (count < 1) throw Error("compose_grid: count is " + std::to_string(count) + ", expected at least 1");
  if (img_h < 1 || img_w < 1) {
    throw Error("compose_grid: image size " + std::to_string(img_h) + "x" + std::to_string(img_w) +
                ", expected positive height and width");
  }
  if (channels < 1 || channels > 4)
    throw Error("compose_grid: channels is " + std::to_string(channels) + ", expected 1..4");
  if (cols < 1) throw Error("compose_grid: cols is " + std::to_string(cols) + ", expected at least 1");
  if (pad < 0) throw Error("compose_grid: pad is " + std::to_string(pad) + ", expected >= 0");
  int64_t rows = (int64_t(count) + cols - 1) / cols;
  int64_t width = int64_t(cols) * (img_w + int64_t(pad)) + pad;
  int64_t height = rows * (img_h + int64_t(pad)) + pad;
  if (width * height > kMaxGridPixels) {
    throw Error("compose_grid: a " + std::to_string(width) + "x" + std::to_string(height) +
                " grid exceeds the limit of " + std::to_string(kMaxGridPixels) + " pixels");
  }
  Image out;
  out.width = int(width);
  out.height = int(height);
  out.channels = channels;
  out.pixels.assign(size_t(width * height * channels), pad_value);
  const size_t row_bytes = size_t(img_w) * size_t(channels);
  for (int i = 0; i < count; ++i) {
    const auto* src = image_at(i);
    int64_t x0 = int64_t(i % cols) * (img_w + pad) + pad;
    int64_t y0 = int64_t(i / cols) * (img_h + pad) + pad;
    for (int y = 0; y < img_h; ++y) {
      uint8_t* dst = out.pixels.data() + size_t(((y0 + y) * width + x0) * channels);
      const auto* s = src + size_t(y) * row_bytes;
      for (size_t k = 0; k < row_bytes; ++k) dst[k] = to_byte(s[k]);
    }
  }
  return out;
}

template <typename T>
void check_pointers(const std::vector<const T*>& images) {
  if (images.size() > size_t(INT_MAX))
    throw Error("compose_grid: " + std::to_string(images.size()) + " images, expected at most INT_MAX");
  for (size_t i = 0; i < images.size(); ++i)
    if (!images[i]) throw Error("compose_grid: image " + std::to_string(i) + " is a null pointer");
}

}  // namespace

void write_png(const std::string& path, const uint8_t* pixels, int width, int height, int channels) {
  if (width < 1 || height < 1) {
    throw Error(path + ": cannot write a " + std::to_string(width) + "x" + std::to_string(height) +
                " PNG, expected positive width and height");
  }
  if (channels < 1 || channels > 4)
    throw Error(path + ": cannot write a PNG with " + std::to_string(channels) + " channels, expected 1..4");
  if (int64_t(width) * height * channels > kMaxPngBytes) {
    throw Error(path + ": a " + std::to_string(width) + "x" + std::to_string(height) + "x" +
                std::to_string(channels) + " PNG exceeds the limit of " + std::to_string(kMaxPngBytes) + " bytes");
  }
  if (!pixels) throw Error(path + ": cannot write a PNG from a null pixel pointer");
  std::string encoded;
  if (!stbi_write_png_to_func(append_bytes, &encoded, width, height, channels, pixels, width * channels))
    throw Error(path + ": PNG encoding failed (out of memory?)");
  write_file_atomic(path, encoded);
}

void write_png(const std::string& path, const Image& image) {
  if (image.pixels.size() != size_t(image.width) * size_t(image.height) * size_t(image.channels)) {
    throw Error(path + ": image holds " + std::to_string(image.pixels.size()) + " bytes, expected " +
                std::to_string(image.width) + "x" + std::to_string(image.height) + "x" +
                std::to_string(image.channels));
  }
  write_png(path, image.pixels.data(), image.width, image.height, image.channels);
}

Image compose_grid(const float* images, int count, int img_h, int img_w, int channels, int cols,
                   int pad, uint8_t pad_value) {
  if (!images) throw Error("compose_grid: images is a null pointer");
  size_t stride = size_t(std::max(img_h, 0)) * size_t(std::max(img_w, 0)) * size_t(std::max(channels, 0));
  return compose([&](int i) { return images + size_t(i) * stride; }, count, img_h, img_w, channels,
                 cols, pad, pad_value);
}

Image compose_grid(const std::vector<const float*>& images, int img_h, int img_w, int channels,
                   int cols, int pad, uint8_t pad_value) {
  check_pointers(images);
  return compose([&](int i) { return images[size_t(i)]; }, int(images.size()), img_h, img_w,
                 channels, cols, pad, pad_value);
}

Image compose_grid(const uint8_t* images, int count, int img_h, int img_w, int channels, int cols,
                   int pad, uint8_t pad_value) {
  if (!images) throw Error("compose_grid: images is a null pointer");
  size_t stride = size_t(std::max(img_h, 0)) * size_t(std::max(img_w, 0)) * size_t(std::max(channels, 0));
  return compose([&](int i) { return images + size_t(i) * stride; }, count, img_h, img_w, channels,
                 cols, pad, pad_value);
}

Image compose_grid(const std::vector<const uint8_t*>& images, int img_h, int img_w, int channels,
                   int cols, int pad, uint8_t pad_value) {
  check_pointers(images);
  return compose([&](int i) { return images[size_t(i)]; }, int(images.size()), img_h, img_w,
                 channels, cols, pad, pad_value);
}

}  // namespace ll::io
