#!/usr/bin/env python3
"""NumPyro's NUTS on the posteriors of the course's NUTS workloads (nuts-blr, nuts-mlp).

The data, the starting point, the settings and the traced quantities come from the course's
benchmark (`benchmark --write-nuts-data FILE`), so both sides sample the same posterior from the
same point:

  blr : Bayesian linear regression, 200 x 10 design, prior w ~ N(0, I), noise sd 0.5;
        traces: the 10 coordinates.
  mlp : the course's reference posterior, the Bayesian MLP 1->10->1 (tanh, prior N(0, I),
        noise sd 0.05) on the running example's 40 points; theta = W1 (row-major), b1, W2, b2 as
        the course's MLP lays it out. Traces: f_w(x) at the file's grid points (the weights are
        not identifiable; the predictive mean is).

NUTS: one chain, the file's warm-up (step size by dual averaging toward its target, a diagonal
mass matrix in Stan's windows, Stan's heuristic first step size), its draws and maximum tree
depth, started at the file's point.

Timing, as bench_hmc.py: one 'cold' run (mcmc.run: compiles), then `--runs` 'warm' runs
(mcmc.warmup() then mcmc.run(), with a new key each), each timed whole (warm-up and draws) minus
jax's own compile-phase durations (numpyro re-jits its collection loop on every call).
Gradients = leapfrog steps of warm-up and sampling (numpyro's num_steps; the heuristic step-size
searches are not counted, a few dozen steps).

The ESS is not computed here but by the course's estimator (`benchmark --ess-of`, called by
compare.py), so that both sides are measured the same way; 'ess_min_numpyro' (numpyro's own
estimator, min over the traces) is for reference only.

  bench_nuts.py --data FILE --which blr|mlp [--runs 2]    # one JSON line
"""
import argparse, collections, json, time


def load(path, which):
    with open(path) as f:
        return json.load(f)[which]


def predictor(problem):
    """f_w(x) of the problem's model, in jax.numpy."""
    import jax.numpy as jnp
    if problem["model"] == "blr":
        d = len(problem["initial"])
        X = jnp.asarray(problem["inputs"], dtype=jnp.float64).reshape(-1, d)
        return lambda w, X=X: X @ w
    sizes = problem["sizes"]
    x = jnp.asarray(problem["inputs"], dtype=jnp.float64).reshape(-1, sizes[0])

    def f(w, x=x):
        h, offset = x, 0
        for l in range(len(sizes) - 1):
            n_in, n_out = sizes[l], sizes[l + 1]
            W = w[offset:offset + n_in * n_out].reshape(n_in, n_out); offset += n_in * n_out
            b = w[offset:offset + n_out]; offset += n_out
            h = h @ W + b
            if l < len(sizes) - 2:
                h = jnp.tanh(h)
        return h[..., 0]
    return f


def traces(problem, draws):
    """The traced quantities, one list per quantity: coordinates (blr) or f_w(grid) (mlp)."""
    import numpy as np
    if problem["model"] == "blr":
        return np.asarray(draws).T.tolist()
    import jax, jax.numpy as jnp
    grid = dict(problem, inputs=problem["grid"])
    f = jax.jit(jax.vmap(predictor(grid)))
    return np.asarray(f(jnp.asarray(draws, dtype=jnp.float64))).T.tolist()


def exact_check(problem, draws):
    """blr only: max over coordinates of |sample mean - exact posterior mean| / exact sd."""
    import numpy as np
    d = len(problem["initial"])
    X, y = np.asarray(problem["inputs"], dtype=float).reshape(-1, d), np.asarray(problem["targets"], dtype=float)
    precision = X.T @ X / problem["noiseVariance"] + np.eye(d) / problem["priorVariance"]
    cov = np.linalg.inv(precision)
    mu = cov @ (X.T @ y) / problem["noiseVariance"]
    return float(np.max(np.abs(draws.mean(0) - mu) / np.sqrt(np.diag(cov))))


def run(problem, runs):
    import numpy as np
    import jax, jax.numpy as jnp
    jax.config.update("jax_enable_x64", True)
    import jax.monitoring as mon
    import numpyro, numpyro.distributions as dist
    from numpyro.diagnostics import effective_sample_size
    from numpyro.infer import MCMC, NUTS
    comp = collections.defaultdict(float)
    mon.register_event_duration_secs_listener(
        lambda name, dur, **kw: comp.__setitem__(name, comp[name] + dur) if "/compile/" in name else None)

    f = predictor(problem)
    y = jnp.asarray(problem["targets"], dtype=jnp.float64)
    prior_sd, noise_sd = problem["priorVariance"] ** 0.5, problem["noiseVariance"] ** 0.5
    init = {"w": jnp.asarray(problem["initial"], dtype=jnp.float64)}
    d = len(problem["initial"])

    def model(y):
        w = numpyro.sample("w", dist.Normal(jnp.zeros(d), prior_sd).to_event(1))
        numpyro.sample("y", dist.Normal(f(w), noise_sd), obs=y)

    s = problem["settings"]
    kernel = NUTS(model, step_size=0.1, adapt_step_size=True, adapt_mass_matrix=True, dense_mass=False,
                  target_accept_prob=s["targetAcceptance"], max_tree_depth=s["maximumTreeDepth"],
                  find_heuristic_step_size=True)
    mcmc = MCMC(kernel, num_warmup=s["warmup"], num_samples=s["draws"], num_chains=1, progress_bar=False)
    fields = ("num_steps", "diverging", "accept_prob", "adapt_state.step_size")

    def summary(wall, compile_s, lf_warm):
        w = np.asarray(mcmc.get_samples()["w"])
        ef = mcmc.get_extra_fields()
        t = traces(problem, w)
        lf = int(np.sum(np.asarray(ef["num_steps"])))
        return {"wall_s": wall, "compile_s": compile_s, "run_s": wall - compile_s,
                "gradients": lf + lf_warm, "leapfrog_warmup": lf_warm, "leapfrog_sampling": lf,
                "divergences": int(np.sum(np.asarray(ef["diverging"]))),
                "mean_accept": float(np.mean(np.asarray(ef["accept_prob"]))),
                "step_size": float(np.asarray(ef["adapt_state.step_size"])[-1]),
                "ess_min_numpyro": float(np.min(effective_sample_size(np.asarray(t)[:, None, :].transpose(1, 2, 0)))),
                **({"max_mean_err_sd": exact_check(problem, w)} if problem["model"] == "blr" else {}),
                "traces": t}

    out = {}
    # cold: the first mcmc.run() in a fresh process, compilation included
    comp.clear()
    t0 = time.perf_counter()
    mcmc.run(jax.random.PRNGKey(0), y, init_params=init, extra_fields=fields)
    mcmc.get_samples()["w"].block_until_ready()
    out["cold"] = summary(time.perf_counter() - t0, sum(comp.values()), 0)
    out["cold"]["gradients"] = None   # its warm-up steps are not collected
    del out["cold"]["traces"]
    # warm: warmup() (collecting its leapfrog steps) then run(), each with a new key
    for k in range(1, runs + 1):
        comp.clear()
        t0 = time.perf_counter()
        mcmc.warmup(jax.random.PRNGKey(10 * k), y, init_params=init, extra_fields=("num_steps",), collect_warmup=True)
        lf_warm = int(np.sum(np.asarray(mcmc.get_extra_fields()["num_steps"])))
        mcmc.run(mcmc.post_warmup_state.rng_key, y, extra_fields=fields)
        mcmc.get_samples()["w"].block_until_ready()
        out[f"warm{k}"] = summary(time.perf_counter() - t0, sum(comp.values()), lf_warm)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="the file of `benchmark --write-nuts-data`")
    ap.add_argument("--which", choices=("blr", "mlp"), required=True)
    ap.add_argument("--runs", type=int, default=2, help="warm runs after the cold one")
    a = ap.parse_args()
    problem = load(a.data, a.which)
    print(json.dumps({"which": f"nuts-{a.which}", **run(problem, a.runs)}), flush=True)


if __name__ == "__main__":
    main()
