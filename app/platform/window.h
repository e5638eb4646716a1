#pragma once
// The GLFW window with an OpenGL 3.3 core context (loaded by glad) and Dear ImGui on top:
// open, one frame at a time, read back the pixels, close. Knows nothing about LatentLab.
#include <cstdint>
#include <string>
#include <deque>
#include <vector>

struct GLFWwindow;

namespace app {

struct RgbImage {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // RGB, top row first
};

class Window {
 public:
  Window() = default;
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  // Creates the window, the GL context and ImGui. On failure returns false and `error` says
  // why in words a person can act on (GLFW's own message included).
  bool open(const char* title, int width, int height, std::string& error);

  bool should_close() const;
  void request_close();

  // Blocks until an input event arrives or `timeout_s` passes.
  void wait_events(double timeout_s);
  void poll_events();

  void begin_frame();   // ImGui new frame
  void render();        // ImGui draw data into the back buffer
  void swap();          // present
  // Replaces the icon drawn by code (window_icon.h) with one RGBA image, top row first.
  void set_icon(const uint8_t* rgba, int width, int height);
  // The back buffer as drawn by render(), before swap().
  RgbImage read_pixels() const;

  // Where the window's client area is on the X screen: add to ImGui positions.
  void screen_origin(int& x, int& y) const;
  bool ctrl_q_pressed();  // Ctrl+Q went down since the last call
  // Any input or window event since the last call (the frame loop skips frames without).
  bool take_input();
  GLFWwindow* handle() const { return window_; }

  // Set by GLFW callbacks during poll/wait: a key pressed and released within one poll is
  // seen here even though glfwGetKey would already say "released".
  enum class EventKind { Key, Char, MouseButton };
  struct KeyEvent {
    EventKind kind;
    int key, scancode, action, mods;  // MouseButton: key is the button
    unsigned codepoint;
    double x = 0, y = 0;  // MouseButton: where the pointer was when it happened
  };
  struct InputFlags {
    bool any = true;
    bool ctrl_q = false;
    // Key, character and mouse-button events not yet given to ImGui, in the order they came.
    std::deque<KeyEvent> keys;
  };
  // Input events still queued (keep drawing frames until they are all delivered).
  bool input_pending() const { return !input_.keys.empty(); }

 private:
  GLFWwindow* window_ = nullptr;
  bool glfw_ready_ = false, imgui_ready_ = false;
  void deliver_keys();
  InputFlags input_;
  // The mouse buttons as delivered so far (ImGui's backend would read the live state, which
  // runs ahead of the queue): down now, pressed in this frame, and where a press happened.
  bool button_down_[5] = {}, button_pressed_[5] = {};
  bool press_at_set_ = false;
  double press_x_ = 0, press_y_ = 0;
};

}  // namespace app
