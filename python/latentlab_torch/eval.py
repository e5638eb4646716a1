"""python3 -m latentlab_torch.eval --checkpoint F [--data SPEC] [--json]: a checkpoint (from
LatentLab or from latentlab_torch.train) on a dataset's test split.

test_rec / test_loss use one reparameterized sample per image, as LatentLab's eval does, but
not LatentLab's draws; test_rec_at_mu and test_kl involve no sampling, so they are the numbers
that two programs holding the same weights must agree on."""
import argparse
import json
import sys

import torch

from . import InputError
from .checkpoint import load
from .data import DataError, load_dataset
from .evaluate import means, split_sums


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m latentlab_torch.eval", description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--data", help="data spec (default: the one the checkpoint was trained on)")
    p.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's own)")
    p.add_argument("--json", action="store_true", help="end with one JSON line like latentlab-cli eval --json")
    a = p.parse_args(argv)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    try:
        ck = load(a.checkpoint)
        spec = a.data or ck.info.data or "fashion-mnist"
        data = load_dataset(spec, ck.info.seed)
        cfg = ck.model.config
        if cfg.input_dim != data.image_size:
            raise DataError(f"{a.checkpoint}: the model takes {cfg.input_dim} inputs but {spec} images have {data.image_size}")
    except (InputError, OSError) as e:
        print(f"latentlab_torch.eval: {e}", file=sys.stderr)
        return 2
    test = data.test if len(data.test) else data.train
    r = means(split_sums(ck.model.eval(), test))
    print(f"{cfg.kind} {cfg.input_dim}-{','.join(map(str, cfg.hidden))}-{cfg.latent} on {data.name} "
          f"({len(test)} test images): -ELBO {r['test_loss']:.3f} nats (reconstruction {r['test_rec']:.3f}, "
          f"KL {r['test_kl']:.3f}); at z = mu: reconstruction {r['test_rec_at_mu']:.3f}")
    if a.json:
        print(json.dumps({"models": {cfg.kind: r}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
