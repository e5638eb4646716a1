"""The datasets LatentLab reads from IDX files (core/data/): `fashion-mnist` (Debian's
dataset-fashion-mnist, found as LatentLab finds it), `idx:DIR` (train-… and t10k-… files) and
`idx:FILE` (one images file, with LatentLab's seeded 1/6 hold-out, so both programs test on
the same images). Pixels stay uint8 (N, H·W·C) and become floats in [0, 1] per batch."""
import gzip
import os
import struct
import subprocess
from dataclasses import dataclass

import numpy as np
import torch

from . import InputError


class DataError(InputError):
    pass


@dataclass
class Dataset:
    spec: str
    name: str
    height: int
    width: int
    channels: int
    train: np.ndarray  # (N, D) uint8
    test: np.ndarray   # (M, D) uint8

    @property
    def image_size(self):
        return self.height * self.width * self.channels


# LatentLab's pixels_to_floats multiplies by the float 1/255 (not a division): the same here,
# so both programs feed a model the very same inputs.
_INV_255 = torch.tensor(1.0 / 255.0, dtype=torch.float32)


def to_floats(pixels):
    """uint8 (B, D) tensor or array -> float32 (B, D) in [0, 1]."""
    return torch.as_tensor(pixels).to(torch.float32) * _INV_255


def _read_maybe_gz(path):
    if not os.path.isfile(path):
        raise DataError(f"{path}: no such file")
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":  # by content, as LatentLab does: the name may not say .gz
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise DataError(f"{path}: corrupt gzip data: {e}") from None
    return data


def read_idx_images(path):
    """idx3 (N, H, W) or idx4 (N, H, W, C) of unsigned bytes -> (uint8 (N, D), H, W, C)."""
    b = _read_maybe_gz(path)
    if len(b) < 4 or b[0] != 0 or b[1] != 0 or b[3] not in (3, 4):
        found = "0x%08x" % struct.unpack(">I", b[:4])[0] if len(b) >= 4 else f"only {len(b)} bytes"
        raise DataError(f"{path}: IDX magic 0x00000803 or 0x00000804 expected, found {found} at offset 0")
    if b[2] != 0x08:
        raise DataError(f"{path}: IDX data type 0x{b[2]:02x} at offset 2 is not supported: only unsigned bytes (0x08) are")
    rank = b[3]
    if len(b) < 4 + 4 * rank:
        raise DataError(f"{path}: IDX header truncated: {rank} dimensions need {4 + 4 * rank} header bytes, the file has {len(b)}")
    dims = struct.unpack(">" + "I" * rank, b[4:4 + 4 * rank])
    n, h, w = dims[:3]
    c = dims[3] if rank == 4 else 1
    declared = int(np.prod(dims, dtype=np.uint64))
    if declared != len(b) - 4 - 4 * rank:
        raise DataError(f"{path}: IDX header at offset 4 declares {'x'.join(map(str, dims))} = {declared} data bytes; "
                        f"expected {declared + 4 + 4 * rank} bytes in the file, found {len(b)}")
    if n == 0 or h == 0 or w == 0 or c not in (1, 2, 3, 4):
        raise DataError(f"{path}: IDX shape {'x'.join(map(str, dims))} at offset 4 is not N images of HxW with 1..4 channels")
    px = np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * rank).reshape(n, h * w, c)
    if c in (2, 4):
        # The last channel is alpha, composited on black as LatentLab does (no ink = black).
        a = px[:, :, -1:].astype(np.uint32)
        px = ((px[:, :, :-1].astype(np.uint32) * a + 127) // 255).astype(np.uint8)
    oc = px.shape[2]
    # A copy: the bytes object is read-only, and torch wants arrays it may write.
    return px.reshape(n, h * w * oc).copy(), h, w, oc


def _find_member(folder, prefix):
    """LatentLab's spellings of one MNIST-family images file, raw before gzipped."""
    for rank in (3, 4):
        for base in (f"{prefix}-images-idx{rank}-ubyte", f"{prefix}-images.idx{rank}-ubyte"):
            for ext in ("", ".gz"):
                p = os.path.join(folder, base + ext)
                if os.path.isfile(p):
                    return p
    return None


class _SplitMix64:
    """core/data/seeded_rng.h, so that idx:FILE holds out the same images as LatentLab."""
    GAMMA, MASK = 0x9E3779B97F4A7C15, (1 << 64) - 1

    @staticmethod
    def mix(z):
        m = _SplitMix64.MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & m
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & m
        return z ^ (z >> 31)

    def __init__(self, seed, stream):
        self.state = (seed ^ self.mix((stream + self.GAMMA) & self.MASK)) & self.MASK

    def below(self, n):
        self.state = (self.state + self.GAMMA) & self.MASK
        return (self.mix(self.state) * n) >> 64


def _holdout(images, test_count, seed):
    """LatentLab's split_holdout: a partial Fisher-Yates pick; both parts keep file order."""
    n = len(images)
    order = list(range(n))
    rng = _SplitMix64(seed, 0x5917)
    for i in range(test_count):
        j = i + rng.below(n - i)
        order[i], order[j] = order[j], order[i]
    is_test = np.zeros(n, dtype=bool)
    is_test[order[:test_count]] = True
    return images[~is_test], images[is_test]


def _holdout_count(n, cap=None):
    if n < 2:
        return 0
    k = n // 6 if cap is None else min(n // 6, cap)
    return max(k, 1)


def find_fashion_mnist():
    env = os.environ.get("LATENTLAB_FASHION_MNIST")
    if env:
        if not _find_member(env, "train"):
            raise DataError(f"LATENTLAB_FASHION_MNIST={env}: no train-images-idx3-ubyte.gz in that folder")
        return env
    try:  # asking dpkg follows the package if Debian ever moves it
        listed = subprocess.run(["dpkg", "-L", "dataset-fashion-mnist"], capture_output=True, text=True).stdout
    except OSError:
        listed = ""
    suffix = "/train-images-idx3-ubyte.gz"
    for line in listed.splitlines():
        if line.endswith(suffix) and os.path.isfile(line):
            return line[:-len(suffix)]
    if _find_member("/usr/share/datasets/fashion-mnist", "train"):
        return "/usr/share/datasets/fashion-mnist"
    raise DataError("Fashion-MNIST not found: install Debian's dataset-fashion-mnist package "
                    "(apt-get install dataset-fashion-mnist) or use --data idx:DIR")


def _load_idx_dir(folder, seed):
    train_path = _find_member(folder, "train")
    if not train_path:
        raise DataError(f"{os.path.join(folder, 'train-images-idx3-ubyte')}: no such file (nor .gz, nor "
                        "train-images.idx3-ubyte, nor idx4): idx:DIR needs at least the train images")
    train, h, w, c = read_idx_images(train_path)
    test_path = _find_member(folder, "t10k")
    if test_path:
        test, th, tw, tc = read_idx_images(test_path)
        if (th, tw, tc) != (h, w, c):
            raise DataError(f"{test_path}: images are {th}x{tw}x{tc}, expected {h}x{w}x{c} like {train_path}")
    else:
        train, test = _holdout(train, _holdout_count(len(train)), seed)
    return os.path.basename(os.path.normpath(folder)), train, test, h, w, c


def load_dataset(spec, seed=1):
    """A data spec as LatentLab's --data reads it -> Dataset. seed: the hold-out's, where the
    source has no test split of its own (LatentLab uses the run's --seed)."""
    spec = spec or "fashion-mnist"
    if spec == "fashion-mnist":
        name, train, test, h, w, c = _load_idx_dir(find_fashion_mnist(), seed)
        name = "Fashion-MNIST"
    elif spec.startswith("idx:"):
        path = spec[4:]
        if not path:
            raise DataError("data spec 'idx:': expected idx:DIR or idx:FILE")
        if not os.path.exists(path):
            raise DataError(f"idx:{path}: no such file or folder")
        if os.path.isdir(path):
            name, train, test, h, w, c = _load_idx_dir(path, seed)
        else:
            images, h, w, c = read_idx_images(path)
            if len(images) < 2:
                raise DataError(f"{path}: holds {len(images)} image; a train/test split needs at least 2")
            train, test = _holdout(images, _holdout_count(len(images), 10000), seed)
            name = os.path.splitext(os.path.basename(path))[0]
    elif spec.startswith(("folder:", "synthetic")):
        raise DataError(f"data spec '{spec}': latentlab_torch reads IDX data only (fashion-mnist, idx:DIR, "
                        "idx:FILE); convert the images to IDX, or train this one with latentlab-cli")
    else:
        raise DataError(f"unknown data spec '{spec}': expected fashion-mnist, idx:DIR or idx:FILE")
    return Dataset(spec, name, h, w, c, train, test)
