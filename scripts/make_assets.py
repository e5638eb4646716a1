#!/usr/bin/env python3
"""Draws what assets/ holds, with nothing but the standard library (no downloaded files):

  icon.png              the window icon, 64x64 RGBA: the design app/platform/window_icon.cpp
                        draws when this file is missing (a VAE's round blob, an AE's clusters)
  colormaps/*.txt       viridis and magma, matplotlib's ten-colour palettes (CC0), one hex
                        RRGGBB a line; the app interpolates between them
  drawings/*.png        28x28 grey example drawings for the Draw tab, white ink on black as
                        MNIST and Fashion-MNIST have it: a T-shirt, a trouser, a sneaker, a 0, a 7

Run from anywhere: python3 scripts/make_assets.py [ASSETS_DIR]. The output is committed; the
script is how it was made and how to remake it.
"""
import math
import os
import struct
import sys
import zlib


def write_png(path, width, height, channels, pixels):
    """pixels: bytes, rows top first, `channels` 1 (grey) or 4 (RGBA) bytes a pixel."""
    colour_type = {1: 0, 4: 6}[channels]
    raw = b"".join(b"\x00" + pixels[y * width * channels:(y + 1) * width * channels] for y in range(height))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def icon(size):
    out = bytearray()
    for y in range(size):
        for x in range(size):
            u, v = (x + 0.5) / size, (y + 0.5) / size
            r, g, b = 0.11, 0.12, 0.15
            dv = math.hypot(u - 0.36, v - 0.55) / 0.2
            w = math.exp(-dv * dv)
            r, g, b = r + w * (0.30 - r), g + w * (0.55 - g), b + w * (0.95 - b)
            for cx, cy in ((0.70, 0.28), (0.80, 0.48), (0.64, 0.72)):
                d = math.hypot(u - cx, v - cy) / 0.07
                w = math.exp(-d * d)
                r, g, b = r + w * (1.0 - r), g + w * (0.60 - g), b + w * (0.20 - b)
            qx, qy = max(0.0, abs(u - 0.5) - 0.32), max(0.0, abs(v - 0.5) - 0.32)
            alpha = min(1.0, max(0.0, (0.18 - math.hypot(qx, qy)) * size))
            out += bytes(int(255 * c) for c in (r, g, b, alpha))
    return bytes(out)


def inside(poly, x, y):
    """Even-odd rule: is (x, y) inside the closed polygon?"""
    hit = False
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def segment_distance(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1.0)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def raster(covered, size=28, ss=4, ink=1.0):
    """Grey bytes: each pixel the fraction of its ss x ss sub-samples `covered` says are ink."""
    out = bytearray()
    for y in range(size):
        for x in range(size):
            n = sum(covered(x + (i + 0.5) / ss, y + (j + 0.5) / ss) for i in range(ss) for j in range(ss))
            out.append(int(round(255 * ink * n / (ss * ss))))
    return bytes(out)


def filled(*polys, ink=1.0):
    return raster(lambda x, y: any(inside(p, x, y) for p in polys), ink=ink)


def stroked(path, width):
    segs = list(zip(path, path[1:]))
    return raster(lambda x, y: min(segment_distance(x, y, a, b) for a, b in segs) <= width / 2)


def ellipse_path(cx, cy, rx, ry, n=48):
    return [(cx + rx * math.sin(2 * math.pi * k / n), cy - ry * math.cos(2 * math.pi * k / n)) for k in range(n + 1)]


DRAWINGS = {
    # Fashion-MNIST's class 0: shoulders, short sleeves, a straight body.
    "tshirt": lambda: filled([(9, 4), (12, 5.5), (16, 5.5), (19, 4), (25, 8), (22.5, 12), (20, 10.5), (20, 25),
                              (8, 25), (8, 10.5), (5.5, 12), (3, 8)], ink=0.85),
    # Class 1: a waistband and two legs with a gap between them.
    "trouser": lambda: filled([(9, 2), (19, 2), (20.5, 26), (16.5, 26), (14, 8), (11.5, 26), (7.5, 26)], ink=0.8),
    # Class 7: a low shoe seen from the side, toe to the right.
    "sneaker": lambda: filled([(2, 14), (8, 13), (12, 15.5), (18, 16.5), (24, 18.5), (26, 21), (25.5, 23),
                               (2.5, 23)], ink=0.9),
    # MNIST's 0 and 7, pen strokes about as thick as theirs.
    "digit0": lambda: stroked(ellipse_path(14, 14, 5.5, 8.5), 3.0),
    "digit7": lambda: stroked([(7.5, 6.5), (20.5, 6.5), (17, 13), (12.5, 22.5)], 3.0),
}

VIRIDIS = ["440154", "482878", "3e4989", "31688e", "26828e", "1f9e89", "35b779", "6ece58", "b5de2b", "fde725"]
MAGMA = ["000004", "180f3d", "440f76", "721f81", "9e2f7f", "cd4071", "f1605d", "fd9668", "feca8d", "fcfdbf"]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets")
    os.makedirs(os.path.join(root, "drawings"), exist_ok=True)
    os.makedirs(os.path.join(root, "colormaps"), exist_ok=True)
    write_png(os.path.join(root, "icon.png"), 64, 64, 4, icon(64))
    for name, draw in DRAWINGS.items():
        write_png(os.path.join(root, "drawings", name + ".png"), 28, 28, 1, draw())
    for name, stops in (("viridis", VIRIDIS), ("magma", MAGMA)):
        with open(os.path.join(root, "colormaps", name + ".txt"), "w") as f:
            f.write("# %s: matplotlib's ten-colour palette (CC0), low to high, one RRGGBB a line\n" % name)
            f.write("".join(s + "\n" for s in stops))


if __name__ == "__main__":
    main()
