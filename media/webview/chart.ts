import type { SlotRow } from '../../src/protocol/diagnosticsView';
import { el, fmt, pathLabel } from './dom';

const MAX_FILES = 12;

/**
 * Tokens per file before and after, as HTML bars (text at the view's own font size at any width, unlike an
 * SVG scaled to fit): the outlined bar is the file, the filled part what was kept.
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
  const figure = el('figure', { class: 'chart-box' });
  const caption = el('figcaption', {}, 'Tokens per file: ');
  caption.append(el('span', { class: 'key before' }, 'original'), ' ', el('span', { class: 'key after' }, 'kept'));
  const list = el('ul', { class: 'chart', 'aria-label': 'Tokens per file, before and after compression' });
  for (const [path, f] of rows) {
    const kept = Math.round((100 * f.after) / Math.max(1, f.before));
    const item = el('li', { title: `${path}: ${f.before} → ${f.after} tokens (${kept}% kept)` });
    const track = el('span', { class: 'bar', 'aria-hidden': 'true' });
    const before = el('span', { class: 'before' });
    before.style.width = `${Math.max(1, (100 * f.before) / max)}%`;
    const after = el('span', { class: 'after' });
    after.style.width = `${(100 * f.after) / Math.max(1, f.before)}%`;
    before.append(after);
    track.append(before);
    item.append(pathLabel(path), track, el('span', { class: 'value' }, `${fmt(f.before)}→${fmt(f.after)}`));
    list.append(item);
  }
  figure.append(caption, list);
  if (files.size > MAX_FILES) figure.append(el('p', { class: 'meta' }, `${files.size - MAX_FILES} smaller files not shown`));
  return figure;
}
