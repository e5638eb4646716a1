"""metrics.csv in LatentLab's columns (core/train/metrics_csv.h): model, split (train|test),
step, epoch, neg_elbo, reconstruction, kl — nats per sample, one row per curve point."""
import math

from .atomic_file import write_atomic

HEADER = "model,split,step,epoch,neg_elbo,reconstruction,kl"


def format_number(x):
    """LatentLab's io::format_number: whole numbers in full, others with 9 significant digits."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == math.trunc(x) and abs(x) < 2.0 ** 53:
        return "-0" if x == 0 and math.copysign(1, x) < 0 else str(int(x))
    return f"{x:.9g}"


def write(path, curves):
    """curves: [(model name, {"train": [point], "test": [point]})], a point being
    (step, epoch, neg_elbo, reconstruction, kl). Rows go model by model, train then test."""
    lines = [HEADER]
    for name, splits in curves:
        for split in ("train", "test"):
            for point in splits[split]:
                lines.append(",".join([name, split] + [format_number(v) for v in point]))
    write_atomic(path, ("\n".join(lines) + "\n").encode())
