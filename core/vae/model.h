#pragma once
// One VAE or AE: its config and every parameter in one flat buffer, with named per-layer
// views (llm.c's ParameterTensors). Gradients and Adam's m and v are buffers of the same
// length and layout, so one loop updates them all.
//
// Buffer order: encoder hidden layers, encoder heads (the VAE's μ and log σ² weights, then
// their biases: see enc_heads), decoder hidden layers, decoder output, [decoder log σ²
// (Gaussian, learned)]. init() draws the log σ² head last, so an AE and a VAE seeded the same
// way start from the same weights in every tensor they share — compare mode shows only the
// effect of the KL term.
#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/buffer.h"

#include "core/vae/model_config.h"

namespace ll {

struct DenseSlot {
  std::string name;  // "encoder.hidden.0", "encoder.mu", "decoder.out", ...
  int in = 0, out = 0;
  size_t w = 0, b = 0;  // offsets of weight (out, in) and bias (out) in the flat buffer
};

struct ModelLayout {
  std::vector<DenseSlot> enc_hidden;
  DenseSlot enc_mu, enc_logvar;  // enc_logvar unused (in 0) for the AE
  // Both heads as one layer: in the VAE the two weights sit one after the other, then the two
  // biases, so a single (2L, in) product computes μ and log σ² together: one product of twice
  // the width costs less than two narrow ones (docs/performance.md). The AE's is enc_mu itself.
  DenseSlot enc_heads;
  std::vector<DenseSlot> dec_hidden;
  DenseSlot dec_out;
  size_t dec_logvar = 0;          // offset of (input_dim) per-pixel log σ², learned variance only
  bool has_dec_logvar = false;
  size_t size = 0;                // total floats

  explicit ModelLayout(const ModelConfig& cfg);
  // Every dense slot: the AE's in buffer order, then the VAE's log σ² head.
  std::vector<const DenseSlot*> dense_slots() const;
};

// A named tensor view for checkpoints: the flat buffer range and PyTorch-style shape.
struct ParamTensor {
  std::string name;  // e.g. "encoder.hidden.0.weight"
  std::vector<int64_t> shape;
  size_t offset = 0, count = 0;
};

class Model {
 public:
  explicit Model(const ModelConfig& cfg);  // validates cfg, zero parameters

  // PyTorch nn.Linear's default init, U(−1/√in, 1/√in) for weights and biases, drawn from
  // one stream layer by layer in dense_slots() order (see the note above on AE and VAE).
  void init(uint64_t seed);

  const ModelConfig& config() const { return cfg_; }
  const ModelLayout& layout() const { return layout_; }
  FloatBuffer& params() { return params_; }
  const FloatBuffer& params() const { return params_; }
  std::vector<ParamTensor> tensors() const;
  bool all_finite() const;

 private:
  ModelConfig cfg_;
  ModelLayout layout_;
  FloatBuffer params_;
};

}  // namespace ll
