'use strict';
// Every 1-D conv case of every system's vectors through conv1d.js, compared exactly.
// Run: node --test examples/js/
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { conv1d, decode } = require('./conv1d.js');

const VECTORS = process.env.PADVEC_VECTORS || path.join(__dirname, '..', '..', 'vectors');
const MIN_PER_SYSTEM = 10;  // a system whose 1-D cases silently vanish must fail
const MIN_TOTAL = 200;

const systems = fs.readdirSync(VECTORS)
  .filter((d) => fs.existsSync(path.join(VECTORS, d, 'conv.json')))
  .sort();
const counts = {};

test('vectors are found', () => {
  assert.ok(systems.length >= 3, `conv.json of only ${systems.length} system(s) in ${VECTORS}`);
});

for (const system of systems) {
  test(`${system} conv 1-D`, (t) => {
    const doc = JSON.parse(fs.readFileSync(path.join(VECTORS, system, 'conv.json'), 'utf8'));
    if (!doc.cases.some((c) => c.input_shape.length === 1)) {
      t.skip(`${system} has no 1-D conv cases`);  // e.g. 2-D-only NNAPI: said, not silent
      counts[system] = 'skipped: no 1-D conv cases';
      return;
    }
    assert.equal(doc.format_version, 1, 'this consumer reads format_version 1');
    const failures = [];
    let ran = 0;
    for (const c of doc.cases) {
      const e = c.expect;
      // rejected cases have no output; "acceptable" = may reject, but if it accepts it must equal.
      if (c.input_shape.length !== 1 || !['valid', 'acceptable'].includes(e.result)) continue;
      const got = conv1d(c.input, c.kernel, {
        pads: e.pads[0], stride: c.stride[0], dilation: c.dilation[0], flip: c.flip_kernel,
        padValue: e.pad_value || 'zero',
      });
      ran++;
      const where = `${c.id} ${c.slug} pads ${JSON.stringify(e.pads)}`;
      if (got.length !== e.output_shape[0]) {
        // expect.pads must be the effective explicit split (docs/format.md): floor output.
        failures.push(`${where}: shape [${got.length}], expected ${JSON.stringify(e.output_shape)}`);
        continue;
      }
      try {
        assert.deepEqual(got, decode(e.output));  // exact: integers, no tolerance
      } catch (err) {
        failures.push(`${where}: expected ${JSON.stringify(e.output)} got ${JSON.stringify(got)}`);
      }
    }
    counts[system] = ran;
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${ran} cases differ`);
    assert.ok(ran >= MIN_PER_SYSTEM, `only ${ran} 1-D cases ran for ${system}`);
  });
}

test('the vectors catch a swapped pad split', () => {
  // SAME_UPPER vs SAME_LOWER in one line: a consumer that swaps before/after must fail.
  let differ = 0;
  for (const system of systems) {
    const doc = JSON.parse(fs.readFileSync(path.join(VECTORS, system, 'conv.json'), 'utf8'));
    for (const c of doc.cases) {
      const e = c.expect;
      if (c.input_shape.length !== 1 || e.result === 'rejected') continue;
      const [b, a] = e.pads[0];
      const got = conv1d(c.input, c.kernel, {
        pads: [a, b], stride: c.stride[0], dilation: c.dilation[0], flip: c.flip_kernel,
        padValue: e.pad_value || 'zero',
      });
      if (JSON.stringify(got) !== JSON.stringify(decode(e.output))) differ++;
    }
  }
  assert.ok(differ >= 50, `only ${differ} cases tell a swapped split apart`);
});

test('enough cases ran', () => {
  const total = Object.values(counts).filter((v) => typeof v === 'number')
    .reduce((a, b) => a + b, 0);
  console.log(`padvec conv 1-D cases run: ${JSON.stringify(counts)} total ${total}`);
  assert.equal(Object.keys(counts).length, systems.length, 'a system test did not finish');
  assert.ok(total >= MIN_TOTAL, `only ${total} cases ran`);
});
