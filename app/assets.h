#pragma once
// What the app ships besides code (assets/: the window icon, the colour maps, the Draw tab's
// example drawings) and where it is found at run time. The first of these folders that
// exists is used:
//   $LATENTLAB_ASSETS               set by hand (tests point it at a broken or empty folder);
//   <binary's folder>/../share/latentlab   an installed tree (cmake --install);
//   the source tree's assets/       a build run where it was built (LATENTLAB_SOURCE_ASSETS).
// Every asset has a fallback drawn or written in code, so a missing or bad file costs a
// message, never the start-up: `problems` collects one line per file that could not be used,
// which the app shows once.
#include <string>
#include <vector>

namespace app {

struct Assets {
  std::string dir;                    // empty: none of the folders exists
  std::string searched;               // the folders tried, for the message when none exists
  std::vector<std::string> problems;  // one line per asset that could not be used

  // The path of a file inside dir ("" when there is no dir).
  std::string path(const std::string& name) const;
  // The files in subdir with this extension, sorted (empty when there are none).
  std::vector<std::string> list(const std::string& subdir, const std::string& ext) const;
};

Assets find_assets();

class Window;
// Reads the colour tables (into widgets::colormap) and the icon (onto the window): at
// start-up, before any thread draws. What cannot be used goes to `a.problems`.
void load_assets(Assets& a, Window& window);

}  // namespace app
