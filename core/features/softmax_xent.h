#pragma once
// Softmax cross-entropy, the classifier's loss (core/features/classifier.h), beside the VAE's
// likelihoods in the same flat-buffer style as core/nn.
#include <cstdint>

namespace ll {

// logits: (B, C), labels: (B) in [0, C) -> returns the mean over the batch of −log softmax
// at the label, nats; dlogits: (B, C) overwritten with its gradient, (softmax − onehot) / B
// (skipped when null). The max is subtracted per row first, so large logits do not overflow.
double softmax_xent(const float* logits, const int32_t* labels, int B, int C, float* dlogits);

// logits: (B, C) -> probs: (B, C) rows of the softmax (may alias logits).
void softmax_rows(const float* logits, int B, int C, float* probs);

}  // namespace ll
