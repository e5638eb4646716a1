#pragma once
// The ELBO without sampling: E_q[log p(x|z)] by Gauss–Hermite quadrature (a tensor product of
// the 1-D rule in 2-D), plus the analytic KL(q ‖ p(z)). Deterministic, so two ELBOs (q and q*)
// can be compared to a hundredth of a nat without Monte-Carlo noise.
#include <vector>

#include "core/latent/posterior.h"

namespace ll {

// The n-point rule for the standard normal: E[f(ε)] ≈ Σ_i weights[i]·f(nodes[i]), exact for
// polynomials of degree ≤ 2n − 1. Golub–Welsch: the nodes are the eigenvalues of the Jacobi
// matrix of the probabilists' Hermite polynomials (off-diagonal √k), each weight the squared
// first component of its eigenvector. Throws ll::Error unless 1 ≤ n ≤ 200.
void gauss_hermite_normal(int n, std::vector<double>& nodes, std::vector<double>& weights);

// Default nodes per dimension: 24 in 2-D (576 evaluations), 48 in 1-D. A ReLU decoder's
// log p(x|z) has kinks, where Gauss–Hermite converges only slowly, and the ELBO must be good
// to well under the identity's 0.01 nats: fewer nodes than these were not.
int default_gauss_hermite_nodes(int dim);

// E_q[log p(x|z)], nats, with n nodes per dimension (0: the default): one call of loglik
// with n^dim points.
double expected_loglik(const LogLikFn& loglik, const DiagGaussian& q, int n = 0);

// ELBO(q) = E_q[log p(x|z)] − KL(q ‖ p(z)), nats (higher is better).
double elbo_gauss_hermite(const LogLikFn& loglik, const DiagGaussian& q, int n = 0);

}  // namespace ll
