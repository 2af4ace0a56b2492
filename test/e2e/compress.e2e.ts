// UI end-to-end test: a user runs "Compress context" from the command palette in a real VS Code workbench
// (code-server + headless Chromium), picks the "Chosen symbols" scope, checks two symbols in the multi-select
// pick (one from the open file, one found by typing, through the workspace symbol provider), accepts the
// question box, reads the ratio in the status bar, opens the Diagnostics view, clicks a row and checks that
// the editor revealed that slot's lines. Screenshots in dark, light and high-contrast themes go to
// test-results/. Run: node out/test/e2e/compress.e2e.js (after `node esbuild.js --tests`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { EXTENSION_ID, launchChromium, repoRoot, startCodeServer, withTimeout } from '../launch/code-server';

const timeoutS = Number(process.env.CCC_E2E_TIMEOUT_S ?? 300);
// code-server gives a contributed status bar item the DOM id `<publisher>.<name>.<itemId>`.
const STATUS_ID = `${EXTENSION_ID}.codeContextCompressor.status`;
const RATIO = /\d+(\.\d+)?× /;
const CURSOR_FILE = 'src/pricing.ts';
const SYMBOL_OPEN = 'computeInvoiceTotal'; // in the open file: from its document symbols
const SYMBOL_SEARCHED = 'formatMoney'; // in src/format.ts, not open: from the workspace symbol provider
const SETTINGS = { 'codeContextCompressor.output': 'document', 'codeContextCompressor.budget': 700 };
const SCREENSHOTS = ['e2e-compress-dark.png', 'e2e-compress-light.png', 'e2e-compress-hc.png', 'e2e-compress-failure.png', 'e2e-status-tooltip.png'];

async function step<T>(name: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const value = await withTimeout(work(), timeoutMs, () => `step "${name}" did not finish within ${timeoutMs / 1000} s`);
  console.log(`  ✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return value;
}

const quickInput = (page: Page) => page.locator('.quick-input-widget .quick-input-box input');
const focusedRow = (page: Page, text: string | RegExp) => page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: text }).first();

/** Opens the quick input with F1 and replaces its text (F1 pre-fills '>': commands; no prefix: files; ':': lines). */
async function palette(page: Page, text: string, expectRow: string | RegExp): Promise<void> {
  await page.keyboard.press('F1');
  await quickInput(page).waitFor({ state: 'visible' });
  await quickInput(page).fill(text);
  // Enter accepts the focused row: wait until the row we want is the focused one, or Enter may hit a stale list;
  // when a better-ranked row comes first, walk down to ours.
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: expectRow }).first().waitFor({ state: 'visible' });
  for (let i = 0; i < 8 && !(await focusedRow(page, expectRow).isVisible()); i++) await page.keyboard.press('ArrowDown');
  await focusedRow(page, expectRow).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Types a filter into the multi-select symbol pick and checks the row that appears (typing also queries the workspace). */
async function checkSymbol(page: Page, name: string): Promise<void> {
  const input = quickInput(page);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first();
  for (let attempt = 0; ; attempt++) {
    await input.fill(name);
    try {
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch (err) {
      // The TypeScript server may still be loading the project: a new keystroke asks the workspace again.
      if (attempt >= 5) throw err;
      await input.fill('');
    }
  }
  await row.locator('.quick-input-list-checkbox, input[type=checkbox], .monaco-custom-toggle').first().click();
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).locator('[aria-checked="true"], .checked, input:checked').first().waitFor({ state: 'attached', timeout: 5_000 }).catch(() => undefined);
}

/** Webviews in the web workbench are iframes inside iframes: find the frame that renders the slot rows. */
async function findSlotFrame(page: Page): Promise<{ frame: Frame; rows: number }> {
  for (;;) {
    for (const frame of page.frames()) {
      const rows = await frame.locator('tr[data-slot]').count().catch(() => 0); // frames detach while we look
      if (rows > 0) return { frame, rows };
    }
    await page.waitForTimeout(200);
  }
}

/** Switches the colour theme the way a user does: "Preferences: Color Theme", type its name, Enter. */
async function setTheme(page: Page, theme: string, workbenchClass: string): Promise<void> {
  await palette(page, '>Preferences: Color Theme', /^Preferences: Color Theme/);
  await quickInput(page).fill(theme);
  await focusedRow(page, theme).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden' });
  const classes = async (): Promise<string> => (await page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
  await page.waitForFunction((cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls) ?? false, workbenchClass, { timeout: 15_000 }).catch(async (err: unknown) => {
    throw new Error(`workbench never got class ${workbenchClass} (has: ${await classes()}): ${String(err)}`);
  });
  await page.waitForTimeout(1000); // the webview picks the new colours up a moment later
}

async function main(): Promise<void> {
  const root = repoRoot();
  const extensionPath = process.env.CCC_EXTENSION_PATH ? path.resolve(process.env.CCC_EXTENSION_PATH) : root;
  if (!fs.existsSync(path.join(extensionPath, 'dist/extension.js'))) throw new Error(`${extensionPath}/dist/extension.js is missing; build first with \`node esbuild.js --tests\``);
  const resultsDir = path.join(root, 'test-results');
  fs.mkdirSync(resultsDir, { recursive: true });
  for (const f of [...SCREENSHOTS, 'e2e-compress.png']) fs.rmSync(path.join(resultsDir, f), { force: true });
  const fixture = path.join(root, 'test/fixtures/workspace');
  const cursorLine = fs.readFileSync(path.join(fixture, CURSOR_FILE), 'utf8').split('\n').findIndex((l) => l.includes('const discountPercent')) + 1;
  if (cursorLine <= 0) throw new Error(`fixture ${CURSOR_FILE} lost the line the cursor goes to`);

  const cs = await startCodeServer({ workspace: fixture, settings: SETTINGS });
  const { page, close } = await launchChromium(cs);
  const t0 = Date.now();
  try {
    // Loaded as a development extension (what F5 does), so no .vsix packaging is needed.
    await page.goto(cs.workbenchUrl([['extensionDevelopmentPath', cs.remoteUri(extensionPath)], ['skipWelcome', 'true']]));
    await step('workbench loads', 60_000, () => page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' }));
    await step(`open ${CURSOR_FILE}`, 30_000, async () => {
      await palette(page, path.basename(CURSOR_FILE), path.basename(CURSOR_FILE));
      await page.locator('.tabs-container .tab.active', { hasText: path.basename(CURSOR_FILE) }).waitFor();
    });
    await step(`cursor to line ${cursorLine}`, 30_000, async () => {
      await palette(page, `:${cursorLine}`, `Go to line ${cursorLine}`);
      await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${cursorLine},` }).waitFor();
    });
    await step('run "Compress context" from the palette', 30_000, () => palette(page, '>Compress context', 'Code Context Compressor: Compress context'));
    await step('choose the "Chosen symbols" scope', 30_000, async () => {
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Open editors' }).waitFor({ state: 'visible' });
      await quickInput(page).fill('symbols');
      await focusedRow(page, 'Chosen symbols').waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
    });
    await step(`check ${SYMBOL_OPEN} (open file's symbols)`, 60_000, () => checkSymbol(page, SYMBOL_OPEN));
    await step(`check ${SYMBOL_SEARCHED} (typed: workspace symbols)`, 90_000, () => checkSymbol(page, SYMBOL_SEARCHED));
    await step('accept the symbols and the question box', 30_000, async () => {
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget', { hasText: 'question' }).waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await quickInput(page).waitFor({ state: 'hidden' });
    });
    const statusText = await step('status bar shows the ratio', 120_000, async () => {
      const item = page.locator(`[id="${STATUS_ID}"]`);
      for (;;) {
        const text = (await item.textContent().catch(() => null))?.trim() ?? '';
        if (RATIO.test(text)) return text;
        await page.waitForTimeout(200);
      }
    });
    console.log(`    status bar: "${statusText}"`);
    await step('click the status bar item', 10_000, () => page.locator(`[id="${STATUS_ID}"] a`).first().click());
    const { frame, rows } = await step('Diagnostics view lists slots', 60_000, async () => {
      // A container with a single view shows its name in the side bar title, not in a pane header.
      await page.locator('.part.sidebar .composite.title', { hasText: /Code Context Compressor.*Diagnostics/i }).waitFor({ state: 'visible' });
      return findSlotFrame(page);
    });
    console.log(`    diagnostics: ${rows} slot row(s)`);
    await step('widen the side bar', 10_000, async () => {
      const box = await page.locator('.part.sidebar').boundingBox();
      if (!box) return;
      const x = box.x + box.width;
      await page.mouse.move(x + 1, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(x + 340, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
    });
    for (const name of [SYMBOL_OPEN, SYMBOL_SEARCHED]) {
      const pinned = await frame.locator('tr[data-slot].pinned', { hasText: name }).count();
      if (pinned === 0) throw new Error(`no pinned row for ${name} in the Diagnostics view`);
    }
    const row = frame.locator('tr[data-slot].pinned', { hasText: SYMBOL_OPEN }).first();
    const lines = (await row.getAttribute('data-lines')) ?? '';
    const [start, end] = lines.split('-').map(Number);
    if (!start || !end) throw new Error(`row for ${SYMBOL_OPEN} has no lines (${lines})`);
    await step(`click the ${SYMBOL_OPEN} row: the editor selects L${start}-${end}`, 30_000, async () => {
      await row.click();
      await page.locator('.tabs-container .tab.active', { hasText: path.basename(CURSOR_FILE) }).first().waitFor();
      await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${start}, Col 1` }).waitFor();
    });
    const selectionStatus = (await page.locator('[id="status.editor.selection"]').textContent())?.trim();
    console.log(`    editor: "${selectionStatus}"`);
    await frame.locator('th', { hasText: 'Tokens' }).click(); // sorted by tokens, biggest first, for the screenshots

    await step('dark theme', 30_000, () => setTheme(page, 'Default Dark Modern', 'vs-dark'));
    await page.screenshot({ path: path.join(resultsDir, SCREENSHOTS[0] as string) });
    await step('status bar tooltip shows the run\'s facts', 15_000, async () => {
      await page.locator(`[id="${STATUS_ID}"]`).hover();
      const hover = page.locator('.monaco-hover', { hasText: 'Encoder' }).first();
      await hover.waitFor({ state: 'visible' });
      for (const fact of ['Tokens', 'Budget', 'Decoder', 'Match', 'Device', 'Time', 'Warnings']) {
        if (!(await hover.textContent())?.includes(fact)) throw new Error(`tooltip lacks "${fact}"`);
      }
      await page.screenshot({ path: path.join(resultsDir, 'e2e-status-tooltip.png') });
      await page.mouse.move(700, 450);
    });
    await step('light theme', 30_000, () => setTheme(page, 'Default Light Modern', 'vs'));
    await page.screenshot({ path: path.join(resultsDir, SCREENSHOTS[1] as string) });
    await step('high contrast theme', 30_000, () => setTheme(page, 'Default High Contrast', 'hc-black'));
    await page.screenshot({ path: path.join(resultsDir, SCREENSHOTS[2] as string) });
    console.log(`e2e compress passed in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots: ${SCREENSHOTS.slice(0, 3).map((s) => `test-results/${s}`).join(', ')}`);
  } catch (err) {
    const shot = path.join(resultsDir, 'e2e-compress-failure.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    const ids = await page.locator('.part.statusbar [id]').evaluateAll((els) => els.map((e) => `${e.id}: ${(e.textContent ?? '').trim()}`)).catch(() => []);
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n  screenshot: ${path.relative(root, shot)}\n  status bar items:\n    ${ids.join('\n    ')}`);
  } finally {
    await close();
    cs.stop();
  }
}

withTimeout(main(), timeoutS * 1000, () => `e2e compress timed out after ${timeoutS} s`).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`e2e compress FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
