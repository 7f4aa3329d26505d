'use strict';
// padvec harness protocol v1 (docs/harness.md) in JavaScript: ONNX Conv on 1-D cases, computed
// by conv1d.js from the case's OWN spelling (auto_pad, pads, strides, dilations), never from
// expect.pads. Anything else (other systems, ops, ranks) is answered "unsupported".
// Run: padvec check --impl "node examples/js/harness.js" --op conv
const readline = require('node:readline');
const { conv1d } = require('./conv1d.js');

const INFO = {
  name: 'padvec-js-conv1d', version: '1.0.0', language: 'js',
  homepage: 'https://github.com/padvec/padvec/tree/main/examples/js',
  issues: 'https://github.com/padvec/padvec/issues',
  systems: ['onnx'], ops: ['conv'],
  dependencies: { node: process.versions.node },
};

// ONNX Conv-11+ auto_pad: SAME_* makes out = ceil(n / s); total = max((out-1)*s + keff - n, 0),
// the odd cell at the end (SAME_UPPER) or the start (SAME_LOWER); VALID pads nothing.
function onnxPads(c) {
  const n = c.input_shape[0];
  const s = c.stride[0];
  const keff = (c.kernel_shape[0] - 1) * c.dilation[0] + 1;
  if (c.padding === 'NOTSET') return c.pads ? c.pads[0] : [0, 0];
  if (c.padding === 'VALID') return [0, 0];
  const total = Math.max((Math.ceil(n / s) - 1) * s + keff - n, 0);
  const small = Math.floor(total / 2);
  if (c.padding === 'SAME_UPPER') return [small, total - small];
  if (c.padding === 'SAME_LOWER') return [total - small, small];
  throw new RangeError(`auto_pad ${c.padding} is not an ONNX value`);
}

function run(req) {
  const { seq, system, op, case: c } = req;
  if (system !== 'onnx' || op !== 'conv') {
    return { seq, status: 'unsupported', message: `only onnx conv (got ${system} ${op})` };
  }
  if (c.input_shape.length !== 1) {
    return { seq, status: 'unsupported', message: `conv1d only (rank ${c.input_shape.length})` };
  }
  try {
    const pads = onnxPads(c);
    if (pads.some((p) => p < 0)) throw new RangeError(`negative pads ${pads}`);
    const y = conv1d(c.input, c.kernel, { pads, stride: c.stride[0], dilation: c.dilation[0] });
    if (y.length === 0) throw new RangeError('output length would be <= 0');
    return { seq, status: 'ok', shape: [y.length], output: y };
  } catch (err) {
    return { seq, status: 'rejected', exception: err.name, message: err.message };
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (!line.trim()) return;
  let reply;
  const req = JSON.parse(line);
  if (req.cmd === 'start') {
    if (req.version !== 1) { process.stderr.write(`protocol ${req.version}?\n`); process.exit(2); }
    reply = { version: 1, implementation: INFO };
  } else if (req.cmd === 'run') {
    reply = run(req);
  } else if (req.cmd === 'stop') {
    rl.close();
    return;
  } else {
    reply = { seq: req.seq, status: 'errored', message: `unknown command ${req.cmd}` };
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`);
});
