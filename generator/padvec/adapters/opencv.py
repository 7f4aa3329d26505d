"""padvec adapter: OpenCV (opencv-python, cv2), float32 single-channel images.

Layout: OpenCV images are 2-D (rows x cols). A rank-2 case is the image as is; a rank-1
case is a 1 x n image (one row) and its kernel a 1 x k row, so the row axis is never padded
by a filter (kernel height 1, anchor.y = 0) nor by copyMakeBorder (top = bottom = 0).
Per-axis case values are in axis order [rows, cols]; OpenCV points and sizes are (x, y) =
(cols, rows), so the adapter reverses them: anchor=(a_cols, a_rows), ksize=(k_cols, k_rows).

The padding name of a case is the BorderTypes constant name (cv2.BORDER_CONSTANT, ...).
For BORDER_DEFAULT, filter2D / blur / boxFilter are called WITHOUT borderType, so their
documented default is what is tested; dilate/erode default to BORDER_CONSTANT (with the
"magic" border value), so there cv2.BORDER_DEFAULT is passed explicitly, as in copyMakeBorder
(where borderType is required).

  * op conv -> cv2.filter2D(src, -1, kernel, anchor=(ax, ay), borderType=B) (correlation);
  * op max_pool -> cv2.dilate(src, ones(k, uint8), anchor=(ax, ay), borderType=B) or, with
    option erode, -cv2.erode(-src, ...) (borderValue left at its default
    morphologyDefaultBorderValue());
  * op avg_pool -> cv2.blur(src, (kx, ky), anchor=(ax, ay), borderType=B) or, with option
    boxfilter, cv2.boxFilter(src, -1, (kx, ky), anchor=..., normalize=True, borderType=B);
  * op pad -> cv2.copyMakeBorder(src, top, bottom, left, right, B) (value left at 0).

Option anchor: per-axis list ([-1] = the default (-1, -1)); for a rank-1 case anchor.y = -1.
OpenCV filters have no stride or dilation: when some s != 1 (else d != 1) the adapter passes
stride= (else dilation=; never both) so that the binding answers (cv2.error "'stride' is an invalid keyword
argument ..."). Exceptions (cv2.error) propagate unchanged. The output is returned as float64
with the case's rank (a rank-1 case's single row).
"""
import numpy as np
import cv2
from _options import flag as _flag, per_axis as _per_axis  # noqa: E402  (sibling module)

cv2.setNumThreads(1)


def VERSIONS():
    return {"cv2": cv2.__version__, "numpy": np.__version__}


def _border(name):
    if not name.startswith("BORDER_") or not hasattr(cv2, name):
        raise ValueError("unknown OpenCV border type %r" % (name,))
    return int(getattr(cv2, name))


def _as_image(arr, rank):
    a = np.asarray(arr, dtype=np.float32)
    if rank == 1:
        return np.ascontiguousarray(a.reshape(1, -1))
    if rank == 2:
        return np.ascontiguousarray(a)
    raise ValueError("OpenCV images are 2-D: rank %d is not supported" % rank)


def run(op, case):
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = [int(v) for v in case["kernel_shape"]]
    s = [int(v) for v in (case.get("stride") or [1] * rank)]
    d = [int(v) for v in (case.get("dilation") or [1] * rank)]
    border_name = case["padding"]
    options = dict(case.get("options") or {})
    src = _as_image(case["input"], rank)

    if op == "pad":
        pads = case["pads"]
        if rank == 1:
            top = bottom = 0
            left, right = (int(v) for v in pads[0])
        else:
            (top, bottom), (left, right) = ((int(a), int(b)) for a, b in pads)
        y = cv2.copyMakeBorder(src, top, bottom, left, right, _border(border_name))
    else:
        kw = {}
        if border_name != "BORDER_DEFAULT" or op == "max_pool":
            # dilate/erode default to BORDER_CONSTANT, not BORDER_DEFAULT: pass it explicitly.
            kw["borderType"] = _border(border_name)
        anchor = _per_axis(options.pop("anchor", -1), rank, "anchor")
        kw["anchor"] = (anchor[0], -1) if rank == 1 else (anchor[1], anchor[0])
        if any(v != 1 for v in s):      # only the first unsupported argument is passed
            kw["stride"] = tuple(s)
        elif any(v != 1 for v in d):
            kw["dilation"] = tuple(d)
        kshape = (1, k[0]) if rank == 1 else (k[0], k[1])
        ksize = (kshape[1], kshape[0])
        if op == "conv":
            w = _as_image(case["kernel"], rank)
            y = cv2.filter2D(src, -1, w, **kw)
        elif op == "max_pool":
            erode = _flag(options.pop("erode", False), "erode")
            ones = np.ones(kshape, dtype=np.uint8)
            if erode:
                y = -cv2.erode(-src, ones, **kw)
            else:
                y = cv2.dilate(src, ones, **kw)
        elif op == "avg_pool":
            box = _flag(options.pop("boxfilter", False), "boxfilter")
            if box:
                y = cv2.boxFilter(src, -1, ksize, normalize=True, **kw)
            else:
                y = cv2.blur(src, ksize, **kw)
        else:
            raise ValueError("unknown op %r for OpenCV" % (op,))
    if options:
        raise ValueError("unknown option(s) %s for OpenCV %s" % (sorted(options), op))
    y = np.asarray(y).astype(np.float64) + 0.0
    if y.ndim != 2:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y[0] if rank == 1 else y
