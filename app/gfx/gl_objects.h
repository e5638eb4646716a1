#pragma once
// OpenGL objects owned like a unique_ptr: a buffer, a vertex array, and a framebuffer with one
// RGBA colour texture (what a map layer draws into once and ImGui then shows as an image).
// Each deletes its name when destroyed; all need the window's context current.
#include <imgui.h>

#include <cstdint>
#include <utility>

namespace app::gfx {

// A move-only GL name with its delete function.
template <void (*Delete)(unsigned)>
class GlName {
 public:
  GlName() = default;
  explicit GlName(unsigned id) : id_(id) {}
  ~GlName() { reset(); }
  GlName(GlName&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
  GlName& operator=(GlName&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, 0);
    }
    return *this;
  }
  GlName(const GlName&) = delete;
  GlName& operator=(const GlName&) = delete;
  unsigned get() const { return id_; }
  explicit operator bool() const { return id_ != 0; }
  void reset() {
    if (id_) Delete(id_);
    id_ = 0;
  }

 private:
  unsigned id_ = 0;
};

void delete_buffer(unsigned id);
void delete_vertex_array(unsigned id);
void delete_framebuffer(unsigned id);
void delete_texture(unsigned id);
void delete_program(unsigned id);
void delete_shader(unsigned id);

using Buffer = GlName<delete_buffer>;
using VertexArray = GlName<delete_vertex_array>;
using ProgramName = GlName<delete_program>;
using ShaderName = GlName<delete_shader>;

Buffer make_buffer();
VertexArray make_vertex_array();

// An offscreen target of width × height RGBA8 pixels, bottom row first (GL's order: show it
// with uv0 = (0, 1), uv1 = (1, 0)).
class RenderTarget {
 public:
  // (Re)allocates when the size changes; false if the driver refuses the framebuffer.
  bool resize(int width, int height);
  // Binds it with the viewport set to the whole target and clears it to transparent.
  void begin() const;
  // Back to the window's framebuffer (ImGui's renderer sets its own viewport and state).
  static void end();
  bool valid() const { return bool(fbo_) && w_ > 0; }
  int width() const { return w_; }
  int height() const { return h_; }
  ImTextureID imgui_id() const { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex_.get())); }
  // Adds it to a draw list over [p0, p1], flipped so its top row is on top, blended as
  // premultiplied colour.
  void draw(ImDrawList* dl, ImVec2 p0, ImVec2 p1) const;

 private:
  GlName<delete_framebuffer> fbo_;
  GlName<delete_texture> tex_;
  int w_ = 0, h_ = 0;
};

}  // namespace app::gfx
