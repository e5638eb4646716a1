#include "core/vae/forward.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/nn/dense.h"

namespace ll {

namespace {
// Sizes ws for this model's shape (the caller's workspace may have served another shape
// before: a Reset, or the other arm) and for chunks of up to 256 rows. reserve() only grows,
// so a UI that keeps its workspace allocates when the shape changes, not every frame.
void reserve_for_views(const Model& m, int count, Workspace& ws) {
  ws.reserve(m.config(), std::clamp(count, 1, 256), false);
}
}  // namespace

Layout hidden_layout(int B) { return B > 1 ? Layout::FeatureMajor : Layout::BatchMajor; }

void encode(const Model& m, const float* x, int B, Workspace& ws, Layout x_layout) {
  const ModelLayout& lay = m.layout();
  const float* p = m.params().data();
  // Hidden layers feature-major (hidden_layout: the faster products), the heads batch-major.
  const float* h = x;
  Layout h_layout = x_layout;
  for (size_t i = 0; i < lay.enc_hidden.size(); ++i) {
    const DenseSlot& s = lay.enc_hidden[i];
    dense_forward(h, h_layout, B, s.in, s.out, p + s.w, p + s.b, ws.enc_h[i].data(),
                  hidden_layout(B));
    activation_forward(m.config().activation, ws.enc_h[i].data(), size_t(B) * s.out);
    h = ws.enc_h[i].data();
    h_layout = hidden_layout(B);
  }
  // Both heads in one product (see ModelLayout::enc_heads): (B, 2L) rows of μ then log σ²,
  // split into their own (B, L) buffers; the AE's one head writes μ directly.
  const DenseSlot& s = lay.enc_heads;
  const bool vae = m.config().kind == ModelKind::Vae;
  float* out = vae ? ws.heads.data() : ws.mu.data();
  dense_forward(h, h_layout, B, s.in, s.out, p + s.w, p + s.b, out, Layout::BatchMajor);
  if (vae) {
    const int L = m.config().latent;
    for (int r = 0; r < B; ++r) {
      std::copy_n(out + size_t(r) * 2 * L, L, ws.mu.data() + size_t(r) * L);
      std::copy_n(out + size_t(r) * 2 * L + L, L, ws.logvar.data() + size_t(r) * L);
    }
  }
}

void reparameterize(const Model& m, int B, Workspace& ws) {
  const size_t n = size_t(B) * m.config().latent;
  if (m.config().kind == ModelKind::Ae) {
    std::copy_n(ws.mu.data(), n, ws.z.data());
    return;
  }
  for (size_t i = 0; i < n; ++i) ws.z[i] = ws.mu[i] + std::exp(0.5f * ws.logvar[i]) * ws.eps[i];
}

void decode(const Model& m, const float* z, int B, Workspace& ws, Layout logits_layout) {
  const ModelLayout& lay = m.layout();
  const float* p = m.params().data();
  // As in encode(): hidden layers in hidden_layout(B), the logits as asked.
  const float* h = z;
  Layout h_layout = Layout::BatchMajor;
  for (size_t i = 0; i < lay.dec_hidden.size(); ++i) {
    const DenseSlot& s = lay.dec_hidden[i];
    dense_forward(h, h_layout, B, s.in, s.out, p + s.w, p + s.b, ws.dec_h[i].data(),
                  hidden_layout(B));
    activation_forward(m.config().activation, ws.dec_h[i].data(), size_t(B) * s.out);
    h = ws.dec_h[i].data();
    h_layout = hidden_layout(B);
  }
  const DenseSlot& s = lay.dec_out;
  dense_forward(h, h_layout, B, s.in, s.out, p + s.w, p + s.b, ws.logits.data(), logits_layout);
}

void output_mean(const Model& m, const float* logits, int B, float* out) {
  const size_t n = size_t(B) * m.config().input_dim;
  if (m.config().likelihood == Likelihood::Bernoulli) {
    for (size_t i = 0; i < n; ++i) out[i] = 1.f / (1.f + std::exp(-logits[i]));
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = std::clamp(logits[i], 0.f, 1.f);
  }
}

void decode_images(const Model& m, const float* z, int count, Workspace& ws, float* images) {
  const int L = m.config().latent, D = m.config().input_dim;
  reserve_for_views(m, count, ws);
  for (int start = 0; start < count; start += ws.capacity) {
    const int b = std::min(ws.capacity, count - start);
    decode(m, z + size_t(start) * L, b, ws);
    output_mean(m, ws.logits.data(), b, images + size_t(start) * D);
  }
}

void encode_images(const Model& m, const unsigned char* pixels, int count, Workspace& ws,
                   float* mu, float* logvar) {
  const int L = m.config().latent, D = m.config().input_dim;
  reserve_for_views(m, count, ws);
  // The input batch needs its own buffer: ws.logits is (B, D) too but decode would reuse it.
  FloatBuffer x(size_t(ws.capacity) * D);
  for (int start = 0; start < count; start += ws.capacity) {
    const int b = std::min(ws.capacity, count - start);
    pixels_to_floats(pixels + size_t(start) * D, size_t(b) * D, x.data());
    encode(m, x.data(), b, ws);
    std::copy_n(ws.mu.data(), size_t(b) * L, mu + size_t(start) * L);
    if (logvar) {
      if (m.config().kind == ModelKind::Vae)
        std::copy_n(ws.logvar.data(), size_t(b) * L, logvar + size_t(start) * L);
      else
        std::fill_n(logvar + size_t(start) * L, size_t(b) * L, 0.f);
    }
  }
}

void pixels_to_floats(const unsigned char* pixels, size_t n, float* x) {
  constexpr float kScale = 1.f / 255.f;
  for (size_t i = 0; i < n; ++i) x[i] = float(pixels[i]) * kScale;
}

void gather_images(const unsigned char* pixels, size_t D, const uint32_t* index, int count,
                   float* x) {
  // Prefetch hints for up to half of a typical L2's worth (large images: the first ones);
  // a 64-byte line is x86-64's and most ARM64 cores'. A hint past that would evict its own.
  constexpr size_t kLine = 64, kBudget = 512 << 10;
  size_t asked = 0;
  for (int b = 0; b < count && asked < kBudget; ++b, asked += D) {
    const unsigned char* image = pixels + size_t(index[b]) * D;
    for (size_t o = 0; o < D; o += kLine) __builtin_prefetch(image + o);
  }
  for (int b = 0; b < count; ++b)
    pixels_to_floats(pixels + size_t(index[b]) * D, D, x + size_t(b) * D);
}

}  // namespace ll
