#pragma once
// The shape and objective of one model. Maps one to one onto the CLI flags, the GUI controls
// and a checkpoint's metadata.
#include <string>
#include <string_view>
#include <vector>

#include "core/nn/activation.h"

namespace ll {

// VAE: z = μ + σ⊙ε and a KL term.  AE: the same layers with z = μ and no KL.
enum class ModelKind { Vae, Ae };
enum class Likelihood { Bernoulli, Gaussian };

struct ModelConfig {
  ModelKind kind = ModelKind::Vae;
  int input_dim = 784;              // H·W·C of the dataset
  std::vector<int> hidden{400};     // encoder hidden sizes; the decoder mirrors them
  int latent = 20;
  Activation activation = Activation::Relu;
  Likelihood likelihood = Likelihood::Bernoulli;
  // Gaussian likelihood only: the decoder's per-pixel log σ² is learned when true,
  // otherwise fixed at gaussian_logvar.
  bool learn_variance = false;
  float gaussian_logvar = -4.6051702f;  // log(0.01): σ = 0.1 on pixels in [0,1]

  bool operator==(const ModelConfig&) const = default;
  // Same tensors (names and shapes): a checkpoint of one loads into the other.
  bool same_shape(const ModelConfig& o) const;
  void validate() const;  // throws ll::Error on nonsense sizes
};

std::string_view to_string(ModelKind k);
std::string_view to_string(Likelihood l);
ModelKind parse_model_kind(std::string_view s);
Likelihood parse_likelihood(std::string_view s);
std::vector<int> parse_int_list(std::string_view s, std::string_view what);  // "400,200"
std::string format_int_list(const std::vector<int>& v);

}  // namespace ll
