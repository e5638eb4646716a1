#include "app/gfx/gl_objects.h"

#include "app/platform/gl.h"

namespace app::gfx {

void delete_buffer(unsigned id) { glDeleteBuffers(1, &id); }
void delete_vertex_array(unsigned id) { glDeleteVertexArrays(1, &id); }
void delete_framebuffer(unsigned id) { glDeleteFramebuffers(1, &id); }
void delete_texture(unsigned id) { glDeleteTextures(1, &id); }
void delete_program(unsigned id) { glDeleteProgram(id); }
void delete_shader(unsigned id) { glDeleteShader(id); }

Buffer make_buffer() {
  unsigned id = 0;
  glGenBuffers(1, &id);
  return Buffer(id);
}

VertexArray make_vertex_array() {
  unsigned id = 0;
  glGenVertexArrays(1, &id);
  return VertexArray(id);
}

bool RenderTarget::resize(int width, int height) {
  if (width <= 0 || height <= 0) return false;
  if (valid() && width == w_ && height == h_) return true;
  unsigned tex = 0, fbo = 0;
  glGenTextures(1, &tex);
  tex_ = GlName<delete_texture>(tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glGenFramebuffers(1, &fbo);
  fbo_ = GlName<delete_framebuffer>(fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
  const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (!complete) {
    fbo_.reset();
    tex_.reset();
    w_ = h_ = 0;
    return false;
  }
  w_ = width;
  h_ = height;
  return true;
}

void RenderTarget::begin() const {
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.get());
  glViewport(0, 0, w_, h_);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
}

void RenderTarget::end() { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

namespace {
// The target holds premultiplied colour (it was blended onto transparent black): ImGui's
// SRC_ALPHA blend would darken it by alpha a second time.
void blend_premultiplied(const ImDrawList*, const ImDrawCmd*) { glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA); }
}  // namespace

void RenderTarget::draw(ImDrawList* dl, ImVec2 p0, ImVec2 p1) const {
  if (!valid()) return;
  dl->AddCallback(blend_premultiplied, nullptr);
  dl->AddImage(imgui_id(), p0, p1, ImVec2(0, 1), ImVec2(1, 0));
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

}  // namespace app::gfx
