#include "app/gfx/texture.h"

#include <utility>

#include "app/platform/gl.h"

namespace app {

Texture::~Texture() { release(); }

Texture::Texture(Texture&& o) noexcept
    : id_(std::exchange(o.id_, 0)), w_(o.w_), h_(o.h_), channels_(o.channels_), smooth_(o.smooth_) {}

Texture& Texture::operator=(Texture&& o) noexcept {
  if (this != &o) {
    release();
    id_ = std::exchange(o.id_, 0);
    w_ = o.w_;
    h_ = o.h_;
    channels_ = o.channels_;
    smooth_ = o.smooth_;
  }
  return *this;
}

void Texture::release() {
  if (id_) glDeleteTextures(1, &id_);
  id_ = 0;
}

void Texture::upload(const uint8_t* pixels, int width, int height, int channels, bool smooth) {
  if (width <= 0 || height <= 0 || channels < 1 || channels > 4) return;
  constexpr GLenum kFormat[] = {GL_RED, GL_RG, GL_RGB, GL_RGBA};
  constexpr GLint kInternal[] = {GL_R8, GL_RG8, GL_RGB8, GL_RGBA8};
  const bool fresh = id_ == 0;
  if (fresh) glGenTextures(1, &id_);
  glBindTexture(GL_TEXTURE_2D, id_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  if (fresh || smooth != smooth_) {
    const GLint filter = smooth ? GL_LINEAR : GL_NEAREST;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    smooth_ = smooth;
  }
  if (fresh || width != w_ || height != h_ || channels != channels_) {
    glTexImage2D(GL_TEXTURE_2D, 0, kInternal[channels - 1], width, height, 0, kFormat[channels - 1],
                 GL_UNSIGNED_BYTE, pixels);
    // Gray and gray+alpha read as RGB(A) by ImGui's shader.
    const GLint gray[] = {GL_RED, GL_RED, GL_RED, GL_ONE};
    const GLint gray_alpha[] = {GL_RED, GL_RED, GL_RED, GL_GREEN};
    const GLint rgb[] = {GL_RED, GL_GREEN, GL_BLUE, GL_ONE};
    const GLint rgba[] = {GL_RED, GL_GREEN, GL_BLUE, GL_ALPHA};
    const GLint* swizzle = channels == 1 ? gray : channels == 2 ? gray_alpha : channels == 3 ? rgb : rgba;
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    w_ = width;
    h_ = height;
    channels_ = channels;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, kFormat[channels - 1], GL_UNSIGNED_BYTE, pixels);
  }
}

}  // namespace app
