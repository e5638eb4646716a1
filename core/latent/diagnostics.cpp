#include "core/latent/diagnostics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/latent/view.h"
#include "core/nn/rng.h"
#include "core/vae/evaluate.h"
#include "core/vae/forward.h"
#include "core/vae/iwae.h"
#include "core/vae/objective.h"

namespace ll {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kLog2Pi = 1.8378770664093453;

// k distinct rows of [0, n), ascending: a seeded partial Fisher–Yates shuffle.
std::vector<size_t> sample_rows(size_t n, size_t k, uint64_t seed) {
  std::vector<size_t> all(n);
  for (size_t i = 0; i < n; ++i) all[i] = i;
  if (k >= n) return all;
  Rng rng(seed);
  for (size_t i = 0; i < k; ++i) std::swap(all[i], all[i + rng.below(n - i)]);
  all.resize(k);
  std::sort(all.begin(), all.end());
  return all;
}
}  // namespace

std::vector<double> mean_kl_per_dim(const float* mu, const float* logvar, size_t n, int latent) {
  std::vector<double> kl(latent, 0.0);
  if (n == 0) return kl;
  // kl_per_dimension takes an int batch.
  constexpr size_t kChunk = 1 << 16;
  for (size_t s = 0; s < n; s += kChunk) {
    const int b = int(std::min(kChunk, n - s));
    kl_per_dimension(mu + s * latent, logvar + s * latent, b, latent, kl.data());
  }
  for (double& v : kl) v /= double(n);
  return kl;
}

int active_units(const std::vector<double>& mu_variance, double threshold) {
  return int(std::count_if(mu_variance.begin(), mu_variance.end(),
                           [&](double v) { return v > threshold; }));
}

double mutual_information(const float* mu, const float* logvar, size_t n, int latent,
                          uint64_t seed) {
  if (n == 0) return kNaN;
  const size_t L = size_t(latent);
  // Column-major copies (L, n) so the inner loop over the n posteriors runs along memory.
  std::vector<double> mu_t(L * n), ivar_t(L * n), z(n * L), log_norm(n), row(n);
  Rng rng(seed);
  for (size_t m = 0; m < n; ++m) {
    double sum_lv = 0;
    for (size_t j = 0; j < L; ++j) {
      const double lv = logvar[m * L + j];
      mu_t[j * n + m] = mu[m * L + j];
      ivar_t[j * n + m] = std::exp(-lv);
      z[m * L + j] = mu[m * L + j] + std::exp(0.5 * lv) * double(rng.normal());
      sum_lv += lv;
    }
    log_norm[m] = -0.5 * (double(L) * kLog2Pi + sum_lv);
  }
  const double log_n = std::log(double(n));
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    // row[m] = log q(z_i | x_m) = log_norm[m] − ½ Σ_j (z_ij − μ_mj)² / σ²_mj
    std::fill(row.begin(), row.end(), 0.0);
    for (size_t j = 0; j < L; ++j) {
      const double zij = z[i * L + j];
      const double* mj = &mu_t[j * n];
      const double* vj = &ivar_t[j * n];
      for (size_t m = 0; m < n; ++m) {
        const double d = zij - mj[m];
        row[m] += d * d * vj[m];
      }
    }
    double mx = -INFINITY;
    for (size_t m = 0; m < n; ++m) {
      row[m] = log_norm[m] - 0.5 * row[m];
      mx = std::max(mx, row[m]);
    }
    double s = 0;
    for (size_t m = 0; m < n; ++m) s += std::exp(row[m] - mx);
    const double log_qz = mx + std::log(s) - log_n;
    total += row[i] - log_qz;  // log q(z_i | x_i) − log q(z_i)
  }
  return total / double(n);
}

CollapseStats collapse_stats(const Model& m, const uint8_t* pixels, size_t count, uint64_t seed,
                             const CollapseOptions& opt) {
  if (count == 0) throw Error("collapse statistics need at least one image");
  if (count > size_t(std::numeric_limits<int>::max()))
    throw Error("collapse statistics: too many images (" + std::to_string(count) + ")");
  const ModelConfig& cfg = m.config();
  const int L = cfg.latent;
  const bool vae = cfg.kind == ModelKind::Vae;
  std::vector<float> mu(count * L), logvar(count * L);
  Workspace ws;
  encode_images(m, pixels, int(count), ws, mu.data(), logvar.data());

  CollapseStats s;
  s.count = count;
  s.mu_variance = code_variance(mu.data(), count, L);
  s.active_units = active_units(s.mu_variance);
  if (vae) {
    s.kl_per_dim = mean_kl_per_dim(mu.data(), logvar.data(), count, L);
    s.kl_total = 0;
    for (double v : s.kl_per_dim) s.kl_total += v;
    const std::vector<size_t> rows = sample_rows(count, opt.mi_images, seed);
    std::vector<float> mu_s(rows.size() * L), lv_s(rows.size() * L);
    for (size_t r = 0; r < rows.size(); ++r) {
      std::copy_n(&mu[rows[r] * L], L, &mu_s[r * L]);
      std::copy_n(&logvar[rows[r] * L], L, &lv_s[r * L]);
    }
    s.mi_count = rows.size();
    s.mutual_info = mutual_information(mu_s.data(), lv_s.data(), rows.size(), L, seed ^ 0x6d69);
  } else {
    s.kl_per_dim.assign(L, kNaN);
    s.kl_total = kNaN;
    s.mutual_info = kNaN;
  }
  s.iwae = s.elbo = kNaN;
  if (vae && opt.iwae_k > 0 && opt.iwae_images > 0) {
    s.iwae_k = opt.iwae_k;
    s.iwae_count = std::min(count, opt.iwae_images);
    s.iwae = iwae_bound(m, pixels, s.iwae_count, opt.iwae_k, seed ^ 0x1a4ae);
    s.elbo = -evaluate(m, pixels, s.iwae_count, seed ^ 0xe1b0, ws).loss;
  }
  return s;
}

}  // namespace ll
