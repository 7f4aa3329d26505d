"""Minimise a failing configuration, as property-based testing tools shrink.

"Simpler" is a fixed lexicographic key (rank, options away from their default, dilation,
stride, kernel, |pads|, input length); a candidate is kept only if it is strictly simpler, valid
for the spec, and still fails *the same way* (the caller's predicate compares the signature).
Passes repeat until a round changes nothing or the probe budget is spent
(hypothesis: shrinker.greedy_shrink; minithesis: bisect each choice downward).
"""
import copy


def complexity(cfg, defaults):
    rank = len(cfg["n"])
    off_default = sum(1 for name, v in cfg["combo"].items() if v != defaults.get(name))
    pads = sum(abs(b) + abs(a) for b, a in cfg["pads"] or [])
    return (rank, off_default, sum(cfg["d"]), sum(cfg["s"]), sum(cfg["k"]), pads, sum(cfg["n"]),
            tuple(cfg["n"]), tuple(cfg["k"]))


def _toward(value, target):
    """Values between target and value, simplest first: target, target+-1, halfway, value-+1."""
    if value == target:
        return []
    step = 1 if value > target else -1
    out = [target, target + step, target + (value - target) // 2, value - step]
    seen, res = set(), []
    for v in out:
        if v not in seen and (v - target) * step >= 0 and abs(v - target) < abs(value - target):
            seen.add(v)
            res.append(v)
    return res


def candidates(cfg, defaults, ranks_allowed):
    """Simpler neighbours of cfg, roughly simplest first."""
    rank = len(cfg["n"])
    if rank > 1 and (rank - 1) in ranks_allowed:
        for drop in range(rank):
            c = copy.deepcopy(cfg)
            for x in "nksd":
                del c[x][drop]
            if c["pads"] is not None:
                del c["pads"][drop]
            yield c
    for name, value in cfg["combo"].items():
        if name in defaults and value != defaults[name]:
            c = copy.deepcopy(cfg)
            c["combo"][name] = defaults[name]
            yield c
    for field, target in (("d", 1), ("s", 1), ("k", 1)):
        for a in range(rank):
            for v in _toward(cfg[field][a], target):
                c = copy.deepcopy(cfg)
                c[field][a] = v
                yield c
                if field == "k":   # lower k and n together: keeps n - keff (shape) alike
                    c = copy.deepcopy(c)
                    c["n"][a] = max(1, c["n"][a] - (cfg["k"][a] - v) * cfg["d"][a])
                    yield c
    if cfg["pads"] is not None:
        symmetric = all(b == e for b, e in cfg["pads"])
        for a in range(rank):
            for side in (0, 1):
                for v in _toward(cfg["pads"][a][side], 0):
                    c = copy.deepcopy(cfg)
                    c["pads"][a][side] = v
                    if symmetric:
                        c["pads"][a][1 - side] = v
                    yield c
    for a in range(rank):
        for v in _toward(cfg["n"][a], 1):
            c = copy.deepcopy(cfg)
            c["n"][a] = v
            yield c


def _key(cfg):
    return repr((cfg["n"], cfg["k"], cfg["s"], cfg["d"], sorted(cfg["combo"].items()),
                 cfg["pads"]))


def shrink(cfg, still_fails, defaults, ranks_allowed, max_probes=200):
    """Smallest cfg found that still_fails(cfg) (same signature); returns (cfg, probes)."""
    best, seen, probes = cfg, {_key(cfg)}, 0
    improved = True
    while improved and probes < max_probes:
        improved = False
        base = complexity(best, defaults)
        for cand in candidates(best, defaults, ranks_allowed):
            key = _key(cand)
            if key in seen or complexity(cand, defaults) >= base:
                continue
            seen.add(key)
            probes += 1
            if still_fails(cand):
                best, improved = cand, True
                break
            if probes >= max_probes:
                break
    return best, probes
