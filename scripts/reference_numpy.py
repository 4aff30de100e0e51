#!/usr/bin/env python3
"""A vectorised NumPy version of oss-sim's demand side, written as an
economist would write it: an independent cross-check of the model and a
yardstick for its speed.

    reference_numpy.py PARAMS.json FAMILIES.csv [--agents N] [--reps K]
                       [--check] [--oss-reps R]

PARAMS.json is the scenario's demand side as oss-sim resolves it
(build/release/scenario_params SCENARIO.cfg > PARAMS.json); FAMILIES.csv is
the families.csv of an oss-sim run of that scenario, from which the month's
prices, qualities, access and availability are read (the supply side,
Bertrand pricing included, is oss-sim's; everything an agent does is
simulated here).  The model, as in docs/model.md:

  - agents: region and segment by their shares; volume, price sensitivity
    alpha, taste for quality beta, openness, distrust and switching cost
    from the scenario's distributions (given by mean and sd), with the
    segment multipliers; a monthly review probability;
  - at the start an agent knows family j with probability awareness_j;
  - month 0 everybody chooses; later an agent reviews with its probability
    (or at once if its family has left the market), first hearing of each
    unknown family with probability min(1, base + word_of_mouth x last
    month's developer share; 0 in month 0);
  - utility V_ij = beta_i (q_j - Q0) - alpha_i C(p_j) + theta_i open_j
    - d_i D(region_i, origin_j) + appeal_j + ecosystem x share_j
    - s_i [j != current], the outside option 0 - s_i [current != outside];
    logit choice among the known, available families and the outside option
    (nested, with open weights in one nest and closed APIs in another, when
    market.nesting < 1);
    with a volume elasticity eps and reference price p_ref, an agent on j
    uses x_j = (p_j / p_ref)^eps times its volume, and C(p) = p_ref
    (((p / p_ref)^(1 + eps) - 1) / (1 + eps) + 1) (p_ref (ln(p / p_ref) + 1)
    when eps = -1; C(p) = p when eps = 0);
  - token share of family j = tokens on j / tokens on any family;
  - serving channels: an open model may be served first-party and as
    hosted weights, two families of one name; the channels of a model share
    its awareness (one uniform per agent and model, the model's awareness at
    start) and its word of mouth and ecosystem (last month's developers on
    all its channels), and hosted weights carry hosted_distrust times the
    origin's distrust (model risk only).

It prints the token shares, averaged over the reporting windows, beside
oss-sim's, and with --check exits 1 when one differs by more than --z
(default 5) standard errors of the difference: sampling noise of both, the
spread of this program's replications scaled by sqrt(1/K + 1/R) for K
replications here and R behind oss-sim's families.csv.  The standard error
is itself estimated from K replications (t with K - 1 degrees of freedom):
with K = 12, 5 standard errors leave a false alarm about once in 100
checks of some 24 shares (heavy-tailed volumes make a share's noise come
from a few large agents, so use at least 10 replications).  The last line gives the time of the
simulation proper (not reading files), wall and CPU, and agent-months per
CPU second (CPU time: on a shared machine wall time mostly measures the
others' load).
"""
import argparse
import csv
import json
import math
import sys
import time

import numpy as np


def draw(spec, n, rng):
    """n draws of a distribution given by mean and sd (oss-sim's parametrisation)."""
    m, s = spec["mean"], spec["sd"]
    kind = spec["dist"]
    if s <= 0 or kind == "constant":
        return np.full(n, m)
    if kind == "normal":
        return rng.normal(m, s, n)
    if kind == "lognormal":
        s2 = math.log1p(s * s / (m * m))
        return rng.lognormal(math.log(m) - s2 / 2, math.sqrt(s2), n)
    if kind == "gamma":
        return rng.gamma(m * m / (s * s), s * s / m, n)
    if kind == "beta":
        k = m * (1 - m) / (s * s) - 1
        return rng.beta(m * k, (1 - m) * k, n)
    raise ValueError("unknown distribution " + kind)


def volume_terms(p, eps, ref):
    """The price term C(p) of the utility and the volume factor x(p)."""
    if eps == 0:
        return p, np.ones_like(p)
    r = np.maximum(p, 1e-12) / ref
    x = r ** eps
    charge = ref * (np.log(r) + 1) if eps == -1 else ref * ((x * r - 1) / (1 + eps) + 1)
    return charge, x


def read_families(path, fams):
    """Per month: price and quality (NaN when not available), open (0/1) and
    oss-sim's token share; arrays months x families.  A model served on two
    channels has two rows of one name a month, told apart by the channel
    (first-party or hosted weights; two closed channels, in index order)."""
    rows = {}
    dates = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["date"] not in rows:
                rows[r["date"]] = []
                dates.append(r["date"])
            rows[r["date"]].append(r)
    M, F = len(dates), len(fams)
    price = np.full((M, F), np.nan)
    quality = np.full((M, F), np.nan)
    is_open = np.zeros((M, F))
    share = np.zeros((M, F))
    for k, d in enumerate(dates):
        taken = set()
        for r in rows[d]:  # families not in the market yet have no row
            fits = [j for j, fam in enumerate(fams) if j not in taken and fam["name"] == r["family"] and
                    (r["channel"] == "api" or (r["channel"] == "first_party") == fam.get("first_party", False))]
            if not fits:
                raise ValueError("%s: no family for %s (%s) in %s" % (path, r["family"], r["channel"], d))
            j = fits[0]
            taken.add(j)
            price[k, j] = float(r["price"])
            quality[k, j] = float(r["quality"])
            is_open[k, j] = r["access"] == "open"
            share[k, j] = float(r["token_share"])
    return dates, price, quality, is_open, share


def simulate(p, price, quality, is_open, n, seed):
    """One replication: token shares, months x families."""
    rng = np.random.default_rng(seed)
    M, F = price.shape
    fam = p["families"]
    origin = np.array([f["origin"] for f in fam])
    appeal = np.array([f["appeal"] for f in fam])
    # a model's channels (first-party and hosted weights) share its awareness
    # and its word of mouth: one uniform per agent and model, the model's
    # awareness at start, the developers of all its channels
    model = np.array([f.get("model", j) for j, f in enumerate(fam)])
    first_party = np.array([f.get("first_party", False) for f in fam])
    aware0 = np.array([f["awareness"] for f in fam])[model]
    same_model = (model[:, None] == model[None, :]).astype(float)  # F x F

    region = rng.choice(4, size=n, p=np.array(p["region_share"]) / sum(p["region_share"]))
    segment = rng.choice(4, size=n, p=np.array(p["segment_share"]) / sum(p["segment_share"]))
    volume = np.maximum(draw(p["volume"], n, rng), 0) * np.array(p["segment_volume"])[segment]
    alpha = np.maximum(draw(p["alpha"], n, rng), 1e-9) * np.array(p["segment_alpha"])[segment]
    beta = np.maximum(draw(p["beta"], n, rng), 0)
    theta = draw(p["openness"], n, rng)
    dist = np.maximum(draw(p["distrust"], n, rng), 0) * np.array(p["segment_distrust"])[segment]
    switch = np.maximum(draw(p["switching"], n, rng), 0)
    review = np.minimum(np.maximum(draw(p["review"], n, rng), 0), 1)
    if not p["distrust_on"]:
        dist[:] = 0
    if not p["switching_cost"]:
        switch[:] = 0
    if not p["inertia"]:
        review[:] = 1
    D = np.array(p["distrust_table"])[region][:, origin] if p["distrust_on"] else np.zeros((n, F))
    aware = rng.random((n, F))[:, model] < aware0 if p["awareness"] else np.ones((n, F), bool)

    OUT = F  # the outside option's index
    choice = np.full(n, OUT)
    dev_share = np.zeros(F)
    shares = np.zeros((M, F))
    q0 = p["outside_quality"]
    for k in range(M):
        avail = np.isfinite(price[k])
        inside = choice < OUT
        lost = np.zeros(n, bool)
        lost[inside] = ~avail[choice[inside]]
        if k == 0:
            who = np.arange(n)
            first = np.ones(n, bool)
        else:
            who = np.flatnonzero((rng.random(n) < review) | lost)
            first = lost[who]
        model_share = same_model @ dev_share  # developers on any channel of the model
        if p["awareness"]:
            learn = np.minimum(1, p["awareness_base"] + p["awareness_wom"] * model_share)
            aware[who] |= avail & (rng.random((who.size, F))[:, model] < learn)
        q = np.nan_to_num(quality[k] - q0)
        pr, x = volume_terms(np.nan_to_num(price[k]), p["volume_elasticity"], p["reference_price"])
        a = appeal + (p["ecosystem"] * model_share if p["ecosystem_on"] else 0)
        # hosted open weights carry model risk only: a share of the origin's distrust
        hosted = (is_open[k] > 0) & ~first_party
        scale = np.where(hosted, p.get("hosted_distrust", 1.0), 1.0)
        V = (beta[who, None] * q - alpha[who, None] * pr + theta[who, None] * is_open[k]
             - dist[who, None] * D[who] * scale + a)
        cur = choice[who]
        s = np.where(first, 0.0, switch[who])
        V -= s[:, None] * (np.arange(F) != cur[:, None])
        V0 = -s * (cur != OUT)
        V = np.where(aware[who] & avail, V, -np.inf)
        U = np.column_stack([V, V0])
        U -= U.max(axis=1, keepdims=True)
        lam = p.get("nesting", 1.0)
        if lam < 1:
            # nested logit: open weights in one nest, closed APIs in the
            # other, the outside option alone; Dn_g = sum of exp(U / lam) in
            # nest g, P_j = exp(U_j / lam) / Dn_g * Dn_g^lam / (exp(U_0) + sum_g Dn_g^lam)
            e = np.exp(U[:, :F] / lam)
            op = is_open[k] > 0
            Dn = np.column_stack([e[:, op].sum(axis=1), e[:, ~op].sum(axis=1)])
            IV = np.where(Dn > 0, np.power(Dn, lam), 0.0)
            ratio = IV / np.where(Dn > 0, Dn, 1.0)
            den = np.exp(U[:, F]) + IV.sum(axis=1)
            P = np.column_stack([e * np.where(op, ratio[:, :1], ratio[:, 1:]), np.exp(U[:, F])]) / den[:, None]
        else:
            P = np.exp(U)
            P /= P.sum(axis=1, keepdims=True)
        u = rng.random(who.size)
        new = (P.cumsum(axis=1) < u[:, None]).sum(axis=1)
        choice[who] = np.minimum(new, OUT)
        inside = choice < OUT
        tokens = np.bincount(choice[inside], weights=volume[inside], minlength=F) * x
        devs = np.bincount(choice[inside], minlength=F).astype(float)
        shares[k] = tokens / tokens.sum() if tokens.sum() > 0 else 0
        dev_share = devs / devs.sum() if devs.sum() > 0 else np.zeros(F)
    return shares


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("params")
    ap.add_argument("families")
    ap.add_argument("--agents", type=int, default=None, help="agents (default: the scenario's)")
    ap.add_argument("--reps", type=int, default=4, help="replications (default 4)")
    ap.add_argument("--oss-reps", type=int, default=1, help="replications behind FAMILIES.csv")
    ap.add_argument("--check", action="store_true", help="exit 1 when a share disagrees beyond noise")
    ap.add_argument("--z", type=float, default=5.0, help="standard errors that count as disagreement (default 5)")
    a = ap.parse_args()
    with open(a.params) as f:
        p = json.load(f)
    if p["demand_policies"]:
        print("reference_numpy.py: the scenario has policies that act on demand (%s), which this reference "
              "does not model" % ", ".join(p["demand_policies"]), file=sys.stderr)
        return 2
    names = [f["name"] + (" (first-party)" if f.get("first_party") else "") for f in p["families"]]
    dates, price, quality, is_open, oss = read_families(a.families, p["families"])
    n = a.agents or p["agents"]
    t0, c0 = time.perf_counter(), time.process_time()
    runs = np.array([simulate(p, price, quality, is_open, n, p["seed"] + 7919 * r) for r in range(a.reps)])
    el, cpu = time.perf_counter() - t0, time.process_time() - c0
    M = len(dates)
    # windows: the first year after the first month, and the last year
    windows = [("%s..%s" % (dates[1], dates[min(12, M - 1)]), slice(1, min(13, M))),
               ("%s..%s" % (dates[max(0, M - 12)], dates[M - 1]), slice(max(0, M - 12), M))]
    bad = 0
    print("%-24s %-17s %9s %9s %9s %7s" % ("family", "months", "oss-sim", "numpy", "se(diff)", "z"))
    for label, w in windows:
        ref = runs[:, w, :].mean(axis=1)  # reps x families
        mean, sd = ref.mean(axis=0), ref.std(axis=0, ddof=1) if a.reps > 1 else np.zeros(len(names))
        o = oss[w].mean(axis=0)
        for j, name in enumerate(names):
            if max(o[j], mean[j]) < 0.005:  # too small to test: under half a percent in both
                continue
            se = sd[j] * math.sqrt(1 / a.reps + 1 / a.oss_reps)
            z = (mean[j] - o[j]) / se if se > 0 else (0 if mean[j] == o[j] else math.inf)
            flag = " <-" if abs(z) > a.z else ""
            bad += abs(z) > a.z
            print("%-24s %-17s %9.4f %9.4f %9.4f %7.2f%s" % (name[:24], label, o[j], mean[j], se, z, flag))
    print("numpy: %d agents x %d months x %d replications in %.2f s wall, %.2f s CPU: %.3f million "
          "agent-months per CPU second" % (n, M, a.reps, el, cpu, n * M * a.reps / cpu / 1e6))
    if a.check and bad:
        print("reference_numpy.py: %d shares differ by more than %g standard errors" % (bad, a.z), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
