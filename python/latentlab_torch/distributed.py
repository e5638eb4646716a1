"""Ranks for DistributedDataParallel, started either by a launcher or by --nproc.

A launcher (a current torchrun, Slurm through srun, mpirun wrappers, a shell script) sets the
env:// contract: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT. Debian's torchrun
(PyTorch 1.13 under Python 3.11) dies at start in elastic/multiprocessing/api.py (to_map:
'NoneType' object has no attribute 'get'), so --nproc N starts N local ranks itself with
torch.multiprocessing on a free 127.0.0.1 port and the same contract."""
import datetime
import os
import socket
from dataclasses import dataclass

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from . import InputError

ENV_KEYS = ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT")


class LaunchError(InputError):
    pass


@dataclass
class Rank:
    rank: int = 0
    world: int = 1
    local_rank: int = 0  # which GPU on its machine, under NCCL

    @property
    def is_writer(self):
        return self.rank == 0  # one writer: ranks hold the same weights after every step


def from_env():
    """The launcher's rank, or None when no launcher set one."""
    if "RANK" not in os.environ and "WORLD_SIZE" not in os.environ:
        return None
    missing = [k for k in ENV_KEYS if not os.environ.get(k)]
    if missing:
        raise LaunchError(f"env:// launch: {', '.join(missing)} not set (a launcher sets all of {', '.join(ENV_KEYS)})")
    try:
        r = Rank(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), int(os.environ["LOCAL_RANK"]))
    except ValueError as e:
        raise LaunchError(f"env:// launch: {e}") from None
    if not (r.world >= 1 and 0 <= r.rank < r.world and r.local_rank >= 0):
        raise LaunchError(f"env:// launch: RANK={r.rank} WORLD_SIZE={r.world} LOCAL_RANK={r.local_rank} is not a valid rank")
    return r


def backend(choice="auto"):
    """NCCL where this PyTorch has CUDA and the machine a GPU (untested here: Debian's
    python3-torch is CPU-only), gloo otherwise."""
    if choice != "auto":
        return choice
    return "nccl" if torch.cuda.is_available() and dist.is_nccl_available() else "gloo"


def device(r: Rank, backend_name):
    if backend_name == "nccl":
        torch.cuda.set_device(r.local_rank)
        return torch.device("cuda", r.local_rank)
    return torch.device("cpu")


def start(r: Rank, backend_name, timeout_s=300):
    if r.world > 1:
        dist.init_process_group(backend_name, init_method="env://", rank=r.rank, world_size=r.world,
                                timeout=datetime.timedelta(seconds=timeout_s))


def stop(r: Rank):
    if r.world > 1 and dist.is_initialized():
        dist.destroy_process_group()


def all_sum(t: torch.Tensor, r: Rank):
    """Sum of the CPU tensor t over the ranks (t itself on a single process)."""
    if r.world == 1:
        return t
    return all_reduce_op(t, r, dist.ReduceOp.SUM)


def all_reduce_op(t: torch.Tensor, r: Rank, op):
    # NCCL reduces only GPU tensors; gloo takes the CPU tensor as it is.
    on = t.cuda() if dist.get_backend() == "nccl" else t.clone()
    dist.all_reduce(on, op=op)
    return on.cpu()


def all_ok(ok, r: Rank):
    """Whether ok holds on every rank (ok itself on a single process)."""
    if r.world == 1:
        return ok
    return bool(all_reduce_op(torch.tensor([1 if ok else 0], dtype=torch.int32), r, dist.ReduceOp.MIN).item())


def same_on_all_ranks(t: torch.Tensor, r: Rank):
    """Whether the CPU tensor t is bit-for-bit the same on every rank."""
    if r.world == 1:
        return True
    lo, hi = all_reduce_op(t, r, dist.ReduceOp.MIN), all_reduce_op(t, r, dist.ReduceOp.MAX)
    return torch.equal(lo, hi)


def _free_loopback_port():
    # Port 0: the kernel picks one not in use. Another program could take it before rank 0
    # binds it; then the run fails at start, loudly, and a retry picks another.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spawned(local_rank, nproc, fn, args):
    os.environ.update(RANK=str(local_rank), WORLD_SIZE=str(nproc), LOCAL_RANK=str(local_rank))
    code = fn(args, Rank(local_rank, nproc, local_rank))
    if code:
        raise SystemExit(code)


def spawn(fn, nproc, args):
    """fn(args, Rank) on nproc local processes; returns the first non-zero exit code, or 0."""
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(_free_loopback_port())
    try:
        mp.spawn(_spawned, args=(nproc, fn, args), nprocs=nproc, join=True)
    except mp.ProcessExitedException as e:
        # A rank's SystemExit(code) (bad input 2, divergence 3) ends it with that code; an
        # exception arrives instead as ProcessRaisedException, with the rank's traceback.
        return e.exit_code or 1
    return 0
