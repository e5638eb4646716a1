"""safetensors with numpy alone: Debian packages no `safetensors` for Python.

Layout (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N,
N bytes of JSON {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__":
{str: str}}, then the data buffer, which the tensors must tile exactly. LatentLab's checkpoints
hold F32 only, so that is the one dtype read or written here.
"""
import json
import struct

import numpy as np

from . import InputError
from .atomic_file import write_atomic

_F32 = np.dtype("<f4")


class SafetensorsError(InputError):
    pass


def _is_count(v):
    return type(v) is int and v >= 0  # bool is an int in Python: refuse it explicitly


def parse(data, name):
    """bytes -> ({name: float32 array}, {metadata}); errors name the file and the field."""
    if len(data) < 8:
        raise SafetensorsError(f"{name}: file is {len(data)} bytes, expected at least 8 "
                               "(the little-endian u64 header length)")
    (n,) = struct.unpack_from("<Q", data, 0)
    if n > len(data) - 8:
        raise SafetensorsError(f"{name}: header length {n} at offset 0 exceeds the file size "
                               f"{len(data)} less the 8-byte length field")
    try:
        header = json.loads(bytes(data[8:8 + n]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SafetensorsError(f"{name}: header (JSON at file offset 8) is malformed: {e}") from None
    if not isinstance(header, dict):
        raise SafetensorsError(f"{name}: header is {type(header).__name__}, expected a JSON object")
    buf = memoryview(data)[8 + n:]
    meta = header.pop("__metadata__", None) or {}
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise SafetensorsError(f"{name}: __metadata__ must be an object of strings")
    tensors, spans = {}, []
    for key, e in header.items():
        where = f"{name}: tensor '{key}'"
        if not isinstance(e, dict):
            raise SafetensorsError(f"{where} is not an object with dtype, shape, data_offsets")
        if e.get("dtype") != "F32":
            raise SafetensorsError(f"{where} has dtype {e.get('dtype')}, expected F32")
        shape, off = e.get("shape"), e.get("data_offsets")
        if not isinstance(shape, list) or not all(_is_count(d) for d in shape):
            raise SafetensorsError(f"{where}: shape is {shape!r}, expected non-negative integers")
        if not isinstance(off, list) or len(off) != 2 or not all(_is_count(d) for d in off):
            raise SafetensorsError(f"{where}: data_offsets is {off!r}, expected [begin, end]")
        begin, end = off
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if end < begin or end - begin != 4 * count:
            raise SafetensorsError(f"{where}: data_offsets {off} span {end - begin} bytes, "
                                   f"expected {4 * count} for F32 shape {shape}")
        if end > len(buf):
            raise SafetensorsError(f"{where}: data_offsets {off} lie outside the {len(buf)}-byte "
                                   f"data buffer that starts at file offset {8 + n}")
        spans.append((begin, end, key))
        # astype copies into native order and owns its memory: the file's bytes can go.
        tensors[key] = np.frombuffer(buf[begin:end], dtype=_F32).reshape(shape).astype(np.float32)
    covered = 0
    for begin, end, key in sorted(spans):
        if begin != covered:
            raise SafetensorsError(f"{name}: tensor '{key}' starts at {begin}, expected {covered}: "
                                   "the tensors must tile the data buffer exactly")
        covered = end
    if covered != len(buf):
        raise SafetensorsError(f"{name}: tensors cover {covered} bytes of the {len(buf)}-byte "
                               "data buffer; expected them to cover it exactly")
    return tensors, meta


def load(path):
    with open(path, "rb") as f:
        return parse(f.read(), path)


def serialize(tensors, metadata):
    """[(name, array)] in file order, {str: str} -> the file's bytes."""
    header = {"__metadata__": dict(metadata)}
    blobs, offset = [], 0
    for name, a in tensors:
        b = np.ascontiguousarray(a, dtype=_F32).tobytes()
        header[name] = {"dtype": "F32", "shape": list(np.shape(a)), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # Padded with spaces to 8 bytes, as the reference writer does, so the data is aligned
    # for readers that map the file and view it in place.
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def save(path, tensors, metadata):
    write_atomic(path, serialize(tensors, metadata))
