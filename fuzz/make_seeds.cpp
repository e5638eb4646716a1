// fuzz_seeds OUT_DIR: writes a small starting corpus for every fuzz target into
// OUT_DIR/<target>/, made with the project's own writers (and stb_image_write for the image
// formats), so no binary seed is committed. Each seed is a valid file or a near miss that
// reaches a different error path.
#include <stb/stb_image_write.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/io/checkpoint.h"
#include "core/io/safetensors.h"

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

namespace {

fs::path g_out;

void put(const std::string& target, const std::string& name, const Bytes& b) {
  fs::create_directories(g_out / target);
  std::ofstream(g_out / target / name, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}
void put(const std::string& target, const std::string& name, const std::string& s) {
  put(target, name, Bytes(s.begin(), s.end()));
}

void be32(Bytes& b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(v >> s));
}

// An IDX file of unsigned bytes with the given dimensions and a simple pattern.
Bytes idx(std::vector<uint32_t> dims) {
  Bytes b{0, 0, 0x08, uint8_t(dims.size())};
  size_t n = 1;
  for (uint32_t d : dims) {
    be32(b, d);
    n *= d;
  }
  for (size_t i = 0; i < n; ++i) b.push_back(uint8_t(i * 37));
  return b;
}

Bytes gzip(const Bytes& in) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  Bytes out(deflateBound(&z, uLong(in.size())) + 32);
  z.next_in = const_cast<uint8_t*>(in.data());
  z.avail_in = uInt(in.size());
  z.next_out = out.data();
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

Bytes prefixed(std::initializer_list<uint8_t> head, const Bytes& body) {
  Bytes b(head);
  b.insert(b.end(), body.begin(), body.end());
  return b;
}

void idx_seeds() {
  const std::vector<std::pair<std::string, Bytes>> files = {
      {"images3", idx({3, 4, 5})},        {"images4_gray_alpha", idx({2, 3, 3, 2})},
      {"images4_rgb", idx({2, 3, 3, 3})}, {"images4_rgba", idx({2, 2, 2, 4})},
      {"labels", idx({10})},              {"truncated", Bytes{0, 0, 8, 3, 0, 0, 0, 9, 0, 0, 0, 28}},
  };
  for (const auto& [name, b] : files) {
    put("fuzz_idx", name, b);
    put("fuzz_idx_gzip", name + ".raw", prefixed({0x00, 0}, b));
    put("fuzz_idx_gzip", name + ".gz", prefixed({0x00, 0}, gzip(b)));
    put("fuzz_idx_gzip", name + ".zipped-here", prefixed({0x13, 0}, b));  // compressed by the target
  }
  Bytes two = gzip(idx({2, 2, 2}));
  Bytes second = gzip(Bytes{1, 2, 3});
  two.insert(two.end(), second.begin(), second.end());
  put("fuzz_idx_gzip", "multi_member.gz", prefixed({0x00, 0}, two));
  put("fuzz_idx_gzip", "two_members_here", prefixed({0x53, 0}, idx({2, 2, 2})));
  put("fuzz_idx_gzip", "truncated_here", prefixed({0x93, 7}, idx({2, 2, 2})));
}

void write_to_vector(void* ctx, void* data, int size) {
  auto* v = static_cast<Bytes*>(ctx);
  v->insert(v->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
}

void image_seeds() {
  const int w = 5, h = 4;
  Bytes rgba(size_t(w) * h * 4);
  for (size_t i = 0; i < rgba.size(); ++i) rgba[i] = uint8_t(i * 29 + 7);
  std::vector<float> hdr(size_t(w) * h * 3, 0.5f);
  // Options bytes: 7x6 gray, 9x9 rgb.
  for (const auto& variant : {std::pair<Bytes, std::string>{{6, 5, 0}, "gray"}, {{8, 8, 1}, "rgb"}}) {
    const Bytes& opts = variant.first;
    const std::string& tag = variant.second;
    auto seed = [&](const std::string& name, const Bytes& file) {
      Bytes b = opts;
      b.insert(b.end(), file.begin(), file.end());
      put("fuzz_image_folder", name + "." + tag, b);
    };
    for (int comp : {1, 2, 3, 4}) {
      Bytes png, bmp, tga, jpg;
      stbi_write_png_to_func(write_to_vector, &png, w, h, comp, rgba.data(), w * comp);
      stbi_write_bmp_to_func(write_to_vector, &bmp, w, h, comp, rgba.data());
      stbi_write_tga_to_func(write_to_vector, &tga, w, h, comp, rgba.data());
      stbi_write_jpg_to_func(write_to_vector, &jpg, w, h, comp, rgba.data(), 80);
      const std::string c = std::to_string(comp);
      seed("png" + c, png);
      seed("bmp" + c, bmp);
      seed("tga" + c, tga);
      seed("jpg" + c, jpg);
    }
    Bytes hdr_file;
    stbi_write_hdr_to_func(write_to_vector, &hdr_file, w, h, 3, hdr.data());
    seed("hdr", hdr_file);
    std::string pgm = "P5\n5 4\n255\n" + std::string(20, '\x80');
    seed("pgm", Bytes(pgm.begin(), pgm.end()));
    std::string ppm = "P6\n2 2\n255\n" + std::string(12, '\x40');
    seed("ppm", Bytes(ppm.begin(), ppm.end()));
    // A 1x1 GIF89a.
    seed("gif", Bytes{0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00,
                      0x00, 0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c,
                      0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b});
  }
}

std::string file_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

void tensor_seeds() {
  ll::io::TensorFile f;
  f.metadata = {{"format", "pt"}, {"note", "seed"}};
  f.tensors.push_back({"w", {2, 3}, {1, 2, 3, 4, 5, 6}});
  f.tensors.push_back({"b", {3}, {0.5f, -1, 2}});
  f.tensors.push_back({"scalar", {}, {7}});
  f.tensors.push_back({"empty", {0, 4}, {}});
  put("fuzz_safetensors", "mixed", ll::io::serialize_safetensors(f));
  put("fuzz_safetensors", "no_tensors", ll::io::serialize_safetensors(ll::io::TensorFile{}));
  put("fuzz_safetensors", "null_metadata",
      std::string("\x1c\0\0\0\0\0\0\0", 8) + R"({"__metadata__":null}       )");

  // Checkpoints of tiny models: every kind, likelihood and with/without Adam state.
  const fs::path tmp = g_out / "tmp.safetensors";
  int n = 0;
  for (ll::ModelKind kind : {ll::ModelKind::Vae, ll::ModelKind::Ae})
    for (bool gaussian : {false, true})
      for (bool with_adam : {false, true}) {
        ll::ModelConfig c;
        c.kind = kind;
        c.input_dim = 4;
        c.hidden = n % 2 ? std::vector<int>{3, 2} : std::vector<int>{3};
        c.latent = 2;
        c.likelihood = gaussian ? ll::Likelihood::Gaussian : ll::Likelihood::Bernoulli;
        c.learn_variance = gaussian && with_adam;
        ll::Model m(c);
        m.init(uint64_t(n) + 1);
        ll::AdamState adam;
        adam.reset(m.params().size());
        adam.t = 3;
        ll::CheckpointInfo info{"synthetic", 2, 2, 1, 10, 0.5, 1.f, 1e-3f, 8, 1};
        ll::save_checkpoint(tmp.string(), m, with_adam ? &adam : nullptr, info);
        const std::string bytes = file_bytes(tmp);
        put("fuzz_checkpoint", "model" + std::to_string(n), bytes);
        if (n < 2) put("fuzz_safetensors", "checkpoint" + std::to_string(n), bytes);
        ++n;
      }
  fs::remove(tmp);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds OUT_DIR\n");
    return 2;
  }
  g_out = argv[1];
  idx_seeds();
  image_seeds();
  tensor_seeds();
  return 0;
}
