#pragma once
// The one line of news the status bar shows: the trainer's last message or an error found
// by the UI itself (a bad path typed, a setting out of range), whichever came last.
#include <cstdint>
#include <string>

namespace app {

struct Notices {
  std::string text;
  bool is_error = false;
  uint64_t id = 0;           // increases with every post
  uint64_t dismissed_id = 0; // the error box in Controls hides errors up to this id

  void post(std::string t, bool error) {
    text = std::move(t);
    is_error = error;
    ++id;
  }
  bool error_visible() const { return is_error && id > dismissed_id; }
};

}  // namespace app
