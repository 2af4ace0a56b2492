import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SETTING_EFFECTS, SETTING_SECTION, strongestEffect } from '../../src/vscode/settingEffects';

const root = path.resolve(__dirname, '../../..');

type Section = { properties?: Record<string, unknown> };

describe('settings effects table', () => {
  it('says, for every setting package.json contributes, what its change requires', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { configuration: Section | Section[] } };
    const keys = ([] as Section[]).concat(pkg.contributes.configuration).flatMap((s) => Object.keys(s.properties ?? {}));
    assert.ok(keys.length > 0);
    for (const key of keys) {
      assert.ok(key.startsWith(`${SETTING_SECTION}.`), key);
      assert.ok(SETTING_EFFECTS[key.slice(SETTING_SECTION.length + 1)] !== undefined, `${key} has no entry in SETTING_EFFECTS`);
    }
  });

  it('a change gets the strongest effect among the settings it touches', () => {
    const touched = (keys: string[]) => (full: string) => keys.includes(full);
    assert.equal(strongestEffect(touched([])), 'nothing');
    assert.equal(strongestEffect(touched(['codeContextCompressor.output'])), 'nothing');
    assert.equal(strongestEffect(touched(['codeContextCompressor.output', 'codeContextCompressor.budget'])), 'recompute');
    assert.equal(strongestEffect(touched(['codeContextCompressor.budget', 'codeContextCompressor.device'])), 'reloadModel');
  });
});
