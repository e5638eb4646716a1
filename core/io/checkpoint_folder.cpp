#include "core/io/checkpoint_folder.h"

#include <filesystem>

namespace ll {

std::vector<std::string> save_checkpoint_folder(const std::string& folder,
                                                const std::vector<NamedCheckpoint>& models) {
  std::filesystem::create_directories(folder);
  std::vector<std::string> written;
  for (const NamedCheckpoint& m : models) {
    const std::string path = (std::filesystem::path(folder) / (m.name + ".safetensors")).string();
    save_checkpoint(path, *m.model, m.adam, m.info);
    written.push_back(path);
  }
  return written;
}

}  // namespace ll
