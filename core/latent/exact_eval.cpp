#include "core/latent/exact_eval.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/latent/model_likelihood.h"
#include "core/vae/iwae.h"

namespace ll {

ExactEvalStats exact_eval(const Model& m, const uint8_t* pixels, size_t count,
                          const ExactOptions& opt, int iwae_k, uint64_t seed,
                          const std::function<void(size_t, size_t)>& progress) {
  check_exact_model(m);
  if (count == 0) throw Error("exact evaluation needs at least one image, got 0");
  const size_t D = size_t(m.config().input_dim);
  const SharedDecodes shared = decode_lattice(m, opt.grid);
  ModelLikelihood lik(m, &shared);
  ExactEvalStats s;
  s.count = count;
  s.decodes = long(shared.logits.size() / D);
  double nll = 0, neg_elbo = 0, approx = 0, amort = 0;
  for (size_t n = 0; n < count; ++n) {
    lik.set_image(pixels + n * D);
    const ExactReadout r = exact_readout(lik.fn(), lik.encoder_q(), opt);
    nll -= r.log_px;
    neg_elbo -= r.elbo;
    approx += r.approximation_gap;
    amort += r.amortization_gap;
    s.identity_error = std::max(s.identity_error, r.identity_residual);
    s.max_edge_mass = std::max(s.max_edge_mass, r.posterior.edge_mass);
    if (progress) progress(n + 1, count);
  }
  s.decodes += lik.decodes();
  const double N = double(count);
  s.nll_exact = nll / N;
  s.neg_elbo = neg_elbo / N;
  s.approximation_gap = approx / N;
  s.amortization_gap = amort / N;
  s.iwae_k = iwae_k;
  s.nll_iwae = iwae_k > 0 ? -iwae_bound(m, pixels, count, iwae_k, seed)
                          : std::numeric_limits<double>::quiet_NaN();
  return s;
}

}  // namespace ll
