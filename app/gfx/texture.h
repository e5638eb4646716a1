#pragma once
// An OpenGL texture owned like a unique_ptr, for 8-bit images of 1 (gray), 2 (gray+alpha),
// 3 (RGB) or 4 (RGBA) channels. Gray images are swizzled to RGB in GL, so they upload as
// they are, with no RGBA copy.
#include <imgui.h>

#include <cstdint>

namespace app {

class Texture {
 public:
  Texture() = default;
  ~Texture();
  Texture(Texture&& o) noexcept;
  Texture& operator=(Texture&& o) noexcept;
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;

  // Replaces the contents (reallocating only when the size or channels change).
  // `smooth`: linear filtering when scaled; off for crisp magnified pixels.
  void upload(const uint8_t* pixels, int width, int height, int channels, bool smooth = false);

  bool valid() const { return id_ != 0; }
  int width() const { return w_; }
  int height() const { return h_; }
  ImTextureID imgui_id() const { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id_)); }

 private:
  void release();
  unsigned id_ = 0;
  int w_ = 0, h_ = 0, channels_ = 0;
  bool smooth_ = false;
};

}  // namespace app
