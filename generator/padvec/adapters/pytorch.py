"""padvec adapter: PyTorch functional API (torch.nn.functional), CPU, float32.

One padvec case becomes one call, built fresh per case:

  * layout: channels-first. The case's spatial input gets batch 1 and channel 1 prepended
    (N, C, *n); the kernel becomes the weight (1, 1, *k) (conv: (out, in/groups, *k);
    conv_transpose: (in, out/groups, *k); identical for one channel); no bias;
  * op conv -> F.conv{r}d(x, w, stride=s, padding=P, dilation=d) with P = 'same' | 'valid'
    (the case's padding name) or, for padding `explicit`, the tuple of symmetric pads;
    paddings reflect / replicate / circular -> nn.Conv{r}d(padding=pads, padding_mode=P);
  * op conv_transpose -> F.conv_transpose{r}d(x, w, stride=s, padding=pads,
    output_padding=op, dilation=d) (padding `explicit` only);
  * op max_pool -> F.max_pool{r}d(x, kernel_size=k, stride=s, padding=pads, dilation=d,
    ceil_mode=...);
  * op avg_pool -> F.avg_pool{r}d(x, kernel_size=k, stride=s, padding=pads, ceil_mode=...,
    count_include_pad=...). avg_pool has no dilation: when some d != 1 the adapter passes it
    anyway, as the keyword `dilation=d`, so that the public API gives its own answer
    (TypeError "avg_pool{r}d() got an unexpected keyword argument 'dilation'").

  * op pad -> F.pad(x, pad, mode=P) with P = the case's padding ('constant' (value 0),
    'reflect', 'replicate', 'circular') and pad = the case's per-axis (before, after) pairs
    flattened LAST axis first, F.pad's order: (before_last, after_last, ..., before_0,
    after_0).

Options (scalar, or a per-axis list where the framework takes per-axis values): output_padding,
ceil_mode, count_include_pad. Stride and dilation are always passed explicitly (the pooling
default stride is kernel_size, never relied on).
Exceptions propagate unchanged (RuntimeError from ATen, TypeError from argument parsing).
The output is returned with batch and channel dims removed, as float64.
"""
import warnings

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
# 'same' with an even kernel warns (a zero-padded copy is made); not an error, keep quiet.
warnings.filterwarnings("ignore", message="Using padding='same' with even kernel lengths")


def VERSIONS():
    return {"torch": torch.__version__, "numpy": np.__version__}


def _per_axis(value, rank, name):
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (list, tuple)):
        if len(value) != rank:
            raise ValueError("option %s=%r does not have %d entries" % (name, value, rank))
        return tuple(int(v) for v in value)
    return (int(value),) * rank


def _flag(value, name):
    """ceil_mode / count_include_pad are single bools in torch."""
    if isinstance(value, (list, tuple)):
        vals = set(bool(v) for v in value)
        if len(vals) != 1:
            raise ValueError("option %s=%r must be the same on every axis" % (name, value))
        return vals.pop()
    return bool(value)


def _sym_pads(case, rank):
    pads = case.get("pads")
    if pads is None:
        return (0,) * rank
    out = []
    for before, after in pads:
        if int(before) != int(after):
            raise ValueError("torch takes symmetric padding only, got %r" % (pads,))
        out.append(int(before))
    return tuple(out)


def run(op, case):
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = [int(v) for v in case["kernel_shape"]]
    s = tuple(int(v) for v in (case.get("stride") or [1] * rank))
    d = tuple(int(v) for v in (case.get("dilation") or [1] * rank))
    padding = case["padding"]
    options = dict(case.get("options") or {})
    x = torch.tensor(np.asarray(case["input"], dtype=np.float32).reshape([1, 1] + n))

    if op == "conv":
        w = torch.tensor(np.asarray(case["kernel"], dtype=np.float32).reshape([1, 1] + k))
        if padding in ("same", "valid"):
            pad = padding
        elif padding == "explicit":
            pad = _sym_pads(case, rank)
        elif padding in ("reflect", "replicate", "circular"):
            # padding_mode exists on the nn.Conv*d modules only (F.pad, then padding 0).
            conv = getattr(torch.nn, "Conv%dd" % rank)(1, 1, tuple(k), stride=s,
                                                        padding=_sym_pads(case, rank),
                                                        dilation=d, bias=False,
                                                        padding_mode=padding)
            with torch.no_grad():
                conv.weight.copy_(w)
                return conv(x)[0, 0].numpy().astype(np.float64)
        else:
            raise ValueError("unknown padding %r for pytorch conv" % (padding,))
        fn = getattr(F, "conv%dd" % rank)
        y = fn(x, w, None, s, pad, d)
    elif op == "conv_transpose":
        if padding != "explicit":
            raise ValueError("unknown padding %r for pytorch conv_transpose" % (padding,))
        w = torch.tensor(np.asarray(case["kernel"], dtype=np.float32).reshape([1, 1] + k))
        opad = _per_axis(options.pop("output_padding", 0), rank, "output_padding")
        fn = getattr(F, "conv_transpose%dd" % rank)
        y = fn(x, w, None, s, _sym_pads(case, rank), opad, 1, d)
    elif op == "max_pool":
        if padding != "explicit":
            raise ValueError("unknown padding %r for pytorch max_pool" % (padding,))
        ceil = _flag(options.pop("ceil_mode", False), "ceil_mode")
        fn = getattr(F, "max_pool%dd" % rank)
        y = fn(x, kernel_size=tuple(k), stride=s, padding=_sym_pads(case, rank), dilation=d,
               ceil_mode=ceil)
    elif op == "avg_pool":
        if padding != "explicit":
            raise ValueError("unknown padding %r for pytorch avg_pool" % (padding,))
        ceil = _flag(options.pop("ceil_mode", False), "ceil_mode")
        cip = _flag(options.pop("count_include_pad", True), "count_include_pad")
        fn = getattr(F, "avg_pool%dd" % rank)
        args = [x, tuple(k), s, _sym_pads(case, rank), ceil, cip]
        if any(v != 1 for v in d):
            # No dilation in torch's avg_pool: let the public API reject it.
            y = fn(*args, dilation=d)
        else:
            y = fn(*args)
    elif op == "pad":
        if padding not in ("constant", "reflect", "replicate", "circular"):
            raise ValueError("unknown padding %r for pytorch pad" % (padding,))
        flat = []
        for before, after in reversed(case["pads"]):   # F.pad lists the LAST dim first
            flat += [int(before), int(after)]
        y = F.pad(x, tuple(flat), mode=padding)
    else:
        raise ValueError("unknown op %r" % (op,))
    if options:
        raise ValueError("unknown option(s) %s for pytorch %s" % (sorted(options), op))
    y = y.detach().numpy().astype(np.float64)
    if y.ndim != rank + 2 or y.shape[0] != 1 or y.shape[1] != 1:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y[0, 0]
