#!/usr/bin/python3
"""PyTorch peer of the StableTune benchmark: the same models, data, batch size, optimizer and thread count as the
C# bare loop, timed the same way (one warm-up epoch, then the median of the timed epochs). Prints one JSON object.

Usage: peer_pytorch.py DATA_DIR --threads N --batch B --epochs E
DATA_DIR holds features.f32 (float32 [N,1,28,28]) and labels.i64 (int64 [N]) written by the benchmark.
"""
import argparse, json, os, statistics, time

import numpy as np
import torch
from torch import nn


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def epoch(model, optimizer, x, y, batch):
    order = torch.randperm(x.shape[0])
    for start in range(0, x.shape[0], batch):
        index = order[start:start + batch]
        loss = nn.functional.cross_entropy(model(x.index_select(0, index)), y.index_select(0, index))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--epochs", type=int, required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = torch.from_numpy(np.fromfile(os.path.join(args.data, "features.f32"), dtype=np.float32)).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(np.fromfile(os.path.join(args.data, "labels.i64"), dtype=np.int64))
    result = {"version": torch.__version__, "threads": torch.get_num_threads(), "blas": blas()}
    for name, build in (("mlp", mlp), ("cnn", cnn)):
        model = build()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        epoch(model, optimizer, x, y, args.batch)  # warm-up
        times = []
        for _ in range(args.epochs):
            start = time.perf_counter()
            epoch(model, optimizer, x, y, args.batch)
            times.append(time.perf_counter() - start)
        result[name] = statistics.median(times)
    print(json.dumps(result))


def blas():
    """The BLAS Debian's alternatives system gives this torch (built against the generic libblas.so.3)."""
    import glob
    links = glob.glob("/etc/alternatives/libblas.so.3*")
    return os.path.realpath(links[0]) if links else "unknown"


if __name__ == "__main__":
    main()
