"""LatentLab's VAE and AE in PyTorch: the same model, objective, data loading and checkpoint
format as the C++ program, for runs bigger than one machine (DistributedDataParallel).

Entry points: `python3 -m latentlab_torch.train` and `python3 -m latentlab_torch.eval`
(see python/README.md)."""

FORMAT = "latentlab-vae/1"


class InputError(ValueError):
    """Bad input (a file, a flag, a launcher's variables): the message names what and where.
    The command-line entry points turn it into one line on stderr and exit code 2."""
