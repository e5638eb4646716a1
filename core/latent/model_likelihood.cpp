#include "core/latent/model_likelihood.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/vae/forward.h"
#include "core/vae/objective.h"

namespace ll {

namespace {
constexpr int kChunk = 256;  // points per decode: large enough for the products' efficiency
}

void check_exact_model(const Model& m) {
  const ModelConfig& cfg = m.config();
  if (cfg.kind != ModelKind::Vae)
    throw Error("exact log p(x) needs a VAE: an AE has no prior p(z) or q(z|x) to integrate");
  if (cfg.latent != 1 && cfg.latent != 2)
    throw Error("exact log p(x) needs a latent size of 1 or 2 (a grid over z), this VAE has " +
                std::to_string(cfg.latent));
}

SharedDecodes decode_lattice(const Model& m, const GridOptions& opt) {
  check_exact_model(m);
  SharedDecodes s;
  s.dim = m.config().latent;
  s.lattice = coarse_lattice(s.dim, opt);
  const int n = s.lattice.cells, count = s.dim == 1 ? n : n * n, D = m.config().input_dim;
  std::vector<float> z(size_t(count) * s.dim);
  for (int i = 0, k = 0; i < n; ++i)
    for (int j = 0; j < (s.dim == 2 ? n : 1); ++j, ++k) {
      z[size_t(k) * s.dim] = float(s.lattice.centre(i));
      if (s.dim == 2) z[size_t(k) * 2 + 1] = float(s.lattice.centre(j));
    }
  s.logits.resize(size_t(count) * D);
  Workspace ws;
  ws.reserve(m.config(), kChunk, false);
  for (int start = 0; start < count; start += kChunk) {
    const int b = std::min(kChunk, count - start);
    decode(m, z.data() + size_t(start) * s.dim, b, ws);
    std::copy_n(ws.logits.data(), size_t(b) * D, s.logits.data() + size_t(start) * D);
  }
  return s;
}

ModelLikelihood::ModelLikelihood(const Model& m, const SharedDecodes* shared)
    : m_(m), shared_(shared) {
  check_exact_model(m);
  const int D = m.config().input_dim;
  ws_.reserve(m.config(), kChunk, false);
  x_.assign(D, 0.f);
  xk_.assign(size_t(kChunk) * D, 0.f);
  xkt_.assign(size_t(kChunk) * D, 0.f);
  gathered_.assign(size_t(kChunk) * D, 0.f);
  zbuf_.assign(size_t(kChunk) * m.config().latent, 0.f);
  cached_.reserve(kChunk);
  fresh_.reserve(kChunk);
  out_.assign(kChunk, 0.0);
}

void ModelLikelihood::set_image(const float* x) {
  const int D = m_.config().input_dim;
  std::copy_n(x, D, x_.data());
  // reconstruction_loss pairs row b of the targets with row b of the logits.
  for (int b = 0; b < kChunk; ++b) std::copy_n(x, D, xk_.data() + size_t(b) * D);
  xkt_cols_ = 0;
}

void ModelLikelihood::set_image(const uint8_t* pixels) {
  FloatBuffer x(m_.config().input_dim);
  pixels_to_floats(pixels, x.size(), x.data());
  set_image(x.data());
}

DiagGaussian ModelLikelihood::encoder_q() {
  encode(m_, x_.data(), 1, ws_);
  DiagGaussian q;
  q.dim = m_.config().latent;
  for (int d = 0; d < q.dim; ++d) {
    q.mu[d] = ws_.mu[d];
    q.logvar[d] = ws_.logvar[d];
  }
  return q;
}

long ModelLikelihood::lattice_row(const float* z) const {
  if (!shared_) return -1;
  const Lattice& lat = shared_->lattice;
  long row = 0;
  for (int d = 0; d < shared_->dim; ++d) {
    const double u = (double(z[d]) - lat.origin) / lat.h - 0.5;
    const long k = std::lround(u);
    if (std::fabs(u - double(k)) > 1e-3 || k < 0 || k >= lat.cells) return -1;
    row = row * lat.cells + k;
  }
  return row;
}

void ModelLikelihood::rows_loglik(const float* logits, int b, double* out) {
  reconstruction_loss(m_, xk_.data(), logits, b, ws_, nullptr, 0.f, nullptr);
  for (int i = 0; i < b; ++i) out[i] = -double(ws_.rec[i]);
}

void ModelLikelihood::columns_loglik(const float* logits, int b, double* out) {
  const int D = m_.config().input_dim;
  if (xkt_cols_ != b) {  // most chunks are whole: rebuilt for the odd tail only
    for (int d = 0; d < D; ++d) std::fill_n(xkt_.data() + size_t(d) * b, b, x_[d]);
    xkt_cols_ = b;
  }
  reconstruction_loss(m_, xkt_.data(), logits, b, ws_, nullptr, 0.f, nullptr, Layout::FeatureMajor);
  for (int i = 0; i < b; ++i) out[i] = -double(ws_.rec[i]);
}

void ModelLikelihood::operator()(const float* z, int count, double* loglik) {
  const int L = m_.config().latent, D = m_.config().input_dim;
  std::vector<int>& cached = cached_;  // indices into z of this chunk's two kinds of point
  std::vector<int>& fresh = fresh_;
  std::vector<double>& out = out_;
  for (int start = 0; start < count; start += kChunk) {
    const int b = std::min(kChunk, count - start);
    cached.clear();
    fresh.clear();
    for (int i = 0; i < b; ++i) {
      const long row = lattice_row(z + size_t(start + i) * L);
      if (row >= 0) {
        std::copy_n(shared_->logits.data() + size_t(row) * D, D,
                    gathered_.data() + cached.size() * D);
        cached.push_back(start + i);
      } else {
        std::copy_n(z + size_t(start + i) * L, L, zbuf_.data() + fresh.size() * L);
        fresh.push_back(start + i);
      }
    }
    if (!cached.empty()) {
      rows_loglik(gathered_.data(), int(cached.size()), out.data());
      for (size_t i = 0; i < cached.size(); ++i) loglik[cached[i]] = out[i];
    }
    if (!fresh.empty()) {
      // Feature-major logits, (D, b): the decoder's output product is then W · h, the form
      // tile_gemm computes at the CPU's full width; batch-major it is hᵀ · Wᵀ, which goes to
      // OpenBLAS, whose AVX2 kernel (OPENBLAS_CORETYPE=Haswell) made eval --exact 1.4× slower
      // (docs/theory.md, timings).
      decode(m_, zbuf_.data(), int(fresh.size()), ws_, Layout::FeatureMajor);
      columns_loglik(ws_.logits.data(), int(fresh.size()), out.data());
      for (size_t i = 0; i < fresh.size(); ++i) loglik[fresh[i]] = out[i];
      decodes_ += long(fresh.size());
    }
  }
}

ExactReadout exact_readout(const Model& m, const float* x, const ExactOptions& opt) {
  ModelLikelihood lik(m);
  lik.set_image(x);
  return exact_readout(lik.fn(), lik.encoder_q(), opt);
}

ExactReadout exact_readout(const Model& m, const uint8_t* pixels, const ExactOptions& opt) {
  check_exact_model(m);
  FloatBuffer x(m.config().input_dim);
  pixels_to_floats(pixels, x.size(), x.data());
  return exact_readout(m, x.data(), opt);
}

}  // namespace ll
