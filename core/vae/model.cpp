#include "core/vae/model.h"

#include <cmath>

#include "core/nn/rng.h"

namespace ll {

namespace {
DenseSlot add_dense(size_t& size, std::string name, int in, int out) {
  DenseSlot s{std::move(name), in, out, size, size + size_t(in) * out};
  size += size_t(in) * out + out;
  return s;
}
}  // namespace

ModelLayout::ModelLayout(const ModelConfig& cfg) {
  int prev = cfg.input_dim;
  for (size_t i = 0; i < cfg.hidden.size(); ++i) {
    enc_hidden.push_back(add_dense(size, "encoder.hidden." + std::to_string(i), prev, cfg.hidden[i]));
    prev = cfg.hidden[i];
  }
  if (cfg.kind == ModelKind::Vae) {
    const size_t wn = size_t(prev) * cfg.latent;
    enc_mu = {"encoder.mu", prev, cfg.latent, size, size + 2 * wn};
    enc_logvar = {"encoder.logvar", prev, cfg.latent, size + wn, size + 2 * wn + cfg.latent};
    enc_heads = {"encoder.heads", prev, 2 * cfg.latent, size, size + 2 * wn};
    size += 2 * wn + 2 * size_t(cfg.latent);
  } else {
    enc_mu = enc_heads = add_dense(size, "encoder.mu", prev, cfg.latent);
  }
  prev = cfg.latent;
  for (size_t i = cfg.hidden.size(); i-- > 0;) {
    const size_t index = cfg.hidden.size() - 1 - i;
    dec_hidden.push_back(add_dense(size, "decoder.hidden." + std::to_string(index), prev, cfg.hidden[i]));
    prev = cfg.hidden[i];
  }
  dec_out = add_dense(size, "decoder.out", prev, cfg.input_dim);
  if (cfg.likelihood == Likelihood::Gaussian && cfg.learn_variance) {
    has_dec_logvar = true;
    dec_logvar = size;
    size += cfg.input_dim;
  }
}

std::vector<const DenseSlot*> ModelLayout::dense_slots() const {
  std::vector<const DenseSlot*> out;
  for (auto& s : enc_hidden) out.push_back(&s);
  out.push_back(&enc_mu);
  for (auto& s : dec_hidden) out.push_back(&s);
  out.push_back(&dec_out);
  if (enc_logvar.in > 0) out.push_back(&enc_logvar);
  return out;
}

Model::Model(const ModelConfig& cfg) : cfg_((cfg.validate(), cfg)), layout_(cfg_), params_(layout_.size, 0.f) {}

void Model::init(uint64_t seed) {
  Rng rng(seed);
  for (const DenseSlot* s : layout_.dense_slots()) {
    const float bound = 1.f / std::sqrt(float(s->in));
    const size_t n = size_t(s->in) * s->out;
    for (size_t i = 0; i < n; ++i) params_[s->w + i] = (2.f * rng.uniform() - 1.f) * bound;
    for (int i = 0; i < s->out; ++i) params_[s->b + i] = (2.f * rng.uniform() - 1.f) * bound;
  }
  // log σ² = 0 (σ = 1) is where a learned variance starts; fixed variance has no parameter.
  if (layout_.has_dec_logvar)
    for (int i = 0; i < cfg_.input_dim; ++i) params_[layout_.dec_logvar + i] = 0.f;
}

std::vector<ParamTensor> Model::tensors() const {
  std::vector<ParamTensor> out;
  auto dense = [&](const DenseSlot& s) {
    out.push_back({s.name + ".weight", {s.out, s.in}, s.w, size_t(s.in) * s.out});
    out.push_back({s.name + ".bias", {s.out}, s.b, size_t(s.out)});
  };
  for (auto& s : layout_.enc_hidden) dense(s);
  dense(layout_.enc_mu);
  for (auto& s : layout_.dec_hidden) dense(s);
  dense(layout_.dec_out);
  if (layout_.has_dec_logvar)
    out.push_back({"decoder.logvar", {cfg_.input_dim}, layout_.dec_logvar, size_t(cfg_.input_dim)});
  if (layout_.enc_logvar.in > 0) dense(layout_.enc_logvar);
  return out;
}

bool Model::all_finite() const {
  for (float p : params_)
    if (!std::isfinite(p)) return false;
  return true;
}

}  // namespace ll
