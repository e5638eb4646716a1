#include "core/vae/model_config.h"

#include <charconv>

#include "core/error.h"

namespace ll {

bool ModelConfig::same_shape(const ModelConfig& o) const {
  return kind == o.kind && input_dim == o.input_dim && hidden == o.hidden && latent == o.latent &&
         likelihood == o.likelihood && learn_variance == o.learn_variance;
}

void ModelConfig::validate() const {
  if (input_dim <= 0) throw Error("input size must be positive, got " + std::to_string(input_dim));
  if (latent <= 0 || latent > 4096)
    throw Error("latent size must be in 1..4096, got " + std::to_string(latent));
  if (hidden.empty()) throw Error("at least one hidden layer is required");
  for (int h : hidden)
    if (h <= 0 || h > 65536) throw Error("hidden sizes must be in 1..65536, got " + std::to_string(h));
}

std::string_view to_string(ModelKind k) { return k == ModelKind::Vae ? "vae" : "ae"; }
std::string_view to_string(Likelihood l) {
  return l == Likelihood::Bernoulli ? "bernoulli" : "gaussian";
}

ModelKind parse_model_kind(std::string_view s) {
  if (s == "vae") return ModelKind::Vae;
  if (s == "ae") return ModelKind::Ae;
  throw Error("model kind '" + std::string(s) + "': expected vae or ae");
}

Likelihood parse_likelihood(std::string_view s) {
  if (s == "bernoulli") return Likelihood::Bernoulli;
  if (s == "gaussian") return Likelihood::Gaussian;
  throw Error("likelihood '" + std::string(s) + "': expected bernoulli or gaussian");
}

std::vector<int> parse_int_list(std::string_view s, std::string_view what) {
  std::vector<int> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t comma = s.find(',', pos);
    if (comma == std::string_view::npos) comma = s.size();
    std::string_view item = s.substr(pos, comma - pos);
    int value = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size())
      throw Error(std::string(what) + " '" + std::string(s) +
                  "': expected comma-separated whole numbers like 400,200");
    out.push_back(value);
    pos = comma + 1;
  }
  return out;
}

std::string format_int_list(const std::vector<int>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s;
}

}  // namespace ll
