"""The VAE / AE as torch modules whose state_dict names are LatentLab's checkpoint names:
encoder.hidden.{i}, encoder.mu, encoder.logvar (VAE), decoder.hidden.{i}, decoder.out, and
decoder.logvar (Gaussian with learned variance), each nn.Linear's weight (out, in) and bias."""
import math

import torch
from torch import nn

from .config import ModelConfig


def _linears(sizes):
    return nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))


class Encoder(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        sizes = [cfg.input_dim] + list(cfg.hidden)
        self.hidden = _linears(sizes)
        self.mu = nn.Linear(sizes[-1], cfg.latent)
        if cfg.kind == "vae":
            self.logvar = nn.Linear(sizes[-1], cfg.latent)


class Decoder(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        sizes = [cfg.latent] + list(reversed(cfg.hidden))
        self.hidden = _linears(sizes)
        self.out = nn.Linear(sizes[-1], cfg.input_dim)  # Bernoulli logits or Gaussian means
        if cfg.has_decoder_logvar:
            self.logvar = nn.Parameter(torch.zeros(cfg.input_dim))


class Model(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.config = cfg.validate()
        self.encoder = Encoder(cfg)
        self.decoder = Decoder(cfg)
        self._act = torch.relu if cfg.activation == "relu" else torch.tanh

    def dense_layers(self):
        """nn.Linear layers in LatentLab's init order: the AE's in buffer order, then the
        VAE's log σ² head, so an AE and a VAE seeded alike share every common tensor."""
        layers = list(self.encoder.hidden) + [self.encoder.mu] + list(self.decoder.hidden) + [self.decoder.out]
        if self.config.kind == "vae":
            layers.append(self.encoder.logvar)
        return layers

    @torch.no_grad()
    def init(self, seed):
        # nn.Linear's own default, U(−1/√in, 1/√in) for weight and bias, but drawn from one
        # seeded stream in dense_layers() order instead of the global RNG in creation order.
        g = torch.Generator().manual_seed(seed)
        for lin in self.dense_layers():
            bound = 1.0 / math.sqrt(lin.in_features)
            lin.weight.uniform_(-bound, bound, generator=g)
            lin.bias.uniform_(-bound, bound, generator=g)
        if self.config.has_decoder_logvar:
            self.decoder.logvar.zero_()  # σ = 1 is where a learned variance starts
        return self

    def named_tensors(self):
        """(checkpoint name, parameter) in the order LatentLab writes them."""
        out = []
        def dense(name, lin):
            out.append((name + ".weight", lin.weight))
            out.append((name + ".bias", lin.bias))
        for i, lin in enumerate(self.encoder.hidden):
            dense(f"encoder.hidden.{i}", lin)
        dense("encoder.mu", self.encoder.mu)
        for i, lin in enumerate(self.decoder.hidden):
            dense(f"decoder.hidden.{i}", lin)
        dense("decoder.out", self.decoder.out)
        if self.config.has_decoder_logvar:
            out.append(("decoder.logvar", self.decoder.logvar))
        if self.config.kind == "vae":
            dense("encoder.logvar", self.encoder.logvar)
        return out

    def encode(self, x):
        """x: (B, D) in [0, 1] -> μ, log σ²: (B, L) each (log σ² None for the AE)."""
        h = x
        for lin in self.encoder.hidden:
            h = self._act(lin(h))
        logvar = self.encoder.logvar(h) if self.config.kind == "vae" else None
        return self.encoder.mu(h), logvar

    def decode(self, z):
        """z: (B, L) -> logits (Bernoulli) or means (Gaussian): (B, D)."""
        h = z
        for lin in self.decoder.hidden:
            h = self._act(lin(h))
        return self.decoder.out(h)

    def forward(self, x, eps=None):
        """x: (B, D), eps: (B, L) or None (z = μ) -> logits (B, D), μ, log σ² (B, L), and the
        decoder's per-pixel log σ² (D) or None. All outputs that the objective needs come from
        here, so DistributedDataParallel sees every parameter used in its forward."""
        mu, logvar = self.encode(x)
        z = mu if eps is None or logvar is None else mu + torch.exp(0.5 * logvar) * eps
        dec_logvar = self.decoder.logvar if self.config.has_decoder_logvar else None
        return self.decode(z), mu, logvar, dec_logvar
