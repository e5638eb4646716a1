"""python3 -m latentlab_torch.train --data fashion-mnist --latent 2 [--compare] --epochs E --out DIR

LatentLab's training run in PyTorch, on one process or data-parallel across many
(DistributedDataParallel: --nproc N here, or any env:// launcher). Writes what latentlab-cli
train writes for the explorer and the CLI to read: vae.safetensors / ae.safetensors and
metrics.csv, atomically, every --checkpoint-every steps and at the end (rank 0 only).
Exit codes as the CLI's: 0 done, 2 bad input, 3 diverged (the last finite weights saved)."""
import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler

from . import InputError, checkpoint, distributed, metrics_csv
from .config import ConfigError, ModelConfig, RunInfo, parse_int_list
from .data import load_dataset, to_floats
from .evaluate import EVAL_SEED, means, split_sums
from .model import Model
from .objective import effective_beta, kl_per_dimension, reconstruction, training_loss


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m latentlab_torch.train", description=__doc__.splitlines()[0])
    p.add_argument("--data", default="fashion-mnist", help="fashion-mnist, idx:DIR or idx:FILE")
    p.add_argument("--latent", type=int, default=20)
    p.add_argument("--hidden", default="400", help="encoder hidden sizes, e.g. 400,200; the decoder mirrors them")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--steps", type=int, default=0, help="stop after this many steps (0: the epochs decide)")
    p.add_argument("--batch", type=int, default=128, help="global batch, split evenly over the ranks")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--beta", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1)
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--ae", action="store_true", help="train a plain AE")
    kind.add_argument("--compare", action="store_true", help="a VAE and an AE on the same batches")
    kind.add_argument("--compare-beta", type=float, help="two VAEs, the second with this β")
    p.add_argument("--activation", default="relu", choices=["relu", "tanh"])
    p.add_argument("--likelihood", default="bernoulli", choices=["bernoulli", "gaussian"])
    p.add_argument("--learn-variance", action="store_true")
    p.add_argument("--warmup", type=int, default=0, help="β ramps linearly from 0 over this many steps")
    p.add_argument("--free-bits", type=float, default=0.0, help="KL floor per latent dimension, nats")
    p.add_argument("--checkpoint-every", type=int, default=0, help="also save every this many steps")
    p.add_argument("--metrics-every", type=int, default=20, help="steps averaged into one training-curve point")
    p.add_argument("--out", required=True)
    p.add_argument("--nproc", type=int, default=1, help="start this many local ranks (gloo on CPUs)")
    p.add_argument("--backend", default="auto", choices=["auto", "gloo", "nccl"])
    p.add_argument("--threads", type=int, default=0, help="torch threads per rank (default 1)")
    p.add_argument("--json", action="store_true", help="end with one JSON line like latentlab-cli train --json")
    p.add_argument("--quiet", action="store_true")
    return p.parse_args(argv)


@dataclass
class Arm:
    name: str
    beta: float
    model: Model
    net: torch.nn.Module      # the model, or its DistributedDataParallel wrapper
    opt: torch.optim.Adam
    eps: torch.Generator
    acc: torch.Tensor = field(default_factory=lambda: torch.zeros(3, dtype=torch.float64))  # rec, kl, n
    train: list = field(default_factory=list)
    test: list = field(default_factory=list)


def model_configs(a, input_dim):
    base = dict(input_dim=input_dim, hidden=parse_int_list(a.hidden, "--hidden"), latent=a.latent,
                activation=a.activation, likelihood=a.likelihood, learn_variance=a.learn_variance)
    if a.ae:
        arms = [("ae", "ae", 1.0)]
    elif a.compare:
        arms = [("vae", "vae", a.beta), ("ae", "ae", 1.0)]
    elif a.compare_beta is not None:
        arms = [("vae", "vae", a.beta), ("vae-b", "vae", a.compare_beta)]
    else:
        arms = [("vae", "vae", a.beta)]
    return [(name, beta, ModelConfig(kind=kind, **base).validate()) for name, kind, beta in arms]


def build_arms(a, input_dim, r, dev):
    arms = []
    for name, beta, cfg in model_configs(a, input_dim):
        # The same seed for every arm (LatentLab's compare mode): the AE starts from the VAE's
        # weights in every tensor they share, so the runs differ only by the KL term.
        model = Model(cfg).init(a.seed).to(dev)
        net = model
        if r.world > 1:
            net = DistributedDataParallel(model, device_ids=[r.local_rank] if dev.type == "cuda" else None)
        # Each rank its own ε: one stream on every rank would repeat the same noise N times.
        g = torch.Generator(device=dev).manual_seed((a.seed * 0x9E3779B97F4A7C15 + 1 + 7919 * r.rank) % 2 ** 64)
        arms.append(Arm(name, beta, model, net, torch.optim.Adam(model.parameters(), lr=a.lr), g))
    return arms


def step_arm(arm, x, step, a):
    """One Adam step on batch x; False (and no step) if a gradient is not finite. DDP has
    all-reduced the gradients, so every rank reaches the same verdict at the same step."""
    cfg = arm.model.config
    arm.opt.zero_grad(set_to_none=True)
    eps = torch.randn(x.shape[0], cfg.latent, generator=arm.eps, device=x.device) if cfg.kind == "vae" else None
    logits, mu, logvar, dec_lv = arm.net(x, eps)
    rec = reconstruction(cfg, x, logits, dec_lv)
    kl = kl_per_dimension(mu, logvar) if logvar is not None else None
    # Free bits floor the batch mean of each dimension's KL on this rank's share of the batch.
    loss = training_loss(rec, kl, effective_beta(arm.beta, step, a.warmup), a.free_bits)
    loss.backward()
    if not all(torch.isfinite(p.grad).all() for p in arm.model.parameters() if p.grad is not None):
        return False
    arm.opt.step()
    arm.acc += torch.tensor([rec.detach().double().sum().item(),
                             kl.detach().double().sum().item() if kl is not None else 0.0, x.shape[0]],
                            dtype=torch.float64)
    return True


def curve_point(step, epoch, rec, kl, kind):
    kl = kl if kind == "vae" else 0.0
    return (step, epoch, rec + kl, rec, kl)


def save_all(a, arms, data, step, epoch):
    os.makedirs(a.out, exist_ok=True)
    for arm in arms:
        info = RunInfo(data.spec, data.height, data.width, data.channels, step, epoch,
                       arm.beta, a.lr, a.batch, a.seed)
        checkpoint.save(os.path.join(a.out, arm.name + ".safetensors"), arm.model, info, arm.opt)
    metrics_csv.write(os.path.join(a.out, "metrics.csv"), [(arm.name, {"train": arm.train, "test": arm.test}) for arm in arms])


def run(a, r):
    """One rank's whole run; returns the exit code."""
    # One thread per rank by default: the cores are used by ranks (--nproc = cores), and an
    # intra-op pool on cores that other ranks or programs also use stalls at every op's
    # barrier (see python/README.md); every all-reduce then waits for the slowest rank.
    torch.set_num_threads(a.threads or 1)
    backend = distributed.backend(a.backend)
    dev = distributed.device(r, backend)
    error = None
    try:
        if a.batch % r.world:
            raise ConfigError(f"--batch {a.batch} does not split evenly over {r.world} ranks")
        data = load_dataset(a.data, a.seed)
    except (InputError, OSError) as e:
        error = e
    if error is not None and r.world == 1:
        print(f"latentlab_torch.train: {error}", file=sys.stderr)
        return 2
    distributed.start(r, backend)
    try:
        # A rank whose input is bad still joins the group and says so: the others then stop at
        # once, where a rank that never joined would keep them in the rendezvous for its timeout.
        if not distributed.all_ok(error is None, r):
            if error is not None:
                print(f"latentlab_torch.train: rank {r.rank}: {error}", file=sys.stderr)
            else:
                print(f"latentlab_torch.train: rank {r.rank}: stopping, another rank's input is bad (its "
                      "message says why)", file=sys.stderr)
            return 2
        return train(a, r, dev, data)
    finally:
        distributed.stop(r)


def train(a, r, dev, data):
    arms = build_arms(a, data.image_size, r, dev)
    train_px = torch.from_numpy(data.train)
    local_batch = a.batch // r.world
    # Shards the samples over the ranks and reshuffles each epoch (set_epoch); it needs only
    # the split's length. Every rank gets the same count, padded by repeats, so all take the
    # same number of steps and DDP's all-reduces pair up.
    sampler = DistributedSampler(range(len(train_px)), num_replicas=r.world, rank=r.rank, shuffle=True, seed=a.seed)
    test_shard = np.ascontiguousarray(data.test[r.rank::r.world])
    say = (lambda *m: print(*m, file=sys.stderr, flush=True)) if r.is_writer and not a.quiet else (lambda *m: None)
    say(f"{data.name}: {len(data.train)} train / {len(data.test)} test images of {data.height}x{data.width}x{data.channels}; "
        f"{len(arms)} model(s), {r.world} rank(s), {torch.get_num_threads()} thread(s) each")
    step, epochs_done, t0, diverged = 0, 0, time.monotonic(), False

    def test_points(epoch):
        for arm in arms:
            s = distributed.all_sum(split_sums(arm.model, test_shard, EVAL_SEED + r.rank), r)
            m = means(s)
            arm.test.append(curve_point(step, epoch, m["test_rec"], m["test_kl"], arm.model.config.kind))

    epoch = 0.0
    while epochs_done < a.epochs and not diverged and not (a.steps and step >= a.steps):
        sampler.set_epoch(epochs_done)
        order = torch.tensor(list(sampler))
        for start in range(0, len(order), local_batch):
            x = to_floats(train_px[order[start:start + local_batch]]).to(dev)
            if not all([step_arm(arm, x, step, a) for arm in arms]):
                say(f"training diverged at step {step} (a gradient is not finite) with learning rate {a.lr:g}; "
                    "saving the last finite weights")
                diverged = True
                break
            step += 1
            epoch = epochs_done + min(start + local_batch, len(order)) / len(order)
            if step % a.metrics_every == 0:
                for arm in arms:
                    rec, kl, n = distributed.all_sum(arm.acc, r).tolist()
                    arm.train.append(curve_point(step, epoch, rec / n, kl / n, arm.model.config.kind))
                    arm.acc.zero_()
            if r.is_writer and a.checkpoint_every and step % a.checkpoint_every == 0:
                save_all(a, arms, data, step, epoch)
            if a.steps and step >= a.steps:
                break
        else:
            epochs_done += 1
            epoch = float(epochs_done)
            test_points(epoch)
            say(f"epoch {epochs_done}/{a.epochs}  " + "  ".join(
                f"{arm.name} test -elbo {arm.test[-1][2]:.2f} (rec {arm.test[-1][3]:.2f} kl {arm.test[-1][4]:.2f})" for arm in arms))
    if not diverged and (not arms[0].test or arms[0].test[-1][0] != step):
        test_points(epoch)  # stopped inside an epoch (--steps): the curve still ends on a test point
    seconds = time.monotonic() - t0
    # DDP keeps the replicas equal by construction; this proves it for the run at hand (a
    # model left out of DDP would drift apart on its shard unnoticed).
    for arm in arms:
        ps = [p.detach().double().cpu() for p in arm.model.parameters()]
        fingerprint = torch.stack([sum(p.sum() for p in ps), sum((p * p).sum() for p in ps)])
        if not distributed.same_on_all_ranks(fingerprint, r):
            print(f"latentlab_torch.train: rank {r.rank}: the {arm.name} weights differ between ranks after {step} steps",
                  file=sys.stderr)
            return 1
    if r.is_writer:
        save_all(a, arms, data, step, epoch)
        sps = step * a.batch / seconds if seconds > 0 else 0.0
        for arm in arms:
            t = arm.test[-1] if arm.test else None
            if t:
                print(f"{arm.name}: test -ELBO {t[2]:.2f} nats (reconstruction {t[3]:.2f}, KL {t[4]:.2f}) after {step} steps")
        print(f"{sps:.0f} samples/s ({r.world} rank(s)); wrote {a.out}")
        if a.json:
            out = {arm.name: {"test_loss": arm.test[-1][2], "test_rec": arm.test[-1][3], "test_kl": arm.test[-1][4],
                              "train_loss": arm.train[-1][2] if arm.train else None, "steps": step,
                              "train_samples_per_s": sps} for arm in arms if arm.test}
            print(json.dumps({"models": out}))
    return 3 if diverged else 0


def main(argv=None):
    a = parse_args(argv)
    try:
        if a.nproc < 1 or a.epochs < 1 or a.batch < 1 or a.steps < 0 or a.metrics_every < 1 or a.checkpoint_every < 0:
            raise ConfigError("--nproc, --epochs, --batch and --metrics-every must be at least 1; --steps and --checkpoint-every at least 0")
        model_configs(a, 1)  # refuses a bad --hidden / --latent before any process starts
        launched = distributed.from_env()
    except InputError as e:
        print(f"latentlab_torch.train: {e}", file=sys.stderr)
        return 2
    if launched and a.nproc > 1:
        print("latentlab_torch.train: --nproc starts its own ranks; under a launcher (RANK, WORLD_SIZE set) leave it out",
              file=sys.stderr)
        return 2
    if a.nproc > 1:
        return distributed.spawn(run, a.nproc, a)
    return run(a, launched or distributed.Rank())


if __name__ == "__main__":
    sys.exit(main())
