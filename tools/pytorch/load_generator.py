#!/usr/bin/env python3
"""Load a lab's exported generator (GET /api/labs/{id}/export/generator.pt) into PyTorch and draw a 4x4 grid.

    python3 tools/pytorch/load_generator.py generator.pt grid.png [--width 256] [--channels 3] [--latent 100]

The module mirrors the lab's Generator layer for layer, with the same names, so load_state_dict(strict=True) checks
every key and shape. Widths are the server's Lab:GeneratorWidth (the notebook's 256 unless changed).
Needs only torch (Debian: apt-get install python3-torch); the PNG is written without PIL.
"""
import argparse, struct, zlib
import torch
from torch import nn


class Generator(nn.Module):
    def __init__(self, latent=100, width=256, channels=3, seed=8):
        super().__init__()
        self.layers = nn.Sequential()
        add = self.layers.add_module
        add("dense", nn.Linear(latent, seed * seed * width, bias=False))
        add("batch_normalization", nn.BatchNorm1d(seed * seed * width, eps=1e-3, momentum=0.01))
        add("leaky_re_lu", nn.LeakyReLU(0.3))
        add("reshape", nn.Unflatten(1, (width, seed, seed)))
        add("conv2d_transpose", nn.ConvTranspose2d(width, width // 2, 5, stride=1, padding=2, bias=False))
        add("batch_normalization_1", nn.BatchNorm2d(width // 2, eps=1e-3, momentum=0.01))
        add("leaky_re_lu_1", nn.LeakyReLU(0.3))
        add("conv2d_transpose_1", nn.ConvTranspose2d(width // 2, width // 4, 5, stride=2, padding=2, output_padding=1, bias=False))
        add("batch_normalization_2", nn.BatchNorm2d(width // 4, eps=1e-3, momentum=0.01))
        add("leaky_re_lu_2", nn.LeakyReLU(0.3))
        add("conv2d_transpose_2", nn.ConvTranspose2d(width // 4, channels, 5, stride=2, padding=2, output_padding=1, bias=False))
        add("tanh", nn.Tanh())

    def forward(self, z):
        return self.layers(z)


def write_png(path, pixels, height, width, channels):
    colour = {1: 0, 3: 2}[channels]
    rows = b"".join(b"\x00" + bytes(pixels[y * width * channels:(y + 1) * width * channels]) for y in range(height))
    chunk = lambda tag, data: struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("weights"); p.add_argument("png")
    p.add_argument("--width", type=int, default=256); p.add_argument("--channels", type=int, default=3)
    p.add_argument("--latent", type=int, default=100); p.add_argument("--size", type=int, default=32)
    a = p.parse_args()
    g = Generator(a.latent, a.width, a.channels, a.size // 4)
    state = torch.load(a.weights, map_location="cpu")
    missing, unexpected = g.load_state_dict(state, strict=True)
    g.eval()
    with torch.no_grad():
        images = g(torch.randn(16, a.latent, generator=torch.Generator().manual_seed(0)))
    grid = ((images * 127.5 + 127.5).clamp(0, 255).to(torch.uint8)          # [16, C, S, S]
            .view(4, 4, a.channels, a.size, a.size).permute(0, 3, 1, 4, 2)  # rows, y, cols, x, C
            .reshape(4 * a.size, 4 * a.size * a.channels))
    write_png(a.png, grid.flatten().tolist(), 4 * a.size, 4 * a.size, a.channels)
    print(f"loaded {len(state)} tensors ({sum(t.numel() for t in state.values()):,} values) into PyTorch {torch.__version__}; wrote {a.png}")


if __name__ == "__main__":
    main()
