// UI end-to-end test of the result editor across a window reload: three runs of "Compress context" from the
// palette leave one "Compressed context.txt" tab in at most two editor groups; after the window reloads, that
// tab shows the last result again (served from the workspace state), with no error editor and no empty group.
// Run: node out/test/e2e/resultEditor.e2e.js (after `node esbuild.js --tests`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, repoRoot, startCodeServer, withTimeout } from '../launch/code-server';
import { focusedRow, quickInput, step } from './workbench';

const timeoutS = Number(process.env.CCC_E2E_TIMEOUT_S ?? 300);
const SETTINGS = { 'codeContextCompressor.output': 'document', 'codeContextCompressor.budget': 400, 'codeContextCompressor.askForQuestion': false };
const RESULT_TAB = 'Compressed context.txt';
const CODE_FILE = 'pricing.ts';

const rows = (page: Page, text: string | RegExp) => page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text });

/** F1, the text, then Enter on the row we want (walking down to it when another ranks first). */
async function palette(page: Page, text: string, expectRow: string | RegExp): Promise<void> {
  await page.keyboard.press('F1');
  await quickInput(page).waitFor({ state: 'visible' });
  await quickInput(page).fill(text);
  await rows(page, expectRow).first().waitFor({ state: 'visible' });
  for (let i = 0; i < 8 && !(await focusedRow(page, expectRow).isVisible()); i++) await page.keyboard.press('ArrowDown');
  await focusedRow(page, expectRow).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

const resultTabs = (page: Page) => page.locator('.tabs-container .tab', { hasText: RESULT_TAB });
const groups = (page: Page) => page.locator('.editor-group-container');

/** Each editor group's tab titles, for a failure's message: "[pricing.ts] [] [Compressed context.txt]". */
async function layout(page: Page): Promise<string> {
  return groups(page).evaluateAll((els) => els.map((g) => `[${Array.from(g.querySelectorAll('.tabs-container .tab')).map((t) => (t.textContent ?? '').trim()).join(', ')}]`).join(' '));
}

/** Editor groups with no tab: what a closed editor leaves behind when its group is not removed. */
async function emptyGroups(page: Page): Promise<number> {
  return groups(page).evaluateAll((els) => els.filter((g) => g.querySelectorAll('.tabs-container .tab').length === 0).length);
}

async function compressCurrentFile(page: Page, run: number): Promise<void> {
  await palette(page, '>Compress context', 'Code Context Compressor: Compress context');
  await rows(page, 'Current file').first().waitFor({ state: 'visible' });
  await quickInput(page).fill('Current file');
  await focusedRow(page, 'Current file').waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden' });
  // The log line of each run is in the result's own text; here the tab appearing (and staying one) is enough.
  await resultTabs(page).first().waitFor({ state: 'visible', timeout: 120_000 });
  console.log(`    run ${run}: ${await resultTabs(page).count()} result tab(s), ${await groups(page).count()} group(s)`);
}

async function main(): Promise<void> {
  const root = repoRoot();
  const resultsDir = path.join(root, 'test-results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const fixture = path.join(root, 'test/fixtures/workspace');
  const cs = await startCodeServer({ workspace: fixture, settings: SETTINGS });
  const { page, close } = await launchChromium(cs);
  try {
    await page.goto(cs.workbenchUrl([['extensionDevelopmentPath', cs.remoteUri(root)], ['skipWelcome', 'true']]));
    await step('workbench loads', 60_000, () => page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' }));
    await step(`open ${CODE_FILE}`, 30_000, async () => {
      await palette(page, CODE_FILE, CODE_FILE);
      await page.locator('.tabs-container .tab.active', { hasText: CODE_FILE }).waitFor();
    });
    for (let run = 1; run <= 3; run++) await step(`"Compress context" run ${run}`, 150_000, () => compressCurrentFile(page, run));
    await step('one result tab, at most two groups, the code still active', 10_000, async () => {
      const tabs = await resultTabs(page).count();
      const n = await groups(page).count();
      if (tabs !== 1 || n > 2) throw new Error(`${tabs} result tab(s) in ${n} group(s)`);
      if ((await page.locator('.tabs-container .tab.active', { hasText: CODE_FILE }).count()) === 0) throw new Error('the code editor is no longer active in its group');
    });
    await step('reload the window', 90_000, async () => {
      await page.reload();
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' });
    });
    await step('after the reload: the result tab shows the last result, no error, no empty group', 150_000, async () => {
      // Shown again once the extension activates after start-up (onStartupFinished): slow on a loaded machine.
      await resultTabs(page).first().waitFor({ state: 'visible', timeout: 80_000 });
      await resultTabs(page).first().click();
      const editor = page.locator('.editor-group-container .monaco-editor .view-lines').filter({ hasText: /computeInvoiceTotal|pricing/ });
      await editor.first().waitFor({ state: 'visible', timeout: 60_000 });
      const errors = await page.locator('.editor-group-container', { hasText: /could not be opened|Unable to resolve/ }).count();
      if (errors > 0) throw new Error('an editor shows an error after the reload');
      // The layout may still be settling (VS Code giving up on a restored tab); an empty group must be gone soon.
      let empty = await emptyGroups(page);
      for (let waited = 0; empty > 0 && waited < 15_000; waited += 500) {
        await page.waitForTimeout(500);
        empty = await emptyGroups(page);
      }
      if (empty > 0) throw new Error(`${empty} empty editor group(s) 15 s after the result showed again: ${await layout(page)}`);
      if ((await resultTabs(page).count()) !== 1) throw new Error(`${await resultTabs(page).count()} result tabs after the reload`);
    });
    await page.screenshot({ path: path.join(resultsDir, 'e2e-result-editor-reloaded.png') });
    console.log('e2e result editor passed');
  } catch (err) {
    const shot = path.join(resultsDir, 'e2e-result-editor-failure.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n  screenshot: ${path.relative(root, shot)}`);
  } finally {
    await close();
    cs.stop();
  }
}

withTimeout(main(), timeoutS * 1000, () => `e2e result editor timed out after ${timeoutS} s`).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`e2e result editor FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
