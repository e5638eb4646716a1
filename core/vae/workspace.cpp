#include "core/vae/workspace.h"

#include <algorithm>

namespace ll {

void Workspace::reserve(const ModelConfig& cfg, int batch, bool with_backward) {
  const size_t nh = cfg.hidden.size();
  const bool same_shape = enc_h.size() == nh && !mu.empty() &&
                          mu.size() / size_t(capacity) == size_t(cfg.latent) &&
                          logits.size() / size_t(capacity) == size_t(cfg.input_dim);
  if (same_shape && batch <= capacity && (backward || !with_backward)) {
    bool hidden_same = true;
    for (size_t i = 0; i < nh; ++i) hidden_same &= enc_h[i].size() == size_t(capacity) * cfg.hidden[i];
    if (hidden_same) return;
  }
  capacity = std::max(batch, same_shape ? capacity : 0);
  backward = backward || with_backward;  // once a training workspace, always one
  const size_t B = size_t(capacity), L = size_t(cfg.latent), D = size_t(cfg.input_dim);
  enc_h.resize(nh);
  denc_h.resize(nh);
  dec_h.resize(nh);
  ddec_h.resize(nh);
  const size_t back = backward ? B : 0;  // rows of the backward buffers
  for (size_t i = 0; i < nh; ++i) {
    enc_h[i].assign(B * cfg.hidden[i], 0.f);
    denc_h[i].assign(back * cfg.hidden[i], 0.f);
    // decoder layer i mirrors encoder layer nh-1-i
    dec_h[i].assign(B * cfg.hidden[nh - 1 - i], 0.f);
    ddec_h[i].assign(back * cfg.hidden[nh - 1 - i], 0.f);
  }
  for (auto* v : {&mu, &logvar, &eps, &z}) v->assign(B * L, 0.f);
  for (auto* v : {&dz, &dmu, &dlogvar}) v->assign(back * L, 0.f);
  logits.assign(B * D, 0.f);
  dlogits.assign(back * D, 0.f);
  xt.assign(back * D, 0.f);
  heads.assign(2 * B * L, 0.f);
  dheads.assign(2 * back * L, 0.f);
  rec.assign(B, 0.f);
}

}  // namespace ll
