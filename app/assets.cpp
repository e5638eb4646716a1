#include "app/assets.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "app/platform/window.h"
#include "app/widgets/colormap.h"
#include "core/data/image_folder.h"

namespace app {
namespace fs = std::filesystem;

std::string Assets::path(const std::string& name) const { return dir.empty() ? "" : (fs::path(dir) / name).string(); }

std::vector<std::string> Assets::list(const std::string& subdir, const std::string& ext) const {
  std::vector<std::string> out;
  if (dir.empty()) return out;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(dir) / subdir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ext && !it->path().filename().string().starts_with("."))
      out.push_back(it->path().string());
  std::sort(out.begin(), out.end());
  return out;
}

Assets find_assets() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("LATENTLAB_ASSETS"); env && *env) candidates.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "share" / "latentlab");
#ifdef LATENTLAB_SOURCE_ASSETS
  candidates.emplace_back(LATENTLAB_SOURCE_ASSETS);
#endif
  Assets a;
  for (const fs::path& c : candidates) {
    a.searched += (a.searched.empty() ? "" : ", ") + c.string();
    if (fs::is_directory(c, ec)) {
      a.dir = c.lexically_normal().string();
      return a;
    }
  }
  a.problems.push_back("no assets folder (tried " + a.searched + "): the built-in icon and colour maps are used");
  return a;
}

void load_assets(Assets& a, Window& window) {
  if (a.dir.empty()) return;  // find_assets said so already
  const std::pair<widgets::ColorMap, const char*> tables[] = {{widgets::ColorMap::Viridis, "colormaps/viridis.txt"},
                                                               {widgets::ColorMap::Magma, "colormaps/magma.txt"}};
  for (const auto& [map, name] : tables)
    if (std::string e = widgets::load_colormap(map, a.path(name)); !e.empty())
      a.problems.push_back(e + " (the built-in palette is used)");
  try {
    int w = 0, h = 0;
    const std::vector<uint8_t> rgba = ll::data::load_image_rgba(a.path("icon.png"), w, h);
    window.set_icon(rgba.data(), w, h);
  } catch (const std::exception& e) {
    a.problems.push_back(std::string(e.what()) + " (the icon drawn by code is used)");
  }
}

}  // namespace app
