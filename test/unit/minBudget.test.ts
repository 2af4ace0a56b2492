import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isValidBudget, MIN_BUDGET } from '../../src/engine';

const root = path.resolve(__dirname, '../../..');

describe('the minimum budget', () => {
  it('package.json\'s budget setting has the engine\'s minimum', () => {
    type Section = { properties?: Record<string, { minimum?: number }> };
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { configuration: Section | Section[] } };
    // One section, or titled groups of settings.
    const sections = ([] as Section[]).concat(pkg.contributes.configuration);
    const budget = sections.map((s) => s.properties?.['codeContextCompressor.budget']).find((p) => p !== undefined);
    assert.ok(budget, 'no budget setting in package.json');
    assert.equal(budget.minimum, MIN_BUDGET);
  });
  it('the engine accepts the minimum and refuses one less', () => {
    assert.ok(isValidBudget(MIN_BUDGET));
    assert.ok(!isValidBudget(MIN_BUDGET - 1));
    assert.ok(!isValidBudget(MIN_BUDGET + 0.5));
  });
});
