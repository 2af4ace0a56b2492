import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuiltinEncoder } from '../../src/engine/encoder/builtinEncoder';
import { CachedEncoder, meanSurprisal } from '../../src/engine/encoder/encoder';
import { analyzeDensity } from '../../src/engine/density';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';

const root = path.resolve(__dirname, '../../..');
const modelDir = [path.join(root, 'models/builtin'), path.join(root, 'dist/assets/models/builtin')].find((d) => fs.existsSync(path.join(d, 'model.bin')));
const tokenizersDir = path.join(root, 'dist/assets/tokenizers');

const LANGS = ['typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp'];

function shuffled(ids: readonly number[], seed: number): number[] {
  const out = [...ids];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const goCode = `package cache

import (
	"sync"
	"time"
)

// Cache is a map with per-entry expiry, safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]entry[V]
	ttl     time.Duration
}

type entry[V any] struct {
	value   V
	expires time.Time
}

// New returns an empty cache whose entries live for ttl.
func New[K comparable, V any](ttl time.Duration) *Cache[K, V] {
	return &Cache[K, V]{entries: make(map[K]entry[V]), ttl: ttl}
}

// Get returns the value for key and whether it was present and fresh.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || time.Now().After(e.expires) {
		var zero V
		return zero, false
	}
	return e.value, true
}
`;

describe('built-in encoder artifact', { skip: modelDir ? false : 'models/builtin/model.bin is missing: run `npm run build:model`' }, () => {
  let encoder: BuiltinEncoder;
  let counter: TokenCounter;
  let loadMs = 0;

  before(async () => {
    encoder = new BuiltinEncoder(modelDir ?? '');
    const start = performance.now();
    await encoder.load();
    loadMs = performance.now() - start;
    counter = await loadTokenCounter(tokenizersDir, 'qwen2.5');
  });

  it('loads in well under a second and carries its metadata and calibration', async () => {
    assert.ok(loadMs < 1000, `load took ${loadMs.toFixed(0)} ms`);
    const meta = await encoder.metadata();
    assert.equal(meta.tokenizer, 'qwen2.5');
    assert.equal(encoder.info.domain, 'code');
    const cal = await encoder.calibration();
    for (const lang of LANGS) {
      assert.ok(cal?.languages[lang], `calibration for ${lang}`);
      const e = meta.evaluation[lang]!;
      assert.ok(e.bitsPerToken < e.unigramBitsPerToken, `${lang}: n-gram beats unigram on held-out code`);
    }
  });

  it('scores real code far lower than the same tokens shuffled', async () => {
    const samples = [goCode, fs.readFileSync(path.join(root, 'src/engine/encoder/encoder.ts'), 'utf8')];
    const py = '/usr/lib/python3.11/json/decoder.py';
    if (fs.existsSync(py)) samples.push(fs.readFileSync(py, 'utf8'));
    for (const text of samples) {
      const ids = counter.encode(text);
      const [real, noise] = await encoder.score([ids, shuffled(ids, 42)]);
      assert.ok(real && noise);
      const r = meanSurprisal(real);
      const s = meanSurprisal(noise);
      assert.equal(real.surprisal.length, ids.length);
      assert.ok(r > 0.2 && r < 10, `real code at ${r.toFixed(2)} bits/token`);
      assert.ok(s > r + 2.5, `shuffled ${s.toFixed(2)} vs real ${r.toFixed(2)} bits/token`);
    }
  });

  it('flags dense units by entropy and leaves ordinary code alone', async () => {
    const cal = await encoder.calibration();
    // Minified JavaScript (shorter than the minified-line detector's limit) and a base64 literal: dense
    // to the model itself. Hex tables are not (Qwen splits digits, so each token is cheap): the detectors
    // cover those.
    const minified =
      '!function(e,t){"object"==typeof exports&&"undefined"!=typeof module?module.exports=t():"function"==typeof define&&define.amd?define(t):(e=e||self).Vue=t()}(this,function(){"use strict";var e=Object.freeze({});function t(e){return null==e}function n(e){return null!=e}function r(e){return!0===e}function i(e){return"string"==typeof e||"number"==typeof e}});';
    const b64 =
      'const LOGO = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAABHNCSVQICAgIfAhkiAAAAAlwSFlzAAAOxAAADsQBlSsOGwAAABl0RVh0U29mdHdhcmUAd3d3Lmlua3NjYXBlLm9yZ5vuPBoAAAHXSURBVDiNpZM9aFNRFMd/576XNE2TtLY";\n';
    const [m, b, plain] = await encoder.score([counter.encode(minified), counter.encode(b64), counter.encode(goCode)]);
    assert.ok(m && b && plain);
    const dm = analyzeDensity({ text: minified, language: 'javascript', scores: m }, cal);
    assert.deepEqual(dm.reasons.map((r) => r.code), ['high-entropy'], JSON.stringify(dm));
    assert.ok((dm.percentile ?? 0) > 90);
    const db = analyzeDensity({ text: b64, language: 'typescript', scores: b }, cal);
    assert.deepEqual(db.reasons.map((r) => r.code), ['high-entropy', 'base64-blob'], JSON.stringify(db));
    const p = analyzeDensity({ text: goCode, language: 'go', scores: plain }, cal);
    assert.equal(p.dense, false, JSON.stringify(p));
    assert.ok((p.percentile ?? 100) < 90);
  });

  it('is cancellable and cacheable through the common interface', async () => {
    const cached = new CachedEncoder(encoder);
    const ids = counter.encode(goCode);
    const [a] = await cached.score([ids]);
    assert.ok(a);
    const [b] = await cached.score([ids]);
    assert.ok(b);
    assert.equal(a, b);
    assert.equal(cached.hits, 1);
    const ctl = new AbortController();
    ctl.abort();
    await assert.rejects(encoder.score([ids], ctl.signal));
  });
});
