// fuzz_checkpoint: a whole checkpoint file through load_checkpoint_bytes — safetensors
// parsing, then the metadata and every tensor checked against the model it declares. What it
// accepts must be a usable model: finite weights, and one encode + decode runs on it.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/vae/forward.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ll::LoadedCheckpoint ck;
  try {
    ck = ll::load_checkpoint_bytes(bytes, "fuzz.safetensors");
  } catch (const ll::Error&) {
    return 0;
  }
  const ll::Model& m = *ck.model;
  fuzz::check(m.all_finite(), "non-finite weights accepted");
  fuzz::check(m.params().size() * 4 <= size, "model larger than the file");
  if (ck.adam) fuzz::check(ck.adam->m.size() == m.params().size() && ck.adam->v.size() == m.params().size(),
                           "Adam state does not match the model");
  const ll::ModelConfig& c = m.config();
  ll::Workspace ws;
  ws.reserve(c, 1);
  std::vector<unsigned char> pixels(size_t(c.input_dim), 128);
  std::vector<float> mu(size_t(c.latent)), logvar(size_t(c.latent)), image(size_t(c.input_dim));
  ll::encode_images(m, pixels.data(), 1, ws, mu.data(), logvar.data());
  ll::decode_images(m, mu.data(), 1, ws, image.data());
  return 0;
}
