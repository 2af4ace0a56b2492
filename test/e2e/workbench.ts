// What the UI tests share: a timed step that logs itself, and the quick input's box and focused row.
import type { Page } from 'playwright-core';
import { withTimeout } from '../launch/code-server';

/** Runs one step of a UI test within its own time limit, and logs how long it took. */
export async function step<T>(name: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const value = await withTimeout(work(), timeoutMs, () => `step "${name}" did not finish within ${timeoutMs / 1000} s`);
  console.log(`  ✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return value;
}

export const quickInput = (page: Page) => page.locator('.quick-input-widget .quick-input-box input');
export const focusedRow = (page: Page, text: string | RegExp) => page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: text }).first();
