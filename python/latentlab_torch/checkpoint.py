"""A Model as LatentLab's checkpoint (README, Checkpoints): safetensors, nn.Linear names,
the config and run info as string metadata, Adam's state optionally beside the weights."""
import math
from dataclasses import dataclass

import numpy as np
import torch

from . import FORMAT, InputError, safetensors_np
from .config import ConfigError, ModelConfig, RunInfo, format_int_list, parse_int_list
from .model import Model


class CheckpointError(InputError):
    pass


def _g9(v):
    return f"{v:.9g}"  # LatentLab's "%.9g": enough digits to round-trip a float32


def metadata(cfg: ModelConfig, info: RunInfo):
    return {
        "format": FORMAT, "kind": cfg.kind, "input_dim": str(cfg.input_dim),
        "input_shape": f"{info.height},{info.width},{info.channels}",
        "hidden": format_int_list(cfg.hidden), "latent": str(cfg.latent),
        "activation": cfg.activation, "likelihood": cfg.likelihood,
        "learn_variance": "true" if cfg.learn_variance else "false",
        "gaussian_logvar": _g9(float(np.float32(cfg.gaussian_logvar))),
        "data": info.data, "step": str(int(info.step)), "epoch": _g9(info.epoch),
        # β and the learning rate are float32 in LatentLab: print what it would print.
        "beta": _g9(float(np.float32(info.beta))), "lr": _g9(float(np.float32(info.lr))),
        "batch": str(int(info.batch)), "seed": str(int(info.seed)),
    }


def save(path, model: Model, info: RunInfo, optimizer=None):
    """Written atomically. optimizer: a torch.optim.Adam over model's parameters, or None;
    its exp_avg / exp_avg_sq / step are LatentLab's m, v and t (the same update rule)."""
    meta = metadata(model.config, info)
    named = model.named_tensors()
    tensors = [(n, p.detach().cpu().numpy()) for n, p in named]
    state = optimizer.state if optimizer is not None else {}
    if named and all(p in state and "exp_avg" in state[p] for _, p in named):
        meta["adam_t"] = str(int(state[named[0][1]]["step"]))
        for key, prefix in (("exp_avg", "adam.m."), ("exp_avg_sq", "adam.v.")):
            tensors += [(prefix + n, state[p][key].detach().cpu().numpy()) for n, p in named]
    safetensors_np.save(path, tensors, meta)


@dataclass
class Loaded:
    model: Model
    info: RunInfo
    adam_t: int = 0
    adam: dict = None  # name -> (m, v) float32 arrays, when the file holds Adam's state


class _Meta:
    """One metadata field at a time, naming the file and the field on any problem."""

    def __init__(self, meta, path):
        self.meta, self.path = meta, path

    def str(self, key, fallback=None):
        if key not in self.meta:
            if fallback is not None:
                return fallback
            raise CheckpointError(f"{self.path}: metadata field '{key}' missing (expected a LatentLab "
                                  "checkpoint, see the README's checkpoint section)")
        return self.meta[key]

    def integer(self, key, lo, hi):
        s = self.str(key)
        if not (s.isdigit() or (s[:1] == "-" and s[1:].isdigit())) or not lo <= int(s) <= hi:
            raise CheckpointError(f"{self.path}: metadata field '{key}' is '{s}', expected a whole number in {lo}..{hi}")
        return int(s)

    def number(self, key, fallback, lo, hi):
        if key not in self.meta:
            return fallback
        s = self.meta[key]
        try:
            v = float(s)
        except ValueError:
            v = math.nan
        if not math.isfinite(v) or not lo <= v <= hi:
            raise CheckpointError(f"{self.path}: metadata field '{key}' is '{s}', expected a number in {lo:g}..{hi:g}")
        return v


def load(path):
    """Checks the format, the config and every tensor's shape, as LatentLab's loader does."""
    tensors, meta = safetensors_np.load(path)
    m = _Meta(meta, path)
    if meta.get("format", "") != FORMAT:
        raise CheckpointError(f"{path}: metadata field 'format' is '{meta.get('format', '')}', expected '{FORMAT}'")
    try:
        cfg = ModelConfig(
            kind=m.str("kind"), input_dim=m.integer("input_dim", 1, 1 << 26),
            hidden=parse_int_list(m.str("hidden"), "hidden"), latent=m.integer("latent", 1, 4096),
            activation=m.str("activation"), likelihood=m.str("likelihood"),
            learn_variance=m.str("learn_variance", "false") == "true",
            gaussian_logvar=m.number("gaussian_logvar", ModelConfig.gaussian_logvar, -100, 100))
        model = Model(cfg)
    except ConfigError as e:
        raise CheckpointError(f"{path}: {e}") from None
    named = model.named_tensors()
    desc = f"{cfg.kind} {cfg.input_dim}-{format_int_list(cfg.hidden)}-{cfg.latent}"

    def get(name, param):
        if name not in tensors:
            raise CheckpointError(f"{path}: tensor '{name}' missing (expected shape {list(param.shape)} for a {desc})")
        a = tensors[name]
        if list(a.shape) != list(param.shape):
            raise CheckpointError(f"{path}: tensor '{name}' has shape {list(a.shape)}, expected {list(param.shape)}")
        return a

    with torch.no_grad():
        for name, p in named:
            p.copy_(torch.from_numpy(get(name, p)))
    out = Loaded(model, RunInfo())
    expected = {n for n, _ in named}
    if "adam_t" in meta:
        out.adam_t = m.integer("adam_t", 0, 1 << 50)
        out.adam = {n: (get("adam.m." + n, p), get("adam.v." + n, p)) for n, p in named}
        expected |= {prefix + n for n, _ in named for prefix in ("adam.m.", "adam.v.")}
    for name in tensors:
        if name not in expected:
            raise CheckpointError(f"{path}: unexpected tensor '{name}' for a {desc}")
    if not all(torch.isfinite(p).all() for _, p in named):
        raise CheckpointError(f"{path}: weights contain NaN or Inf")

    i = out.info
    i.data = meta.get("data", "")
    hwc = meta.get("input_shape", "")
    if hwc:
        try:
            dims = parse_int_list(hwc, "input_shape")
        except ConfigError as e:
            raise CheckpointError(f"{path}: metadata field 'input_shape': {e}") from None
        if len(dims) == 3:
            i.height, i.width, i.channels = dims
    i.step = int(m.number("step", 0, 0, 2.0 ** 53))
    i.epoch = m.number("epoch", 0.0, 0, 2.0 ** 53)
    i.beta = m.number("beta", 1.0, 0, 3.4e38)
    i.lr = m.number("lr", 1e-3, 0, 3.4e38)
    i.batch = int(m.number("batch", 128, 1, 1 << 30))
    i.seed = int(m.number("seed", 1, 0, 2.0 ** 63))
    return out


def adam_state_into(optimizer, loaded: Loaded):
    """Puts a checkpoint's Adam state into a torch.optim.Adam over loaded.model's parameters,
    so a run resumes where LatentLab (or an earlier Python run) left it."""
    if not loaded.adam:
        return
    for name, p in loaded.model.named_tensors():
        mv = loaded.adam[name]
        optimizer.state[p] = {"step": torch.tensor(float(loaded.adam_t)),
                              "exp_avg": torch.from_numpy(mv[0].copy()),
                              "exp_avg_sq": torch.from_numpy(mv[1].copy())}
