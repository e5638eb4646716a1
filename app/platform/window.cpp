#include "app/platform/window.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "app/platform/gl.h"
#include "app/platform/window_icon.h"

namespace app {
namespace {

using Flags = Window::InputFlags;

// GLFW reports errors through a C callback with no user pointer; the last one is kept here
// so open() can put it into its error message. Written only on the main thread.
std::string g_last_glfw_error;

void on_glfw_error(int code, const char* description) {
  g_last_glfw_error = "GLFW error " + std::to_string(code) + ": " + (description ? description : "?");
}

// DejaVu Sans has the Greek and math glyphs the labels use (β, σ, −, ‖, ≤); ImGui's
// built-in font only covers Latin-1. Debian's fonts-dejavu-core puts it here.
constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1
    0x0370, 0x03FF,  // Greek
    0x2010, 0x2044,  // dashes, quotes, bullet, ellipsis, ‖
    0x2070, 0x209F,  // super- and subscripts (z₁, σ²)
    0x2190, 0x21FF,  // arrows
    0x2200, 0x22FF,  // mathematical operators
    0x25A0, 0x25FF,  // geometric shapes
    0,
};

void setup_style() {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 0.f;
  s.WindowBorderSize = 1.f;
  s.WindowMinSize = ImVec2(8, 8);  // the status bar is thinner than the default 32
  // Square corners everywhere: a rounded frame is a fan of anti-aliased triangles, and
  // llvmpipe pays per triangle.
  s.FrameRounding = 0.f;
  s.GrabRounding = 0.f;
  s.ChildRounding = 0.f;
  s.PopupRounding = 0.f;
  s.ScrollbarRounding = 0.f;
  s.TabRounding = 0.f;
  s.WindowPadding = ImVec2(8, 6);
  s.FramePadding = ImVec2(5, 3);
  s.ItemSpacing = ImVec2(6, 4);
  s.ScrollbarSize = 12.f;
  // Windows have no background of their own: the clear colour is theirs. llvmpipe's cost is
  // per shaded pixel, and a full-screen layer of window backgrounds is a million of them.
  s.Colors[ImGuiCol_WindowBg] = ImVec4(0.f, 0.f, 0.f, 0.f);
  s.Colors[ImGuiCol_PopupBg] = ImVec4(0.11f, 0.12f, 0.14f, 0.97f);
  s.Colors[ImGuiCol_TitleBg] = ImVec4(0.13f, 0.15f, 0.19f, 1.f);
  s.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.13f, 0.15f, 0.19f, 1.f);
  s.Colors[ImGuiCol_Border] = ImVec4(0.25f, 0.27f, 0.32f, 1.f);
}

// ImGui's GLFW backend is initialised without its own callbacks: these note that input
// came (the frame loop skips frames without), forward mouse events at once, and queue key
// and character events for deliver_keys().
void note_input(GLFWwindow* w) {
  if (auto* f = static_cast<Flags*>(glfwGetWindowUserPointer(w))) f->any = true;
}
void on_key(GLFWwindow* w, int key, int scancode, int action, int mods) {
  auto* f = static_cast<Flags*>(glfwGetWindowUserPointer(w));
  f->any = true;
  if (key == GLFW_KEY_Q && action == GLFW_PRESS && (mods & GLFW_MOD_CONTROL)) f->ctrl_q = true;
  f->keys.push_back({Window::EventKind::Key, key, scancode, action, mods, 0});
}
void on_char(GLFWwindow* w, unsigned c) {
  auto* f = static_cast<Flags*>(glfwGetWindowUserPointer(w));
  f->any = true;
  f->keys.push_back({Window::EventKind::Char, 0, 0, 0, 0, c});
}
void on_mouse_button(GLFWwindow* w, int button, int action, int mods) {
  auto* f = static_cast<Flags*>(glfwGetWindowUserPointer(w));
  f->any = true;
  if (button < 0 || button >= 5) return;  // ImGui 1.86 knows five buttons
  double x = 0, y = 0;
  glfwGetCursorPos(w, &x, &y);
  f->keys.push_back({Window::EventKind::MouseButton, button, 0, action, mods, 0, x, y});
}
bool is_modifier(int key) { return key >= GLFW_KEY_LEFT_SHIFT && key <= GLFW_KEY_RIGHT_SUPER; }

}  // namespace

Window::~Window() {
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (window_) glfwDestroyWindow(window_);
  if (glfw_ready_) glfwTerminate();
}

bool Window::open(const char* title, int width, int height, std::string& error) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    error = g_last_glfw_error.empty() ? "glfwInit failed" : g_last_glfw_error;
    return false;
  }
  glfw_ready_ = true;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  window_ = glfwCreateWindow(width, height, title, nullptr, nullptr);
  if (!window_) {
    error = "could not create an OpenGL 3.3 core window: " +
            (g_last_glfw_error.empty() ? std::string("unknown GLFW error") : g_last_glfw_error);
    return false;
  }
  glfwMakeContextCurrent(window_);
  // Taskbars and window switchers pick the size they need from these. The shipped icon
  // (assets/icon.png, set_icon) replaces them when it can be read.
  std::vector<uint8_t> icon16 = window_icon_pixels(16), icon32 = window_icon_pixels(32),
                       icon64 = window_icon_pixels(64);
  const GLFWimage icons[] = {{16, 16, icon16.data()}, {32, 32, icon32.data()}, {64, 64, icon64.data()}};
  glfwSetWindowIcon(window_, 3, icons);
  // Frame pacing is ours (see FramePacer); vsync does nothing under Xvfb anyway.
  glfwSwapInterval(0);
  if (!gladLoadGL(glfwGetProcAddress)) {
    error = "could not load the OpenGL 3.3 functions (glad)";
    return false;
  }

  glfwSetWindowUserPointer(window_, &input_);
  glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double, double) { note_input(w); });
  glfwSetMouseButtonCallback(window_, on_mouse_button);
  glfwSetScrollCallback(window_, [](GLFWwindow* w, double x, double y) {
    note_input(w);
    ImGui_ImplGlfw_ScrollCallback(w, x, y);
  });
  glfwSetCursorEnterCallback(window_, [](GLFWwindow* w, int e) {
    note_input(w);
    ImGui_ImplGlfw_CursorEnterCallback(w, e);
  });
  glfwSetWindowFocusCallback(window_, [](GLFWwindow* w, int f) {
    note_input(w);
    ImGui_ImplGlfw_WindowFocusCallback(w, f);
  });
  glfwSetKeyCallback(window_, on_key);
  glfwSetCharCallback(window_, on_char);
  glfwSetWindowSizeCallback(window_, [](GLFWwindow* w, int, int) { note_input(w); });
  glfwSetWindowRefreshCallback(window_, [](GLFWwindow* w) { note_input(w); });

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; never write imgui.ini into the cwd
  std::error_code ec;
  if (std::filesystem::exists(kFontPath, ec))
    io.Fonts->AddFontFromFileTTF(kFontPath, 14.f, nullptr, kGlyphRanges);
  else
    io.Fonts->AddFontDefault();
  setup_style();
  ImGui_ImplGlfw_InitForOpenGL(window_, false);  // our callbacks forward (see on_key)
  ImGui_ImplOpenGL3_Init("#version 330 core");
  imgui_ready_ = true;
  return true;
}

bool Window::should_close() const { return glfwWindowShouldClose(window_); }
void Window::request_close() { glfwSetWindowShouldClose(window_, GLFW_TRUE); }
void Window::wait_events(double timeout_s) { glfwWaitEventsTimeout(timeout_s); }
void Window::poll_events() { glfwPollEvents(); }

// ImGui 1.86 reads keys as frame state (io.KeysDown), not as a queue of events: a key
// pressed and released between two frames (a quick tap, or xdotool's `key ctrl+a
// BackSpace`) would be missed or merged into one chord. So key events go to ImGui a frame
// at a time: a key is seen down for at least one frame, at most one action key (editing,
// arrows, shortcuts) per frame, and characters never jump ahead of an action key (ImGui
// inserts a frame's characters before it handles its keys).
// Mouse buttons wait in the same queue: a click on Load right after typing a path must not
// reach ImGui before the path's last characters do (it did, on slow frames: the field was
// one character a frame behind and Load read half a path). A press and its release land in
// different frames, so a quick click is still seen.
void Window::deliver_keys() {
  bool action_sent = false;
  int pressed[16];
  int n_pressed = 0;
  bool button_pressed_now[5] = {};
  std::fill(std::begin(button_pressed_), std::end(button_pressed_), false);
  press_at_set_ = false;
  auto pressed_now = [&](int key) { return std::find(pressed, pressed + n_pressed, key) != pressed + n_pressed; };
  while (!input_.keys.empty()) {
    const KeyEvent e = input_.keys.front();
    if (e.kind == EventKind::MouseButton) {
      if (e.action == GLFW_PRESS) {
        if (button_pressed_now[e.key] || action_sent) break;
        button_pressed_now[e.key] = button_pressed_[e.key] = button_down_[e.key] = true;
        press_at_set_ = true;
        press_x_ = e.x, press_y_ = e.y;
      } else {
        if (button_pressed_now[e.key]) break;
        button_down_[e.key] = false;
      }
    } else if (e.kind == EventKind::Char) {
      if (action_sent) break;
      ImGui_ImplGlfw_CharCallback(window_, e.codepoint);
    } else if (e.action == GLFW_RELEASE) {
      if (pressed_now(e.key)) break;
      ImGui_ImplGlfw_KeyCallback(window_, e.key, e.scancode, e.action, e.mods);
    } else {
      if (action_sent || n_pressed == 16) break;
      ImGui_ImplGlfw_KeyCallback(window_, e.key, e.scancode, e.action, e.mods);
      pressed[n_pressed++] = e.key;
      const bool shortcut = (e.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER)) != 0;
      if (!is_modifier(e.key) && (e.key >= 256 || shortcut)) action_sent = true;
    }
    input_.keys.pop_front();
  }
}

void Window::begin_frame() {
  deliver_keys();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  // The backend has just set the buttons from the live state; the queue's state replaces it,
  // and a press is seen where it happened (the pointer may have moved on since).
  ImGuiIO& io = ImGui::GetIO();
  for (int b = 0; b < 5; ++b) io.MouseDown[b] = button_down_[b] || button_pressed_[b];
  if (press_at_set_) io.MousePos = ImVec2(static_cast<float>(press_x_), static_cast<float>(press_y_));
  ImGui::NewFrame();
}

void Window::render() {
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.09f, 0.095f, 0.11f, 1.f);  // also the windows' background (see setup_style)
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::set_icon(const uint8_t* rgba, int width, int height) {
  const GLFWimage icon{width, height, const_cast<uint8_t*>(rgba)};
  if (window_) glfwSetWindowIcon(window_, 1, &icon);
}

void Window::swap() { glfwSwapBuffers(window_); }

RgbImage Window::read_pixels() const {
  RgbImage img;
  glfwGetFramebufferSize(window_, &img.width, &img.height);
  img.pixels.resize(size_t(img.width) * img.height * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, img.width, img.height, GL_RGB, GL_UNSIGNED_BYTE, img.pixels.data());
  // GL's rows start at the bottom.
  const size_t row = size_t(img.width) * 3;
  for (int y = 0; y < img.height / 2; ++y)
    std::swap_ranges(img.pixels.begin() + y * row, img.pixels.begin() + (y + 1) * row,
                     img.pixels.begin() + (img.height - 1 - y) * row);
  return img;
}

void Window::screen_origin(int& x, int& y) const { glfwGetWindowPos(window_, &x, &y); }

bool Window::take_input() {
  const bool any = input_.any;
  input_.any = false;
  return any;
}

bool Window::ctrl_q_pressed() {
  const bool pressed = input_.ctrl_q;
  input_.ctrl_q = false;
  return pressed;
}

}  // namespace app
