// UI end-to-end test: a user runs "Compress context" from the command palette in a real VS Code workbench
// (code-server + headless Chromium), sees the ratio in the status bar, clicks it, and the Diagnostics view
// lists the slots. Run: node out/test/e2e/compress.e2e.js (after `node esbuild.js --tests`), or all e2e
// tests through node out/test/launch/run-e2e-tests.js. Leaves test-results/e2e-compress.png.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { EXTENSION_ID, launchChromium, repoRoot, startCodeServer, withTimeout } from '../launch/code-server';

const timeoutS = Number(process.env.CCC_E2E_TIMEOUT_S ?? 240);
// code-server gives a contributed status bar item the DOM id `<publisher>.<name>.<itemId>`.
const STATUS_ID = `${EXTENSION_ID}.codeContextCompressor.status`;
const RATIO = /\d+(\.\d+)?× /;
const CURSOR_FILE = 'src/pricing.ts';

async function step<T>(name: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const value = await withTimeout(work(), timeoutMs, () => `step "${name}" did not finish within ${timeoutMs / 1000} s`);
  console.log(`  ✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return value;
}

/** Opens the quick input with F1 and replaces its text (F1 pre-fills '>': commands; no prefix: files; ':': lines). */
async function quickInput(page: Page, text: string, expectRow: string | RegExp): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  // Enter accepts the focused row: wait until the row we want is the focused one, or Enter may hit a stale list.
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: expectRow }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
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

async function main(): Promise<void> {
  const root = repoRoot();
  const extensionPath = process.env.CCC_EXTENSION_PATH ? path.resolve(process.env.CCC_EXTENSION_PATH) : root;
  if (!fs.existsSync(path.join(extensionPath, 'dist/extension.js'))) throw new Error(`${extensionPath}/dist/extension.js is missing; build first with \`node esbuild.js --tests\``);
  const resultsDir = path.join(root, 'test-results');
  fs.mkdirSync(resultsDir, { recursive: true });
  for (const f of ['e2e-compress.png', 'e2e-compress-failure.png']) fs.rmSync(path.join(resultsDir, f), { force: true });
  const fixture = path.join(root, 'test/fixtures/workspace');
  const cursorLine = fs.readFileSync(path.join(fixture, CURSOR_FILE), 'utf8').split('\n').findIndex((l) => l.includes('const discountPercent')) + 1;
  if (cursorLine <= 0) throw new Error(`fixture ${CURSOR_FILE} lost the line the cursor goes to`);

  // A budget below the size of the open file (about 800 tokens), so the run really compresses.
  const cs = await startCodeServer({ workspace: fixture, settings: { 'codeContextCompressor.output': 'document', 'codeContextCompressor.budget': 500 } });
  const { page, close } = await launchChromium(cs);
  const t0 = Date.now();
  try {
    // Loaded as a development extension (what F5 does), so no .vsix packaging is needed.
    await page.goto(cs.workbenchUrl([['extensionDevelopmentPath', cs.remoteUri(extensionPath)], ['skipWelcome', 'true']]));
    await step('workbench loads', 60_000, () => page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' }));
    await step(`open ${CURSOR_FILE}`, 30_000, async () => {
      await quickInput(page, path.basename(CURSOR_FILE), path.basename(CURSOR_FILE));
      await page.locator('.tabs-container .tab.active', { hasText: path.basename(CURSOR_FILE) }).waitFor();
    });
    await step(`cursor to line ${cursorLine}`, 30_000, async () => {
      await quickInput(page, `:${cursorLine}`, `Go to line ${cursorLine}`);
      await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${cursorLine},` }).waitFor();
    });
    await step('run "Compress context" from the palette', 30_000, () => quickInput(page, '>Compress context', 'Code Context Compressor: Compress context'));
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
    const { rows } = await step('Diagnostics view lists slots', 60_000, async () => {
      // A container with a single view shows its name in the side bar title, not in a pane header.
      await page.locator('.part.sidebar .composite.title', { hasText: /Code Context Compressor.*Diagnostics/i }).waitFor({ state: 'visible' });
      return findSlotFrame(page);
    });
    console.log(`    diagnostics: ${rows} slot row(s)`);
    const shot = path.join(resultsDir, 'e2e-compress.png');
    await page.screenshot({ path: shot });
    console.log(`e2e compress passed in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshot: ${path.relative(root, shot)}`);
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
