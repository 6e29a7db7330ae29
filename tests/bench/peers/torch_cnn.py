"""PyTorch peer for tests/bench/cnn.ts: the same 1-D CNN on the same prepared windows.

Usage: torch_cnn.py DATA.f32 LABELS.i32 N C T CLASSES BATCH EPOCHS THREADS ARCH_JSON
DATA.f32 holds N prepared windows [N, C, T] (float32, little-endian), LABELS.i32 their
classes. ARCH_JSON is the architecture's `blocks` list and dropout as written by the bench.
Prints one JSON object: median seconds per training epoch and inference windows/s, in wall
time and in CPU time.
"""
import json
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn


def build(c, classes, arch):
    layers = []
    cin = c
    for b in arch["blocks"]:
        layers += [nn.Conv1d(cin, b["filters"], b["kernel"], padding=b["kernel"] // 2), nn.ReLU()]
        if b["pool"] > 1:
            layers.append(nn.MaxPool1d(b["pool"]))
        cin = b["filters"]
    layers += [nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Dropout(arch["dropout"]), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def main():
    data, labels, n, c, t, classes, batch, epochs, threads, arch_json = sys.argv[1:11]
    n, c, t, classes, batch, epochs, threads = map(int, (n, c, t, classes, batch, epochs, threads))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.from_numpy(np.fromfile(data, "<f4").reshape(n, c, t).copy())
    y = torch.from_numpy(np.fromfile(labels, "<i4").astype(np.int64))
    arch = json.loads(arch_json)
    model = build(c, classes, arch)
    counts = torch.bincount(y, minlength=classes).float().clamp(min=1)
    loss_fn = nn.CrossEntropyLoss(weight=n / (classes * counts))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)

    # Each epoch shifts every window by a random circular offset (as the Seislabel model
    # does), so augmentation cost is part of the figure on both sides.
    def epoch():
        model.train()
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            xb = torch.stack([torch.roll(x[j], int(torch.randint(t, (1,))), dims=-1) for j in idx])
            opt.zero_grad()
            loss = loss_fn(model(xb), y[idx])
            loss.backward()
            opt.step()

    epoch()  # warm-up: allocator and oneDNN primitive caches
    times, cpu = [], []
    for _ in range(epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        epoch()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)

    model.eval()
    infer, infer_cpu = [], []
    with torch.no_grad():
        model(x[:batch])
        for _ in range(max(3, epochs)):
            t0, c0 = time.perf_counter(), time.process_time()
            for i in range(0, n, batch):
                torch.softmax(model(x[i:i + batch]), dim=1)
            infer.append(time.perf_counter() - t0)
            infer_cpu.append(time.process_time() - c0)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "epoch_seconds": statistics.median(times),
        "infer_windows_per_second": n / statistics.median(infer),
        # CPU seconds (all threads): steadier than wall time on a shared machine.
        "epoch_cpu_seconds": statistics.median(cpu),
        "infer_cpu_windows_per_second": n / statistics.median(infer_cpu),
    }))


if __name__ == "__main__":
    main()
