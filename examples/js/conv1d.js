'use strict';
// 1-D cross-correlation with explicit pads, stride, dilation and optional kernel flip.
// Window i reads input cells i*stride - before + j*dilation (j < k); cells outside
// [0, n) are padding (zero). Negative pads crop. Output length floors, like every
// explicit-pad conv: out = floor((n + before + after - keff) / stride) + 1, at least 0.
// flip = true computes a true convolution (kernel reversed), as Theano does.
// padValue (expect.pad_value): 'zero' (default) or a numpy.pad mode — 'reflect' (dcb|abcd|cba),
// 'symmetric' (cba|abcd|dcb), 'edge', 'wrap' — repeating periodically for long pads.

function modeIndex(p, n, mode) {
  const mod = (a, b) => ((a % b) + b) % b;
  if (mode === 'edge' || n === 1) return Math.min(Math.max(p, 0), n - 1);
  if (mode === 'wrap') return mod(p, n);
  if (mode === 'reflect') { const m = mod(p, 2 * (n - 1)); return m < n ? m : 2 * (n - 1) - m; }
  if (mode === 'symmetric') { const m = mod(p, 2 * n); return m < n ? m : 2 * n - 1 - m; }
  throw new Error(`unknown pad mode ${mode}`);
}

function conv1d(input, kernel,
  { pads = [0, 0], stride = 1, dilation = 1, flip = false, padValue = 'zero' } = {}) {
  const [before, after] = pads;
  const n = input.length;
  const w = flip ? [...kernel].reverse() : kernel;
  const k = w.length;
  const keff = (k - 1) * dilation + 1;
  const out = Math.max(Math.floor((n + before + after - keff) / stride) + 1, 0);
  const y = new Array(out).fill(0);
  for (let i = 0; i < out; i++) {
    for (let j = 0; j < k; j++) {
      const p = i * stride - before + j * dilation;
      if (p >= 0 && p < n) y[i] += input[p] * w[j];
      else if (padValue !== 'zero') y[i] += input[modeIndex(p, n, padValue)] * w[j];
    }
  }
  return y;
}

// Vector outputs are integers, except pooling's empty-window tokens (docs/format.md).
const TOKENS = { '-inf': -Infinity, nan: NaN, lowest: -3.4028234663852886e38 };
function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value === 'string') {
    if (!(value in TOKENS)) throw new Error(`unknown output token ${value}`);
    return TOKENS[value];
  }
  return value;
}

module.exports = { conv1d, decode };
