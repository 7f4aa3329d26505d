"""The sweep's configuration space: much wider than the committed grid, boundary-biased.

A configuration is a plain dict: op, padding, n/k/s/d (per-axis lists), combo (option name ->
the spec's value, possibly a formula) and pads (explicit [[before, after], ...] or None).
Everything is drawn from what the spec says the op supports (ops, paddings, ranks, options,
`grid: unit_stride`, pad_values), so a disagreement is never an unsupported call.
"""
# Largest input length / kernel per rank: rank 3 at n=64 would be 262k cells per case.
N_MAX = {1: 64, 2: 16, 3: 8}
K_MAX = {1: 9, 2: 5, 3: 4}
S_MAX, D_MAX = 5, 4


def _biased(rng, lo, hi, special=()):
    """Half the draws from the boundary values (lo, lo+1, hi and `special`), half uniform."""
    if rng.random() < 0.5:
        pool = [v for v in (lo, lo + 1, hi) + tuple(special) if lo <= v <= hi]
        if pool:
            return pool[rng.randrange(len(pool))]
    return rng.randint(lo, hi)


def _awkward_lengths(k, s, d):
    keff = (k - 1) * d + 1
    out = {1, k - 1, k, k + 1, keff - 1, keff, keff + 1}
    for m in (1, 2, 3):
        out.update((m * s - 1, m * s, m * s + 1, keff + m * s - 1, keff + m * s))
    return tuple(sorted(out))


def ranks_of(op, padding, rank=None):
    ranks = [r for r in op.ranks if not padding.ranks or r in padding.ranks]
    return [r for r in ranks if rank is None or r == rank]


def pad_range(padding, keff):
    """Explicit pads: from the most negative pad the spec lists (0 if none) up to keff + 1."""
    listed = [v for pair in (padding.pad_values or []) for v in pair]
    lo = min([0] + listed)
    hi = max([keff + 1] + listed)
    return lo, hi


def draw(rng, spec, op_names=None, rank=None):
    """One random configuration of `spec` (rng: random.Random)."""
    while True:
        ops = [o for o in spec.ops if op_names is None or o in op_names]
        op = spec.ops[ops[rng.randrange(len(ops))]]
        names = [p for p, pad in op.paddings.items() if ranks_of(op, pad, rank)]
        if not names:
            continue
        pname = names[rng.randrange(len(names))]
        padding = op.paddings[pname]
        ranks = ranks_of(op, padding, rank)
        r = ranks[rng.randrange(len(ranks))]
        return _draw_geometry(rng, op, pname, padding, r)


def _draw_geometry(rng, op, pname, padding, rank):
    cfg = {"op": op.name, "padding": pname, "n": [], "k": [], "s": [], "d": []}
    unit = op.grid == "unit_stride" or op.name == "pad"
    for _ in range(rank):
        if op.name == "pad":
            k = s = d = 1
            n = _biased(rng, 1, 8 if rank == 1 else 4)
        else:
            k = _biased(rng, 1, K_MAX[rank], (2, 3))
            s = 1 if unit else _biased(rng, 1, S_MAX, (2,))
            d = 1 if unit else _biased(rng, 1, D_MAX, (2,))
            n = _biased(rng, 1, N_MAX[rank], _awkward_lengths(k, s, d))
        for name, v in zip("nksd", (n, k, s, d)):
            cfg[name].append(v)
    options = dict(op.options)
    options.update(padding.options or {})
    cfg["combo"] = {name: values[rng.randrange(len(values))] for name, values in options.items()}
    cfg["pads"] = None
    if op.name == "pad" or padding.args:
        cfg["pads"] = []
        for a in range(rank):
            keff = (cfg["k"][a] - 1) * cfg["d"][a] + 1
            lo, hi = pad_range(padding, keff if op.name != "pad" else 2 * cfg["n"][a] + 1)
            special = (0, keff // 2, keff - 1, keff)
            b = _biased(rng, lo, hi, special)
            e = b if padding.args == "symmetric" else _biased(rng, lo, hi, special)
            cfg["pads"].append([b, e])
    return cfg

