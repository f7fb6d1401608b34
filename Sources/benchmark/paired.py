#!/usr/bin/env python3
"""Compares two builds of the benchmark on one workload in paired, alternated runs.

    python3 Sources/benchmark/paired.py mlp-512 16 old/benchmark new/benchmark

Runs each binary `pairs` times, pinned to one core, A then B in odd pairs and B then A in even
ones, and prints the mean of (B − A)/A over the pairs with its standard error. On a shared
machine a core's speed drifts by 10% or more from minute to minute; the two runs of a pair see
nearly the same machine, so their ratio resolves differences of 1% that single runs cannot.
A binary may be a wrapper script (to set UQ_MATRIX_KERNEL, say).
"""
import json
import math
import os
import subprocess
import sys


def median_us(binary, workload, core):
    """One run's median time per step (µs) of the workload whose name contains `workload`."""
    out = subprocess.run(["taskset", "-c", str(core), binary, "--cpu-time", "--json", "--only", workload],
                         check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if len(rows) != 1:
        sys.exit(f"paired.py: '{workload}' names {len(rows)} workloads of {binary}; name exactly one")
    return rows[0]["median_us"]


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    workload, pairs, a, b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    if pairs < 2:
        sys.exit("paired.py: at least 2 pairs")
    core = max(os.sched_getaffinity(0))
    ratios, times_a, times_b = [], [], []
    for i in range(pairs):
        if i % 2 == 0:
            ta, tb = median_us(a, workload, core), median_us(b, workload, core)
        else:
            tb, ta = median_us(b, workload, core), median_us(a, workload, core)
        times_a.append(ta)
        times_b.append(tb)
        ratios.append((tb - ta) / ta)
    mean = sum(ratios) / pairs
    se = math.sqrt(sum((r - mean) ** 2 for r in ratios) / (pairs - 1) / pairs)
    print(f"{workload}: A {sum(times_a) / pairs:,.1f} µs, B {sum(times_b) / pairs:,.1f} µs; "
          f"(B − A)/A = {100 * mean:+.2f}% ± {100 * se:.2f}% (standard error, {pairs} pairs)")


if __name__ == "__main__":
    main()
