import type { SlotRow } from '../../src/vscode/protocol';
import { baseName, el } from './dom';

export type SortKey = 'order' | 'path' | 'name' | 'lines' | 'level' | 'tokens' | 'entropy' | 'relevance';
export interface SortState {
  readonly key: SortKey;
  readonly descending: boolean;
}

interface Column {
  readonly label: string;
  readonly key: SortKey;
  readonly title: string;
  readonly numeric?: boolean;
}

const columns: readonly Column[] = [
  { label: 'File', key: 'path', title: 'File' },
  { label: 'Symbol', key: 'name', title: 'Symbol (or unit kind)' },
  { label: 'Lines', key: 'lines', title: 'Lines in the file', numeric: true },
  { label: 'Kept as', key: 'level', title: 'Representation: verbatim, code (verbatim without the comment above the declaration), pruned (most predictable body lines dropped, by the encoder), skeleton (signature + doc, body elided), signature (the declaration line only) or omitted; pinned code is always verbatim' },
  { label: 'Tokens', key: 'tokens', title: 'Tokens before → after, in the decoder\'s tokenizer', numeric: true },
  { label: 'Bits/tok', key: 'entropy', title: 'Encoder entropy in bits/token (percentile for the language); — when not scored', numeric: true },
  { label: 'Rel.', key: 'relevance', title: 'Relevance to the query (higher: closer to the question and the code at the cursor)', numeric: true },
];

const levelRank: Record<string, number> = { verbatim: 0, code: 1, pruned: 2, skeleton: 3, signature: 4, omitted: 5 };

function compare(key: SortKey, a: SlotRow, b: SlotRow): number {
  switch (key) {
    case 'order': return a.index - b.index;
    case 'path': return a.path.localeCompare(b.path) || a.startLine - b.startLine;
    case 'name': return (a.name || a.kind).localeCompare(b.name || b.kind);
    case 'lines': return a.endLine - a.startLine - (b.endLine - b.startLine);
    case 'level': return (a.pinned ? -1 : levelRank[a.level] ?? 3) - (b.pinned ? -1 : levelRank[b.level] ?? 3);
    case 'tokens': return a.originalTokens - b.originalTokens;
    // Unscored rows sort last either way.
    case 'entropy': return (a.entropy ?? Number.NEGATIVE_INFINITY) - (b.entropy ?? Number.NEGATIVE_INFINITY);
    case 'relevance': return a.relevance - b.relevance;
  }
}

export function sortRows(slots: readonly SlotRow[], sort: SortState): SlotRow[] {
  const dir = sort.descending ? -1 : 1;
  return [...slots].sort((a, b) => dir * compare(sort.key, a, b) || a.index - b.index);
}

/** Next sort after a header click: ascending (descending for numbers), the other way, then the output order. */
export function nextSort(current: SortState, key: SortKey, numeric: boolean): SortState {
  if (current.key !== key) return { key, descending: numeric };
  if (current.descending === numeric) return { key, descending: !numeric };
  return { key: 'order', descending: false };
}

function entropyText(s: SlotRow): string {
  if (s.entropy === null) return '—';
  const p = s.entropyPercentile === null ? '' : ` (p${Math.round(s.entropyPercentile)})`;
  return `${s.entropy.toFixed(2)}${p}`;
}

/** One row per slot; a click (or Enter) asks the extension to reveal the slot's lines. */
export function tableView(slots: readonly SlotRow[], sort: SortState, onSort: (s: SortState) => void, onReveal: (index: number) => void): HTMLElement {
  const table = el('table', { class: 'slots' });
  const head = el('tr');
  for (const c of columns) {
    const active = sort.key === c.key;
    const th = el('th', { class: `sortable${c.numeric ? ' num' : ''}`, title: `${c.title}. Click to sort.`, tabindex: '0', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' }, c.label + (active ? (sort.descending ? ' ▾' : ' ▴') : ''));
    const apply = (): void => onSort(nextSort(sort, c.key, c.numeric ?? false));
    th.addEventListener('click', apply);
    th.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') apply();
    });
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  const body = el('tbody');
  for (const s of sortRows(slots, sort)) {
    const classes = [`level-${s.level}`, s.pinned ? 'pinned' : '', s.dense ? 'dense' : ''].filter(Boolean).join(' ');
    const tr = el('tr', { 'data-slot': String(s.index), 'data-lines': `${s.startLine}-${s.endLine}`, class: classes, tabindex: '0', title: `Reveal ${s.path} L${s.startLine}-${s.endLine}` });
    const symbol = el('td', {}, s.name || s.kind);
    if (s.dense) symbol.prepend(el('span', { class: 'dense-mark', title: `High information density: compresses badly, never pruned.\n${s.denseReasons.join('\n')}`.trim() }, '◆ '));
    tr.append(
      el('td', { title: s.path }, baseName(s.path)),
      symbol,
      el('td', { class: 'num' }, `${s.startLine}–${s.endLine}`),
      el('td', { class: 'level' }, s.pinned ? 'pinned' : s.level),
      el('td', { class: 'num' }, `${s.originalTokens} → ${s.tokens}`),
      el('td', { class: 'num' }, entropyText(s)),
      el('td', { class: 'num' }, s.relevance.toFixed(2)),
    );
    tr.addEventListener('click', () => onReveal(s.index));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') onReveal(s.index);
    });
    body.append(tr);
  }
  table.append(thead, body);
  return table;
}
