"""The objective on a whole split, per image in nats, as `latentlab-cli eval` reports it."""
import torch

from .data import to_floats
from .objective import kl_per_dimension, reconstruction

# The CLI's ε seed for test evaluations (a different generator, so not the same draws).
EVAL_SEED = 0x5EED7E57


@torch.no_grad()
def split_sums(model, pixels, eps_seed=EVAL_SEED, chunk=500):
    """pixels: (N, D) uint8 -> float64 sums over the images of: the reconstruction at z = μ,
    the reconstruction at one reparameterized z (ε from eps_seed), the analytic KL; and N.
    Sums rather than means, so that shards of a split add up across ranks."""
    cfg = model.config
    g = torch.Generator().manual_seed(eps_seed)
    rec_mu = rec_z = kl = 0.0
    pixels = torch.as_tensor(pixels)
    dev = next(model.parameters()).device
    for start in range(0, len(pixels), chunk):
        x = to_floats(pixels[start:start + chunk]).to(dev)
        logits, mu, logvar, dec_lv = model(x)
        rec_mu += reconstruction(cfg, x, logits, dec_lv, torch.float64).sum().item()
        if logvar is None:
            rec_z = rec_mu
            continue
        # In float64 from the float32 μ and log σ², as LatentLab sums it.
        kl += kl_per_dimension(mu.double(), logvar.double()).sum().item()
        eps = torch.randn(mu.shape, generator=g).to(dev)
        logits_z, _, _, _ = model(x, eps)
        rec_z += reconstruction(cfg, x, logits_z, dec_lv, torch.float64).sum().item()
    return torch.tensor([rec_mu, rec_z, kl, float(len(pixels))], dtype=torch.float64)


def means(sums):
    """split_sums (added over shards) -> the per-image numbers, named as the CLI's JSON."""
    rec_mu, rec_z, kl, n = sums.tolist()
    n = max(n, 1.0)
    return {"test_loss": (rec_z + kl) / n, "test_rec": rec_z / n, "test_kl": kl / n,
            "test_loss_at_mu": (rec_mu + kl) / n, "test_rec_at_mu": rec_mu / n}
