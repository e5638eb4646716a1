"""LatentLab's objective per sample, in nats (core/vae/objective.h):
    −ELBO = reconstruction + KL,  reconstruction = −log p(x | z),
    KL = KL(q(z|x) ‖ N(0, I)) = −½ Σ_j (1 + log σ²_j − μ²_j − σ²_j)   (analytic).
Training minimises the batch mean of reconstruction + β·Σ_j max(free_bits, KL_j), KL_j the
batch mean of dimension j's KL."""
import math

import torch
import torch.nn.functional as F

LOG_2PI = math.log(2 * math.pi)


def reconstruction(cfg, x, logits, dec_logvar=None, sum_dtype=torch.float32):
    """x, logits: (B, D) -> (B) nats. Pixel terms in float32 as LatentLab computes them; the
    per-image sum in sum_dtype (evaluation passes float64, as LatentLab sums its Gaussian
    terms, so that the sum adds no rounding of its own to a comparison)."""
    if cfg.likelihood == "bernoulli":
        # Stable for any logit (max(l, 0) − l·x + log(1 + e^{−|l|})), and on continuous
        # targets in [0, 1], not only binarised pixels.
        terms = F.binary_cross_entropy_with_logits(logits, x, reduction="none")
    else:
        lv = dec_logvar if dec_logvar is not None else torch.tensor(cfg.gaussian_logvar, dtype=torch.float32)
        terms = 0.5 * (LOG_2PI + lv + (logits - x) ** 2 * torch.exp(-lv))
    return terms.sum(dim=1, dtype=sum_dtype)


def kl_per_dimension(mu, logvar):
    """μ, log σ²: (B, L) -> (B, L) nats, in the inputs' dtype."""
    return -0.5 * (1.0 + logvar - mu * mu - torch.exp(logvar))


def training_loss(rec, kl_dims, beta, free_bits):
    """rec: (B), kl_dims: (B, L) or None (AE) -> the scalar whose gradient a step follows."""
    loss = rec.mean()
    if kl_dims is None:
        return loss
    kl_mean = kl_dims.mean(dim=0)
    if free_bits > 0:
        # A dimension below the floor counts as the floor and gets no gradient (as in LatentLab).
        kl_mean = torch.where(kl_mean < free_bits, torch.full_like(kl_mean, free_bits), kl_mean)
    return loss + beta * kl_mean.sum()


def effective_beta(beta, step, warmup_steps):
    """β of the step that follows `step` finished steps: a linear ramp from 0 over warm-up."""
    if warmup_steps <= 0:
        return beta
    return beta * min(1.0, (step + 1) / warmup_steps)
