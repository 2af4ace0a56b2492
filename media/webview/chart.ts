import type { SlotRow } from '../../src/vscode/protocol';
import { baseName, el, fmt, svg } from './dom';

const MAX_FILES = 12;
const ROW = 16;
const LABEL_W = 110;
const WIDTH = 320;

/**
 * Tokens per file before and after, as plain SVG bars (no library, nothing fetched): the long grey bar is
 * the file, the coloured part what was kept. Colours come from the theme through CSS classes.
 */
export function tokensPerFileChart(slots: readonly SlotRow[]): HTMLElement {
  const files = new Map<string, { before: number; after: number }>();
  for (const s of slots) {
    const f = files.get(s.path) ?? { before: 0, after: 0 };
    f.before += s.originalTokens;
    f.after += s.tokens;
    files.set(s.path, f);
  }
  const rows = [...files.entries()].sort((a, b) => b[1].before - a[1].before).slice(0, MAX_FILES);
  const max = Math.max(1, ...rows.map(([, f]) => f.before));
  const barW = WIDTH - LABEL_W - 60;
  const height = rows.length * ROW + 4;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': 'Tokens per file, before and after compression' });
  rows.forEach(([path, f], i) => {
    const y = i * ROW + 2;
    const g = svg('g');
    g.append(svg('title', {}, `${path}: ${f.before} → ${f.after} tokens (${Math.round((100 * f.after) / Math.max(1, f.before))}% kept)`));
    g.append(svg('text', { x: LABEL_W - 4, y: y + 11, class: 'label', 'text-anchor': 'end' }, baseName(path)));
    g.append(svg('rect', { x: LABEL_W, y: y + 2, width: Math.max(1, (barW * f.before) / max), height: ROW - 5, class: 'before', rx: 1 }));
    g.append(svg('rect', { x: LABEL_W, y: y + 2, width: (barW * f.after) / max, height: ROW - 5, class: 'after', rx: 1 }));
    g.append(svg('text', { x: LABEL_W + (barW * f.before) / max + 4, y: y + 11, class: 'value' }, `${fmt(f.before)}→${fmt(f.after)}`));
    chart.append(g);
  });
  const figure = el('figure', { class: 'chart-box' });
  const caption = el('figcaption', {}, 'Tokens per file: ');
  caption.append(el('span', { class: 'key before' }, 'original'), ' ', el('span', { class: 'key after' }, 'kept'));
  figure.append(caption, chart);
  if (files.size > MAX_FILES) figure.append(el('p', { class: 'meta' }, `${files.size - MAX_FILES} smaller files not shown`));
  return figure;
}
