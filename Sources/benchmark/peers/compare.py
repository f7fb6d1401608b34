#!/usr/bin/env python3
"""Side-by-side table of the course's benchmark and the Python peers, measured in one run.

  compare.py OURS.jsonl [--python PEERS_PYTHON] [--peers numpy,jax,jax_scan]
                        [--benchmark PATH --rounds N]

OURS.jsonl is the output of `benchmark --json`. With --python (a virtual environment made by
`make bench-peers`), the peer scripts beside this file are run now, each pinned to one core, and their
medians are put beside ours with the ratio peer/ours (above 1: the course is faster).

On an AVX2 run (`make bench MAX_ISA=avx2`), jax_scan runs a second time without YNNPACK
(column jax_scan_no_ynn), whose kernels ignore the cap; the AVX2 targets are judged against both
(see AVX2_RUN).

On a shared machine the speed of a core changes from minute to minute. With --rounds N, the
course's benchmark (--benchmark) and every peer run N times, interleaved, and each keeps its best
round (the lowest median time, the highest ESS/s): the same rule for everyone.

The NUTS workloads (nuts-blr, nuts-mlp) run beside NumPyro's NUTS (bench_nuts.py) on the very
same posterior: `benchmark --write-nuts-data` writes the data, the starting point and the
settings for the peer, and the peer's traces go back through `benchmark --ess-of`, so that both
sides' ESS comes from the course's estimator. Both need --benchmark. Per round, ours is the run
with the median ESS/s of the benchmark's runs, NumPyro's the better of its two warm runs (a
little in its favour).
"""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MLP_SETTING = {"mlp-50-batch20": "a", "mlp-50-batch32": "b", "mlp-512-batch256": "wide"}
# The standard steps without the tape (the course's kernels and Adam, little else): no target of
# their own; beside lax.scan they show the floor under the taped steps' ratio on this CPU.
UNTAPED_SETTING = {"mlp-50-b20-untaped": "a", "mlp-50-b32-untaped": "b"}


# `make bench MAX_ISA=avx2` caps XLA's own code at AVX2 (--xla_cpu_max_isa=AVX2). JAX's matrix
# products then still run YNNPACK's AVX-512 kernels (`perf record` names them:
# ynn::dot_fp64_5x32x1_1x8x1_avx512, ynn::transpose_x64_avx512): YNNPACK asks the CPU itself
# (cpuinfo) and ignores the flag, so that JAX is faster than it would be on a CPU without
# AVX-512. With YNNPACK off (NO_YNNPACK) every product is Eigen's AVX kernel, without FMA, so
# that JAX is slower than on such a CPU, where YNNPACK would run its FMA3 kernels. A CPU without
# AVX-512 lies between the two, and the AVX2 targets are judged against both.
AVX2_RUN = "--xla_cpu_max_isa=AVX2" in os.environ.get("XLA_FLAGS", "")
NO_YNNPACK = "--xla_cpu_experimental_ynn_fusion_type="
# Peer names that are another peer with extra XLA flags: jax_scan without YNNPACK.
VARIANTS = {"jax_scan_no_ynn": ("jax_scan", NO_YNNPACK)}


def one_thread_env(extra_xla_flags=""):
    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[k] = "1"
    # Flags already set (e.g. --xla_cpu_max_isa=AVX2 by `make bench MAX_ISA=avx2`) are kept.
    env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + f" {extra_xla_flags} --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1").strip()
    return env


def one_core():
    """Pins the peer (all its threads) to one core: with XLA_FLAGS alone, JAX still ran a second
    thread here (user time 14.4 s for 9.4 s of wall time; pinned, its wide step took 10.0 ms, not 6.5)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def run_json(cmd, extra_xla_flags=""):
    p = subprocess.run(cmd, env=one_thread_env(extra_xla_flags), capture_output=True, text=True, preexec_fn=one_core)
    if p.returncode != 0:
        print(f"peer failed: {' '.join(cmd)}\n{p.stderr[-1500:]}", file=sys.stderr)
    return [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]


def course_ess(benchmark, traces):
    """The ESS of each trace by the course's estimator (`benchmark --ess-of`)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(traces, f)
    try:
        return json.loads(subprocess.run([benchmark, "--ess-of", f.name], capture_output=True, text=True, check=True).stdout)
    finally:
        os.remove(f.name)


def nuts_peer_runs(python, benchmark, data, which):
    """NumPyro's warm runs on workload nuts-`which`, each with its min ESS (the course's estimator
    over the same traces as ours), ESS per second of sampling (compile excluded) and per gradient."""
    runs = []
    for r in run_json([python, os.path.join(HERE, "bench_nuts.py"), "--data", data, "--which", which]):
        for key in sorted(k for k in r if k.startswith("warm")):
            w = r[key]
            ess = min(course_ess(benchmark, w.pop("traces")))
            runs.append(dict(w, ess_min=ess, ess_per_s=ess / w["run_s"], ess_per_gradient=ess / w["gradients"]))
    return runs


def keep_best_row(table, key, row):
    """Keeps the run with the highest ESS/s (with everything it measured)."""
    if row is not None and (key not in table or row["ess_per_s"] > table[key]["ess_per_s"]):
        table[key] = row


def keep_best(table, key, value, higher_is_better=False):
    if value is None:
        return
    old = table.get(key)
    if old is None or (value > old if higher_is_better else value < old):
        table[key] = value


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ours")
    ap.add_argument("--python")
    ap.add_argument("--peers", default="numpy,jax,jax_scan")
    ap.add_argument("--benchmark", help="the course's benchmark executable, rerun in rounds 2..N")
    ap.add_argument("--rounds", type=int, default=1)
    a = ap.parse_args()
    peers = a.peers.split(",") if a.python else []
    if AVX2_RUN and "jax_scan" in peers and "jax_scan_no_ynn" not in peers:
        peers.append("jax_scan_no_ynn")
    ours = {}   # workload -> best median µs / best ESS per second
    gflops = {}   # workload -> best GFLOPS (the FMA probe, the products, the training steps)
    ours_ess = {}
    mlp = {}    # (peer, setting) -> best median µs
    best = {}   # "nuts", "mh" -> best ESS per second
    ours_nuts, peer_nuts = {}, {}   # NUTS workload -> the run with the best ESS/s (ours: JSON row; peer: bench_nuts.py run)
    nuts_data = None
    if a.python and a.benchmark:
        nuts_data = os.path.join(os.path.dirname(os.path.abspath(a.ours)), "nuts-data.json")
        subprocess.run([a.benchmark, "--write-nuts-data", nuts_data], check=True)
    for round in range(a.rounds if a.python else 1):
        if round == 0:
            rows = [json.loads(l) for l in open(a.ours) if l.startswith("{")]
        elif a.benchmark:
            print(f"round {round + 1} of {a.rounds} ...", file=sys.stderr)
            rows = run_json([a.benchmark, "--json"])
        else:
            rows = []
        for r in rows:
            keep_best(ours, r["workload"], r["median_us"])
            keep_best(gflops, r["workload"], r.get("gflops"), higher_is_better=True)
            keep_best(ours_ess, r["workload"], r.get("ess_per_s"), higher_is_better=True)
            if "ess_per_gradient" in r:
                keep_best_row(ours_nuts, r["workload"], r)
        for peer in peers:
            script_peer, flags = VARIANTS.get(peer, (peer, ""))
            for r in run_json([a.python, os.path.join(HERE, "bench_mlp.py"), "--worker", "--peer", script_peer,
                               "--threads", "1", "--settings", "a,b,wide"], flags):
                if "median_us" in r:
                    keep_best(mlp, (peer, r["setting"]), r["median_us"])
        if a.python:
            for r in run_json([a.python, os.path.join(HERE, "bench_hmc.py"), "--worker", "--which", "nuts", "--threads", "1"]):
                keep_best(best, "nuts", (r.get("warm1") or {}).get("ess_min_per_run_s"), higher_is_better=True)
            for r in run_json([a.python, os.path.join(HERE, "bench_hmc.py"), "--worker", "--which", "mh", "--threads", "1"]):
                if r.get("which") == "mh_50000":
                    keep_best(best, "mh", r.get("ess_min_per_s"), higher_is_better=True)
        if nuts_data:
            for which in ("blr", "mlp"):
                for r in nuts_peer_runs(a.python, a.benchmark, nuts_data, which):
                    keep_best_row(peer_nuts, f"nuts-{which}", r)
    rounds = a.rounds if a.python else 1
    warm, mh = best.get("nuts"), best.get("mh")

    def scan_verdict(us, setting, factor):
        """The target ≤ factor× lax.scan's time; on an AVX2 run judged against JAX with and
        without YNNPACK (see AVX2_RUN): met or not met when both agree, undecided otherwise."""
        scan, bare = mlp.get(("jax_scan", setting)), mlp.get(("jax_scan_no_ynn", setting))
        if not scan:
            return "needs jax_scan"
        target = f"≤ {factor:g}× lax.scan"
        if not AVX2_RUN:
            return ("met" if us <= factor * scan else "NOT met") + f": {target} ({us / scan:.2f}×)"
        if not bare:   # the no-YNNPACK run failed: only a pass against the faster JAX decides
            return ("met" if us <= factor * scan else "undecided (needs jax_scan_no_ynn)") + \
                f": {target} ({us / scan:.2f}× with YNNPACK's AVX-512)"
        met = [us <= factor * scan, us <= factor * bare]
        verdict = "met" if all(met) else "NOT met" if not any(met) else "undecided"
        return f"{verdict}: {target} ({us / scan:.2f}× with YNNPACK's AVX-512, {us / bare:.2f}× without YNNPACK)"

    print()
    header = ["workload", "this course"] + peers + (["best peer / ours"] if peers else []) + ["target"]
    rows = []
    for name, setting in list(MLP_SETTING.items()) + list(UNTAPED_SETTING.items()):
        if name not in ours:
            continue
        us = ours[name]
        peer_values = [mlp.get((p, setting)) for p in peers]
        known = [v for v in peer_values if v]
        cells = [name + " (µs/step)", f"{us:,.1f}"] + [f"{v:,.1f}" if v else "—" for v in peer_values]
        if peers:
            cells.append(f"{min(known) / us:.2f}×" if known else "—")
        # At most 0.8× the time of JAX with the whole loop in one lax.scan (its fastest form).
        scan = mlp.get(("jax_scan", setting))
        if name in UNTAPED_SETTING:
            bare = mlp.get(("jax_scan_no_ynn", setting))
            without = f", {us / bare:.2f}× without YNNPACK" if AVX2_RUN and bare else ""
            cells.append(f"(none: the floor; {us / scan:.2f}× lax.scan{without})" if scan else "(none: the floor)")
        elif setting == "wide":
            # Compute-bound: the target is the core's FMA peak (at least 80% of it), and never slower than lax.scan.
            peak, rate = gflops.get("fma-peak"), gflops.get(name)
            share = rate / peak if peak and rate else None
            parts = [(f"{'met' if share >= 0.8 else 'NOT met'}: ≥ 80% of the FMA peak ({100 * share:.0f}%)") if share else "needs fma-peak",
                     scan_verdict(us, setting, 1)]
            cells.append("; ".join(parts))
        else:
            cells.append(scan_verdict(us, setting, 0.8))
        rows.append(cells)
    def sampler_row(workload, peer_label, peer_name, peer, factor):
        """Ours in min-ESS/s beside one sampler peer; the target is `factor`× the peer, if any."""
        e = ours_ess[workload]
        cells = [f"{workload} (min ESS/s)", f"{e:,.0f}"]
        if peers:
            cells += [f"{peer_label} {peer:,.0f}" if peer else "—"] + ["" for _ in peers[1:]]
            cells.append(f"{e / peer:.2f}× (ours / {peer_name})" if peer else "—")
        if factor is None:
            cells.append("(none)")
        elif peer:
            cells.append(("met" if e >= factor * peer else "NOT met") + f": ≥ {factor}× {peer_name}")
        else:
            cells.append("needs the peers")
        return cells

    if "hmc-blr" in ours_ess:
        rows.append(sampler_row("hmc-blr", "NUTS (sampling only)", "NUTS", warm, 3))
    for workload in ("nuts-blr", "nuts-mlp"):
        if workload not in ours_nuts:
            continue
        peer = peer_nuts.get(workload)
        rows.append(sampler_row(workload, "NumPyro NUTS", "NumPyro", peer and peer["ess_per_s"], 10))
        e, pe = ours_nuts[workload]["ess_per_gradient"], peer and peer["ess_per_gradient"]
        cells = [f"{workload} (min ESS/gradient)", f"{e:.3g}"]
        if peers:
            cells += [f"NumPyro NUTS {pe:.3g}" if pe else "—"] + ["" for _ in peers[1:]]
            cells.append(f"{e / pe:.2f}× (ours / NumPyro)" if pe else "—")
        rows.append(cells + ["(none)"])
    if "mh-blr" in ours_ess:
        rows.append(sampler_row("mh-blr", "NumPy MH", "NumPy", mh, None))
    if "mh-2d" in ours:
        rate = 1 / ours["mh-2d"]
        rows.append(["mh-2d (M steps/s)", f"{rate:.1f}"] + ["—" for _ in peers] + (["—"] if peers else [])
                    + [("met" if rate >= 3 else "NOT met") + ": ≥ 3 M steps/s"])
    if "fma-peak" in gflops:
        peak = gflops["fma-peak"]
        head = [["fma-peak (GFLOPS, one core)", f"{peak:,.1f}"] + ["—" for _ in peers] + (["—"] if peers else []) + ["(the yardstick)"]]
        for name in ("products-20x50x50", "products-64x128x128", "products-256x512x512", "mlp-512-batch256"):
            if name in gflops:
                head.append([f"{name} (GFLOPS)", f"{gflops[name]:,.1f}"] + ["—" for _ in peers] + (["—"] if peers else [])
                            + [f"{100 * gflops[name] / peak:.0f}% of the FMA peak"])
        rows = head + rows
    if rounds > 1:
        print(f"(best of {rounds} interleaved rounds for the course and for every peer)")
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths]] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    # The NUTS runs behind the rows above: what each side's best run measured.
    for workload, o in ours_nuts.items():
        line = (f"{workload}: ours {o['ess_min']:,.0f} min ESS in {o['run_s']:.3f} s, {o['gradients']:,} gradients "
                f"({o['run_s'] / o['gradients'] * 1e6:.2f} µs each), {o['divergences']} divergent")
        p = peer_nuts.get(workload)
        if p:
            line += (f"; NumPyro {p['ess_min']:,.0f} min ESS in {p['run_s']:.3f} s (+ {p['compile_s']:.1f} s compiling, not counted), "
                     f"{p['gradients']:,} gradients ({p['run_s'] / p['gradients'] * 1e6:.2f} µs each), {p['divergences']} divergent; "
                     f"per gradient ours is {(p['run_s'] / p['gradients']) / (o['run_s'] / o['gradients']):.2f}× as fast")
        print(line)
    if not peers:
        print("\n(peers not installed: `make bench-peers` installs NumPy, JAX and NumPyro under .build/peers)")


if __name__ == "__main__":
    main()
