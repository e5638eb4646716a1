#include "core/io/selection_export.h"

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "core/io/csv.h"
#include "core/vae/forward.h"
#include "core/vae/workspace.h"

namespace ll {
namespace {

const Split& test_split(const Dataset& d) { return d.test.count ? d.test : d.train; }

// The images' bytes in one block, after checking what can go wrong before any model runs.
std::vector<uint8_t> gather(const Dataset& d, const std::vector<NamedModel>& models,
                            const std::vector<uint32_t>& test_index) {
  if (test_index.empty()) throw Error("nothing is selected: no images to export");
  const Split& s = test_split(d);
  const size_t D = d.image_size();
  for (const NamedModel& m : models) {
    if (!m.model) throw Error("model " + m.name + " is not built yet");
    if (size_t(m.model->config().input_dim) != D)
      throw Error("model " + m.name + " takes " + std::to_string(m.model->config().input_dim) + " inputs but " +
                  d.spec + " images have " + std::to_string(D));
  }
  std::vector<uint8_t> px(test_index.size() * D);
  for (size_t i = 0; i < test_index.size(); ++i) {
    if (test_index[i] >= s.count)
      throw Error("selected test image " + std::to_string(test_index[i]) + " is out of range (the split holds " +
                  std::to_string(s.count) + ")");
    std::copy_n(s.pixels.data() + size_t(test_index[i]) * D, D, px.data() + i * D);
  }
  return px;
}

}  // namespace

io::Image selection_grid(const Dataset& d, const std::vector<NamedModel>& models, const std::vector<uint32_t>& test_index,
                         int cols) {
  const std::vector<uint8_t> px = gather(d, models, test_index);
  const size_t D = d.image_size();
  const int n = int(test_index.size());
  std::vector<float> inputs(px.size());
  pixels_to_floats(px.data(), px.size(), inputs.data());
  std::vector<std::vector<float>> outputs(models.size(), std::vector<float>(px.size()));
  Workspace ws;
  for (size_t k = 0; k < models.size(); ++k) {
    const Model& m = *models[k].model;
    std::vector<float> mu(size_t(n) * m.config().latent);
    encode_images(m, px.data(), n, ws, mu.data(), nullptr);
    decode_images(m, mu.data(), n, ws, outputs[k].data());
  }
  cols = std::max(1, std::min(cols, n));
  const std::vector<float> blank(D, 0.f);  // the short last group's empty cells
  std::vector<const float*> tiles;
  for (int r0 = 0; r0 < n; r0 += cols) {
    for (int i = r0; i < r0 + cols; ++i) tiles.push_back(i < n ? &inputs[i * D] : blank.data());
    for (const std::vector<float>& out : outputs)
      for (int i = r0; i < r0 + cols; ++i) tiles.push_back(i < n ? &out[i * D] : blank.data());
  }
  return io::compose_grid(tiles, d.height, d.width, d.channels, cols);
}

void export_selection_csv(const std::string& path, const Dataset& d, const std::vector<NamedModel>& models,
                          const std::vector<uint32_t>& test_index) {
  const std::vector<uint8_t> px = gather(d, models, test_index);
  const Split& s = test_split(d);
  const size_t n = test_index.size();
  std::vector<std::string> header{"index", "label"};
  std::vector<std::vector<float>> codes;
  Workspace ws;
  for (const NamedModel& m : models) {
    const int L = m.model->config().latent;
    for (int j = 0; j < L; ++j) header.push_back(m.name + "_z" + std::to_string(j + 1));
    codes.emplace_back(n * L);
    encode_images(*m.model, px.data(), int(n), ws, codes.back().data(), nullptr);
  }
  std::vector<double> numbers;
  numbers.reserve(n * header.size());
  for (size_t i = 0; i < n; ++i) {
    const uint32_t k = test_index[i];
    numbers.push_back(k);
    numbers.push_back(k < s.labels.size() ? s.labels[k] : -1);
    for (size_t m = 0; m < models.size(); ++m) {
      const int L = models[m].model->config().latent;
      for (int j = 0; j < L; ++j) numbers.push_back(codes[m][i * L + j]);
    }
  }
  io::write_csv_numbers(path, header, numbers);
}

SelectionFiles export_selection(const std::string& dir, const std::string& stem, const Dataset& d,
                                const std::vector<NamedModel>& models, const std::vector<uint32_t>& test_index,
                                int max_images) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create the export folder: " + ec.message());
  SelectionFiles f;
  f.csv = (std::filesystem::path(dir) / (stem + ".csv")).string();
  f.png = (std::filesystem::path(dir) / (stem + ".png")).string();
  export_selection_csv(f.csv, d, models, test_index);
  const size_t shown = std::min(test_index.size(), size_t(std::max(1, max_images)));
  const std::vector<uint32_t> first(test_index.begin(), test_index.begin() + shown);
  io::write_png(f.png, selection_grid(d, models, first, 10));
  return f;
}

}  // namespace ll
