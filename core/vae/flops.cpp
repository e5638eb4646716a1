#include "core/vae/flops.h"

namespace ll {

double forward_flops_per_sample(const ModelLayout& lay) {
  double f = 0;
  for (const DenseSlot* s : lay.dense_slots()) f += 2.0 * s->in * s->out;
  return f;
}

double train_flops_per_sample(const ModelLayout& lay) {
  const double fwd = forward_flops_per_sample(lay);
  const DenseSlot& first = lay.enc_hidden.front();
  return fwd + fwd + (fwd - 2.0 * first.in * first.out);
}

}  // namespace ll
