#include "core/io/exports.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "core/io/csv.h"
#include "core/io/png.h"
#include "core/latent/grid.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"

namespace ll {

namespace {
void check_fits(const Model& m, const Dataset& d) {
  if (size_t(m.config().input_dim) != d.image_size())
    throw Error("the model takes " + std::to_string(m.config().input_dim) + " inputs but " + d.spec +
                " images have " + std::to_string(d.image_size()) + " (" + std::to_string(d.height) +
                "x" + std::to_string(d.width) + "x" + std::to_string(d.channels) + ")");
}
const Split& test_or_train(const Dataset& d) { return d.test.count ? d.test : d.train; }
}  // namespace

void export_reconstructions(const std::string& path, const Model& m, const Dataset& d,
                            const std::vector<uint32_t>& test_index, int cols) {
  check_fits(m, d);
  const Split& s = test_or_train(d);
  const size_t D = d.image_size();
  const int L = m.config().latent, n = int(test_index.size());
  if (n == 0) throw Error("no test images to reconstruct");
  std::vector<float> inputs(n * D), outputs(n * D), mu(size_t(n) * L);
  std::vector<uint8_t> px(n * D);
  for (int i = 0; i < n; ++i) {
    if (test_index[i] >= s.count) throw Error("reconstruction index out of range");
    std::copy_n(s.pixels.data() + test_index[i] * D, D, px.data() + i * D);
  }
  pixels_to_floats(px.data(), px.size(), inputs.data());
  Workspace ws;
  encode_images(m, px.data(), n, ws, mu.data(), nullptr);
  decode_images(m, mu.data(), n, ws, outputs.data());
  // Interleave rows: inputs, then their reconstructions.
  cols = std::max(1, std::min(cols, n));
  std::vector<const float*> tiles;
  for (int r0 = 0; r0 < n; r0 += cols) {
    for (int i = r0; i < r0 + cols; ++i) tiles.push_back(i < n ? &inputs[i * D] : nullptr);
    for (int i = r0; i < r0 + cols; ++i) tiles.push_back(i < n ? &outputs[i * D] : nullptr);
  }
  // compose_grid needs every tile: fill the short last row with blanks.
  std::vector<float> blank(D, 0.f);
  for (auto& t : tiles) if (!t) t = blank.data();
  io::write_png(path, io::compose_grid(tiles, d.height, d.width, d.channels, cols));
}

void export_prior_samples(const std::string& path, const Model& m, const Dataset& d, int n,
                          uint64_t seed) {
  check_fits(m, d);
  const int L = m.config().latent;
  std::vector<float> z(size_t(n) * L), images(size_t(n) * d.image_size());
  Rng rng(seed);
  for (float& v : z) v = rng.normal();
  Workspace ws;
  decode_images(m, z.data(), n, ws, images.data());
  const int cols = int(std::ceil(std::sqrt(double(n))));
  io::write_png(path, io::compose_grid(images.data(), n, d.height, d.width, d.channels, cols));
}

void export_manifold(const std::string& path, const Model& m, const Dataset& d, int grid,
                     int dim_x, int dim_y) {
  check_fits(m, d);
  const int L = m.config().latent;
  if (L < 2) throw Error("a manifold needs at least 2 latent dimensions");
  const std::vector<float> z = prior_grid(grid, grid, L, dim_x, dim_y);
  std::vector<float> images(size_t(grid) * grid * d.image_size());
  Workspace ws;
  decode_images(m, z.data(), grid * grid, ws, images.data());
  io::write_png(path, io::compose_grid(images.data(), grid * grid, d.height, d.width, d.channels, grid, 0));
}

void export_hole_map(const std::string& path, const HoleMap& h, const Dataset& d) {
  const size_t P = h.count(), D = d.image_size();
  if (P == 0) throw Error("hole map: no points to draw");
  if (h.images.size() != P * D)
    throw Error("hole map: its images are not " + d.spec + "'s size (" + std::to_string(D) + " values)");
  const int C = d.channels;
  // RGB tiles; a hole keeps its image but is pulled halfway toward red, so one can still see
  // what the decoder made there.
  std::vector<float> rgb(P * d.height * d.width * 3);
  for (size_t i = 0; i < P; ++i)
    for (size_t px = 0; px < size_t(d.height) * d.width; ++px) {
      const float* src = &h.images[i * D + px * C];
      float* dst = &rgb[(i * d.height * d.width + px) * 3];
      for (int c = 0; c < 3; ++c) dst[c] = C >= 3 ? src[c] : src[0];
      if (h.hole[i]) {
        dst[0] = 0.5f + 0.5f * dst[0];
        dst[1] *= 0.5f;
        dst[2] *= 0.5f;
      }
    }
  const int cols = h.grid > 0 ? h.grid : int(std::ceil(std::sqrt(double(P))));
  io::write_png(path, io::compose_grid(rgb.data(), int(P), d.height, d.width, 3, cols));
}

void export_codes_csv(const std::string& path, const Model& m, const Dataset& d, size_t max_count) {
  check_fits(m, d);
  const Split& s = test_or_train(d);
  const int L = m.config().latent;
  const size_t n = std::min(max_count, s.count);
  std::vector<float> mu(n * L), logvar(n * L);
  Workspace ws;
  encode_images(m, s.pixels.data(), int(n), ws, mu.data(), logvar.data());
  std::vector<std::string> header{"index", "label"};
  for (int j = 0; j < L; ++j) header.push_back("mu_" + std::to_string(j + 1));
  for (int j = 0; j < L; ++j) header.push_back("sigma_" + std::to_string(j + 1));
  std::vector<double> table;  // row after row: index, label, μ, σ
  table.reserve(n * header.size());
  for (size_t i = 0; i < n; ++i) {
    table.push_back(double(i));
    table.push_back(s.labels.empty() ? double(-1) : double(s.labels[i]));
    for (int j = 0; j < L; ++j) table.push_back(double(mu[i * L + j]));
    for (int j = 0; j < L; ++j) table.push_back(std::exp(0.5 * logvar[i * L + j]));
  }
  io::write_csv_numbers(path, header, table);
}

std::vector<std::string> export_views(const std::string& dir, const std::string& name,
                                      const Model& m, const Dataset& d, uint64_t seed,
                                      const HoleThreshold* threshold) {
  std::filesystem::create_directories(dir);
  auto p = [&](const std::string& suffix) { return (std::filesystem::path(dir) / (name + suffix)).string(); };
  std::vector<std::string> written;
  const Split& s = test_or_train(d);
  std::vector<uint32_t> idx;
  for (uint32_t i = 0; i < std::min<size_t>(20, s.count); ++i) idx.push_back(i);
  if (!idx.empty()) {
    export_reconstructions(p("-reconstructions.png"), m, d, idx);
    written.push_back(p("-reconstructions.png"));
  }
  export_prior_samples(p("-samples.png"), m, d, 100, seed);
  written.push_back(p("-samples.png"));
  if (m.config().latent >= 2) {
    export_manifold(p("-manifold.png"), m, d);
    written.push_back(p("-manifold.png"));
  }
  if (d.test.count && d.train.count) {
    const HoleThreshold t = threshold ? *threshold : hole_threshold(d);
    HoleOptions opt;
    opt.seed = seed;
    export_hole_map(p("-holes.png"), hole_map(m, d, t, opt), d);
    written.push_back(p("-holes.png"));
  }
  export_codes_csv(p("-codes.csv"), m, d, 10000);
  written.push_back(p("-codes.csv"));
  return written;
}

}  // namespace ll
