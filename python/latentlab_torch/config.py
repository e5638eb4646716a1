"""A model's shape and objective (LatentLab's ModelConfig) and where a checkpoint came from
(its CheckpointInfo): the two halves of a checkpoint's metadata."""
from dataclasses import dataclass, field

import numpy as np

from . import InputError

# log(0.01) as LatentLab stores it, a float32: σ = 0.1 on pixels in [0, 1].
DEFAULT_GAUSSIAN_LOGVAR = float(np.float32(-4.6051702))
KINDS = ("vae", "ae")
ACTIVATIONS = ("relu", "tanh")
LIKELIHOODS = ("bernoulli", "gaussian")


class ConfigError(InputError):
    pass


@dataclass
class ModelConfig:
    kind: str = "vae"            # vae: z = μ + σ⊙ε and a KL term; ae: z = μ, no KL
    input_dim: int = 784         # H·W·C of the dataset
    hidden: list = field(default_factory=lambda: [400])  # encoder sizes; the decoder mirrors them
    latent: int = 20
    activation: str = "relu"
    likelihood: str = "bernoulli"
    learn_variance: bool = False  # Gaussian only: per-pixel log σ² learned, else fixed
    gaussian_logvar: float = DEFAULT_GAUSSIAN_LOGVAR

    def validate(self):
        if self.kind not in KINDS:
            raise ConfigError(f"model kind '{self.kind}': expected vae or ae")
        if self.activation not in ACTIVATIONS:
            raise ConfigError(f"activation '{self.activation}': expected relu or tanh")
        if self.likelihood not in LIKELIHOODS:
            raise ConfigError(f"likelihood '{self.likelihood}': expected bernoulli or gaussian")
        if self.input_dim <= 0:
            raise ConfigError(f"input size must be positive, got {self.input_dim}")
        if not 1 <= self.latent <= 4096:
            raise ConfigError(f"latent size must be in 1..4096, got {self.latent}")
        if not self.hidden:
            raise ConfigError("at least one hidden layer is required")
        for h in self.hidden:
            if not 1 <= h <= 65536:
                raise ConfigError(f"hidden sizes must be in 1..65536, got {h}")
        if self.learn_variance and self.likelihood != "gaussian":
            raise ConfigError("learn_variance needs the gaussian likelihood")
        return self

    @property
    def has_decoder_logvar(self):
        return self.likelihood == "gaussian" and self.learn_variance


@dataclass
class RunInfo:
    data: str = ""                       # the data spec it was trained on
    height: int = 0
    width: int = 0
    channels: int = 0
    step: int = 0
    epoch: float = 0.0
    beta: float = 1.0
    lr: float = 1e-3
    batch: int = 128
    seed: int = 1


def parse_int_list(text, what):
    """"400,200" -> [400, 200]."""
    items = text.split(",")
    # As strict as LatentLab's from_chars: no spaces, no '+', no empty item.
    if not all(s.isdigit() or (s[:1] == "-" and s[1:].isdigit()) for s in items):
        raise ConfigError(f"{what} '{text}': expected comma-separated whole numbers like 400,200")
    return [int(s) for s in items]


def format_int_list(values):
    return ",".join(str(v) for v in values)
