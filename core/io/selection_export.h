#pragma once
// The images a person selected on the latent maps (linked brushing), as files and as the
// picture the Selection tab shows: each image beside what every model makes of it, and a
// table of where each model puts it. Shared by the GUI's tab and its Export button, so the
// strip on screen and the PNG written are the same picture.
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/io/png.h"
#include "core/vae/model.h"

namespace ll {

struct NamedModel {
  std::string name;  // "vae", "ae": the CSV's column prefix
  const Model* model = nullptr;
};

// Test images (indices into the test split) in groups of `cols`: a row of the images, then
// one row per model of its reconstruction (the decoded posterior mean, the AE's decoded code).
// Throws ll::Error when test_index is empty, an index is out of range or a model does not
// take this dataset's images.
io::Image selection_grid(const Dataset& d, const std::vector<NamedModel>& models, const std::vector<uint32_t>& test_index,
                         int cols);

// One row per image: index, label (−1 unlabelled), then <name>_z1..<name>_zL for each model
// (μ for a VAE, the code for an AE). Errors as above, and they name the path when it cannot be
// written.
void export_selection_csv(const std::string& path, const Dataset& d, const std::vector<NamedModel>& models,
                          const std::vector<uint32_t>& test_index);

struct SelectionFiles {
  std::string csv, png;
};
// Both into dir (created if missing) as <stem>.csv and <stem>.png; the PNG shows the first
// max_images images, 10 to a group.
SelectionFiles export_selection(const std::string& dir, const std::string& stem, const Dataset& d,
                                const std::vector<NamedModel>& models, const std::vector<uint32_t>& test_index,
                                int max_images = 100);

}  // namespace ll
