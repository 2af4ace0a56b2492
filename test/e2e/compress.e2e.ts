// UI end-to-end test: a user types "compress" into the command palette of a real VS Code workbench
// (code-server + headless Chromium) and "Compress context" is the first hit (also for "compress context" and
// the category's name); Enter runs it. They pick the "Chosen symbols" scope, check two symbols in the
// multi-select pick (one from the open file, one found by typing, through the workspace symbol provider),
// accept the question box, read the ratio in the status bar and open the Diagnostics view. At a 300 px side
// bar the panel's main columns show and nothing scrolls sideways; keyboard only, Tab reaches the table in one
// stop, the arrow keys move, Enter reveals the unit in the editor and the focus stays in the panel. In High
// Contrast the status bar's warning state shows as an icon. Screenshots of the panel and the status bar in the
// dark, light and high-contrast themes go to test-results/ (CCC_E2E_SCREENSHOTS=docs/screenshots refreshes
// the committed ones).
// Run: node out/test/e2e/compress.e2e.js (after `node esbuild.js --tests`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { EXTENSION_ID, launchChromium, repoRoot, startCodeServer, withTimeout } from '../launch/code-server';
import { focusedRow, quickInput, step } from './workbench';

const timeoutS = Number(process.env.CCC_E2E_TIMEOUT_S ?? 300);
// code-server gives a contributed status bar item the DOM id `<publisher>.<name>.<itemId>`.
const STATUS_ID = `${EXTENSION_ID}.codeContextCompressor.status`;
const RATIO = /\d+(\.\d+)?× |Fits as is/;
const CURSOR_FILE = 'src/pricing.ts';
const SYMBOL_OPEN = 'computeInvoiceTotal'; // in the open file: from its document symbols
const SYMBOL_SEARCHED = 'formatMoney'; // in src/format.ts, not open: from the workspace symbol provider
// Download offers on: after a run whose encoder matches the decoder, none may appear.
const SETTINGS = { 'codeContextCompressor.output': 'document', 'codeContextCompressor.budget': 700, 'codeContextCompressor.offerEncoderDownloads': true };
const SCREENSHOTS = ['e2e-compress-failure.png', 'e2e-status-tooltip.png', 'e2e-panel-250.png', 'e2e-panel-300.png'];
const THEME_SHOTS = { dark: 'dark.png', light: 'light.png', hc: 'high-contrast.png' } as const;
const PALETTE_TITLE = 'Code Context Compressor: Compress context';
/** The side bar width the panel must fit (the example; VS Code's minimum is 170). */
const NARROW_SIDEBAR = 300;
/** The narrowest side bar the panel is made for. */
const MIN_SIDEBAR = 250;


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

/** Polls `probe` until it gives a value. */
async function waitUntil<T>(timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The palette's first command for a query, once its list has settled (command picks arrive after the
 * extensions register, so the list is read until it stays the same).
 */
async function firstPaletteHit(page: Page, text: string): Promise<string> {
  await page.keyboard.press('F1');
  await quickInput(page).waitFor({ state: 'visible' });
  await quickInput(page).fill(text);
  const first = page.locator('.quick-input-widget .quick-input-list .monaco-list-row[data-index="0"] .label-name').first();
  let last = '';
  for (let stable = 0; stable < 3; ) {
    await page.waitForTimeout(300);
    const now = ((await first.textContent().catch(() => '')) ?? '').trim();
    stable = now && now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

/** Drags the sash between the side bar and the editor until the side bar is `width` px wide. */
async function setSidebarWidth(page: Page, width: number): Promise<void> {
  const sidebar = page.locator('.part.sidebar');
  for (let i = 0; i < 3; i++) {
    const box = await sidebar.boundingBox();
    if (!box) throw new Error('no side bar');
    if (Math.abs(box.width - width) <= 2) break;
    const x = box.x + box.width;
    await page.mouse.move(x + 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + width + 1, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
  }
  await page.waitForTimeout(500); // the webview resizes a moment after its container
}

interface PanelLayout {
  viewWidth: number;
  pageScrollWidth: number;
  tableRight: number;
  visible: string[];
  chartFontPx: number;
  paths: string[];
  nameWidth: number;
}

/** What the panel looks like inside its webview: width, overflow, the columns shown, the chart's text size. */
function panelLayout(frame: Frame): Promise<PanelLayout> {
  return frame.evaluate(() => {
    const shown = (e: Element): boolean => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 0;
    const table = document.querySelector('table.slots');
    const chart = document.querySelector('.chart li');
    return {
      viewWidth: document.documentElement.clientWidth,
      pageScrollWidth: document.documentElement.scrollWidth,
      tableRight: Math.round(table?.getBoundingClientRect().right ?? 0),
      visible: Array.from(document.querySelectorAll('table.slots th')).filter(shown).map((th) => (th.textContent ?? '').replace(/[▴▾]/g, '').trim()),
      chartFontPx: chart ? parseFloat(getComputedStyle(chart).fontSize) : 0,
      paths: Array.from(document.querySelectorAll('tr.group .path')).map((p) => p.getAttribute('title') ?? ''),
      nameWidth: Math.round(document.querySelector('table.slots th.col-name')?.getBoundingClientRect().width ?? 0),
    };
  });
}

/** A screenshot of the window (side bar panel, editor, status bar), kept small enough to commit. */
async function shot(page: Page, file: string): Promise<void> {
  await page.mouse.move(900, 300);
  await page.screenshot({ path: file });
  const kb = fs.statSync(file).size / 1024;
  if (kb >= 300) throw new Error(`${file} is ${kb.toFixed(0)} KB (keep screenshots under 300 KB)`);
}

async function main(): Promise<void> {
  const root = repoRoot();
  const extensionPath = process.env.CCC_EXTENSION_PATH ? path.resolve(process.env.CCC_EXTENSION_PATH) : root;
  if (!fs.existsSync(path.join(extensionPath, 'dist/extension.js'))) throw new Error(`${extensionPath}/dist/extension.js is missing; build first with \`node esbuild.js --tests\``);
  const resultsDir = path.join(root, 'test-results');
  fs.mkdirSync(resultsDir, { recursive: true });
  for (const f of SCREENSHOTS) fs.rmSync(path.join(resultsDir, f), { force: true });
  const shotsDir = path.resolve(root, process.env.CCC_E2E_SCREENSHOTS ?? 'test-results');
  fs.mkdirSync(shotsDir, { recursive: true });
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
    for (const query of ['compress context', 'Code Context Compressor', 'compress']) {
      await step(`palette: "${query}" lists "Compress context" first`, 30_000, async () => {
        const first = await firstPaletteHit(page, `>${query}`);
        if (first !== PALETTE_TITLE) throw new Error(`first hit for "${query}" is "${first}"`);
        console.log(`    first hit for "${query}": "${first}"`);
      });
    }
    await step('Enter runs "Compress context" (its scope pick opens)', 30_000, () => page.keyboard.press('Enter'));
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
    await step('no notification quotes research figures or offers a download after a matched run', 10_000, async () => {
      await page.waitForTimeout(1500); // toasts appear a moment after the run
      const toasts = ((await page.locator('.notifications-toasts').textContent().catch(() => '')) ?? '').trim();
      if (/arXiv|BLEU|\bF1\b|`/.test(toasts)) throw new Error(`a toast quotes research figures or Markdown: ${toasts}`);
      if (/Download/i.test(toasts)) throw new Error(`a download offer after a run whose encoder matches: ${toasts}`);
    });
    for (const name of [SYMBOL_OPEN, SYMBOL_SEARCHED]) {
      const pinned = await frame.locator('tr[data-slot].pinned', { hasText: name }).count();
      if (pinned === 0) throw new Error(`no pinned row for ${name} in the Diagnostics view`);
    }
    for (const [width, columns] of [[MIN_SIDEBAR, ['Symbol', 'Kept as']], [NARROW_SIDEBAR, ['Symbol', 'Kept as', 'Tokens']]] as const) {
      await step(`side bar at ${width} px: ${columns.join(', ')} show, nothing scrolls sideways, chart text readable`, 20_000, async () => {
        await setSidebarWidth(page, width);
        const fit = await panelLayout(frame);
        console.log(`    at ${fit.viewWidth} px (webview): columns ${fit.visible.join(', ')} (Symbol ${fit.nameWidth} px); page ${fit.pageScrollWidth} px wide; chart text ${fit.chartFontPx} px`);
        for (const col of columns) if (!fit.visible.includes(col)) throw new Error(`column "${col}" hidden at ${width} px: ${fit.visible.join(', ')}`);
        if (fit.pageScrollWidth > fit.viewWidth) throw new Error(`the panel scrolls sideways: ${fit.pageScrollWidth} px content in ${fit.viewWidth} px`);
        if (fit.tableRight > fit.viewWidth) throw new Error(`the table ends at ${fit.tableRight} px in a ${fit.viewWidth} px view`);
        if (fit.chartFontPx < 11) throw new Error(`chart text is ${fit.chartFontPx} px`);
        if (fit.nameWidth < 0.35 * fit.viewWidth) throw new Error(`the Symbol column is ${fit.nameWidth} px of ${fit.viewWidth}: names do not show`);
        if (!fit.paths.includes('src/pricing.ts')) throw new Error(`file groups do not show workspace-relative paths: ${fit.paths.join(', ')}`);
        await page.screenshot({ path: path.join(resultsDir, `e2e-panel-${width}.png`), clip: { x: 0, y: 0, width: width + 100, height: 900 } });
      });
    }
    await step('the header stays when the table scrolls', 10_000, async () => {
      const sticky = await frame.evaluate(() => {
        const th = document.querySelector('table.slots th');
        const scroller = document.scrollingElement ?? document.documentElement;
        scroller.scrollTop = 0;
        const before = th ? th.getBoundingClientRect().top : -1;
        scroller.scrollTop = scroller.scrollHeight;
        const scrolled = scroller.scrollTop;
        const top = th ? Math.round(th.getBoundingClientRect().top) : -1;
        scroller.scrollTop = 0;
        return { position: th ? getComputedStyle(th).position : '', before: Math.round(before), scrolled, top };
      });
      if (sticky.position !== 'sticky') throw new Error(`the header is position: ${sticky.position}`);
      // Scrolled past the header's place, it stays at the top; scrolled less (a short table under the chart), it
      // has moved up by as much as the page did. Either way it is in view.
      const expected = Math.max(0, sticky.before - sticky.scrolled);
      if (Math.abs(sticky.top - expected) > 1) throw new Error(`the header's top is at ${sticky.top} px after scrolling ${sticky.scrolled} px from ${sticky.before} px, not ${expected}`);
    });

    const row = frame.locator('tr[data-slot].pinned', { hasText: SYMBOL_OPEN }).first();
    const lines = (await row.getAttribute('data-lines')) ?? '';
    const [start, end] = lines.split('-').map(Number);
    if (!start || !end) throw new Error(`row for ${SYMBOL_OPEN} has no lines (${lines})`);
    await step('keyboard only: focus the panel, Tab reaches the table in one stop past the filter and sort', 30_000, async () => {
      await palette(page, '>Code Context Compressor: Show diagnostics', 'Code Context Compressor: Show diagnostics');
      await frame.waitForFunction(() => document.hasFocus(), undefined, { timeout: 10_000 });
      const stops: string[] = [];
      for (let i = 0; i < 15 && !stops.includes('TABLE'); i++) {
        await page.keyboard.press('Tab');
        stops.push(await frame.evaluate(() => document.activeElement?.tagName ?? ''));
      }
      console.log(`    Tab stops: ${stops.join(' → ')}`);
      if (!stops.includes('TABLE')) throw new Error(`Tab never reached the table: ${stops.join(' → ')}`);
      const rowStops = await frame.locator('table.slots tr[tabindex]').count();
      if (rowStops > 0) throw new Error(`${rowStops} rows are Tab stops of their own`);
    });
    await step(`keyboard only: filter "${SYMBOL_OPEN}", arrows move, Enter reveals L${start}-${end}, the focus stays in the panel`, 30_000, async () => {
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      if ((await frame.evaluate(() => document.activeElement?.className)) !== 'filter') throw new Error('Shift+Tab twice from the table is not the filter box');
      await page.keyboard.type(SYMBOL_OPEN);
      await frame.locator('tr[data-slot]').filter({ hasNotText: SYMBOL_OPEN }).first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const active = (): Promise<string> => frame.evaluate(() => document.activeElement?.getAttribute('aria-activedescendant') ?? '');
      const first = await active();
      await page.keyboard.press('ArrowDown');
      const second = await active();
      await page.keyboard.press('ArrowUp');
      if ((await active()) !== first || second === first) throw new Error(`arrows did not move the active row (${first} → ${second} → ${await active()})`);
      await page.keyboard.press('ArrowDown');
      const target = await frame.evaluate((id) => document.getElementById(id)?.textContent ?? '', second);
      if (!target.includes(SYMBOL_OPEN)) throw new Error(`the row below the file is "${target}", not ${SYMBOL_OPEN}`);
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: path.basename(CURSOR_FILE) }).first().waitFor();
      await page.locator('.part.editor .view-line', { hasText: SYMBOL_OPEN }).first().waitFor({ state: 'visible' });
      await page.waitForTimeout(500);
      const where = await frame.evaluate(() => ({ hasFocus: document.hasFocus(), active: document.activeElement?.tagName ?? '' }));
      if (!where.hasFocus || where.active !== 'TABLE') throw new Error(`the focus left the panel (${JSON.stringify(where)})`);
      // Left on a unit goes up to its file; Left again folds the file away, Right opens it again.
      const slotsShown = (): Promise<number> => frame.locator('tr[data-slot]').count();
      const before = await slotsShown();
      await page.keyboard.press('ArrowLeft');
      if ((await active()) !== first) throw new Error(`Left on a unit did not go to its file row (${await active()})`);
      await page.keyboard.press('ArrowLeft');
      const folded = await frame.locator(`[id="${first}"][aria-expanded="false"]`).count();
      if (folded !== 1 || (await slotsShown()) !== 0) throw new Error(`Left on the file did not fold it (${await slotsShown()} rows shown)`);
      await page.keyboard.press('ArrowRight');
      if ((await slotsShown()) !== before) throw new Error(`Right did not open the file again (${await slotsShown()} of ${before} rows)`);
    });
    await step('clear the filter; widen the side bar: every column shows', 20_000, async () => {
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await setSidebarWidth(page, 640);
      const fit = await panelLayout(frame);
      console.log(`    at ${fit.viewWidth} px (webview): columns ${fit.visible.join(', ')}`);
      if (fit.visible.length !== 6) throw new Error(`columns at ${fit.viewWidth} px: ${fit.visible.join(', ')}`);
    });
    await step('for the screenshots: one editor group, a highlighted unit, rows sorted by tokens', 30_000, async () => {
      // One group keeps the picture (and the PNG) small: the panel, the revealed unit and the status bar.
      await palette(page, '>View: Close All Editor Groups', 'View: Close All Editor Groups');
      await page.locator('.part.editor .tabs-container .tab').first().waitFor({ state: 'detached' });
      await setSidebarWidth(page, 420);
      await frame.locator('th', { hasText: 'Tokens' }).click(); // biggest first
      await frame.locator('tr[data-slot].pinned', { hasText: SYMBOL_OPEN }).first().click();
      await page.locator('.part.editor .view-line', { hasText: SYMBOL_OPEN }).first().waitFor({ state: 'visible' });
    });

    await step('dark theme', 30_000, () => setTheme(page, 'Default Dark Modern', 'vs-dark'));
    await shot(page, path.join(shotsDir, THEME_SHOTS.dark));
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
    await shot(page, path.join(shotsDir, THEME_SHOTS.light));
    await step('high contrast theme', 30_000, () => setTheme(page, 'Default High Contrast', 'hc-black'));
    await step('High Contrast: a run that cuts chosen code shows the warning state as an icon', 120_000, async () => {
      // A budget far below the code at the cursor: the pinned code is cut, which is the warning state.
      await palette(page, '>Code Context Compressor: Compress with a different budget', 'Compress with a different budget');
      await page.locator('.quick-input-widget', { hasText: 'Budget for this run' }).waitFor({ state: 'visible' });
      await quickInput(page).fill('64');
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Current file' }).waitFor({ state: 'visible' });
      await quickInput(page).fill('current file');
      await focusedRow(page, 'Current file').waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget', { hasText: 'question' }).waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      // Read in one go (the workbench re-renders the item on every update): the icon, its colour, the spoken label.
      const look = await waitUntil(90_000, () =>
        page.evaluate((id) => {
          const root = document.getElementById(id);
          const icon = root?.querySelector('.codicon-warning');
          const label = root?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? root?.getAttribute('aria-label') ?? '';
          // The run at 64 tokens, not the one before it.
          if (!root || !icon || !label.includes('of the 64-token budget')) return undefined;
          const box = icon.getBoundingClientRect();
          return { color: getComputedStyle(icon).color, width: box.width, label };
        }, STATUS_ID),
      );
      console.log(`    High Contrast status item: icon ${look.width} px, colour ${look.color}; spoken: "${look.label}"`);
      if (look.width < 8 || /rgba\(\d+, \d+, \d+, 0\)|transparent/.test(look.color)) throw new Error(`warning icon not visible: ${JSON.stringify(look)}`);
      if (!/^Code Context Compressor: .*Warning: /.test(look.label)) throw new Error(`the item's spoken label is not a sentence with the warning: "${look.label}"`);
    });
    await step('the Diagnostics view, open, shows that run too', 30_000, () => frame.locator('.summary .budget[title*="of the 64-token budget"]').waitFor({ state: 'attached' }));
    // The run's progress toast fades out after the run; the picture waits for it.
    await page.locator('.notifications-toasts .notification-toast-container').first().waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);
    await page.waitForTimeout(1000);
    await shot(page, path.join(shotsDir, THEME_SHOTS.hc));
    console.log(`e2e compress passed in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots: ${Object.values(THEME_SHOTS).map((f) => path.relative(root, path.join(shotsDir, f))).join(', ')}`);
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
