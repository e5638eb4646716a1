#pragma once
// A small image to draw on, at a dataset's resolution, for the GUI's "draw to encode": soft
// round brush strokes rasterised into float pixels (HWC, [0, 1]), a dataset image dropped in,
// cleared. No window or GL here; the GUI shows the pixels enlarged and feeds the encoders.
//
// Coordinates are in image pixels, continuous: pixel (column i, row j) covers [i, i+1) ×
// [j, j+1) and its centre is (i + ½, j + ½).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ll {

struct Brush {
  float radius = 1.5f;          // image pixels; the brush reaches this far from the stroke
  float hardness = 0.5f;        // 0: soft all the way from the centre; 1: a hard disc (still anti-aliased)
  float opacity = 1.f;          // how far one stroke moves a pixel towards the colour
  float color[3] = {1, 1, 1};   // grayscale images use color[0]; an eraser paints 0
};

// The brush's coverage (0..1, before opacity) at distance d from the stroke: 1 inside
// hardness·radius, then a smooth fall to 0 at the radius. The fall is at least ¾ pixel
// wide, so even a hard brush leaves anti-aliased edges.
float brush_coverage(float d, const Brush& b);

class Canvas {
 public:
  Canvas() = default;
  Canvas(int height, int width, int channels);  // all black

  int height() const { return h_; }
  int width() const { return w_; }
  int channels() const { return c_; }
  size_t size() const { return px_.size(); }
  const std::vector<float>& pixels() const { return px_; }  // (H·W·C), HWC, [0, 1]
  // Increases with every change, so a viewer re-encodes only when it must.
  uint64_t version() const { return version_; }
  // No pixel above 1/255.
  bool blank() const;

  void clear();
  // A dataset image, (H·W·C) bytes as stored: replaces the contents.
  void set_pixels(const uint8_t* bytes);

  // A stroke is a polyline of mouse positions. Within one stroke a pixel's coverage is the
  // largest the brush gave it, not a sum: a slow drag (many points close together) paints
  // the same as a fast one, and crossing the stroke's own path does not darken it.
  void begin_stroke();
  // Extends the current stroke to (x, y) (the first point paints a dot). Starts a stroke if
  // none is open.
  void stroke_to(float x, float y, const Brush& b);
  void end_stroke();
  bool stroking() const { return stroking_; }

  // Pixels as bytes (rounded), e.g. for a texture or for encode_images.
  void to_bytes(std::vector<uint8_t>& out) const;

 private:
  void paint_segment(float x0, float y0, float x1, float y1, const Brush& b);
  int h_ = 0, w_ = 0, c_ = 0;
  std::vector<float> px_;
  std::vector<float> base_;   // the pixels when the stroke began
  std::vector<float> cover_;  // (H·W) this stroke's coverage so far
  bool stroking_ = false, has_last_ = false;
  float lx_ = 0, ly_ = 0;
  uint64_t version_ = 1;
};

}  // namespace ll
