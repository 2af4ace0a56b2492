import type { SlotRow } from '../../src/protocol/diagnosticsView';
import { el, fmt, pathLabel } from './dom';

export type SortKey = 'order' | 'name' | 'lines' | 'level' | 'tokens' | 'entropy' | 'relevance';
export const SORT_KEYS: readonly SortKey[] = ['order', 'name', 'lines', 'level', 'tokens', 'entropy', 'relevance'];
export interface SortState {
  readonly key: SortKey;
  readonly descending: boolean;
}

interface Column {
  readonly label: string;
  readonly key: SortKey;
  readonly title: string;
  /** The CSS class that the container queries in styles.css hide, narrowest-first, when the view is narrow. */
  readonly cls: string;
  readonly numeric?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { label: 'Symbol', key: 'name', title: 'Symbol (or unit kind)', cls: 'col-name' },
  { label: 'Lines', key: 'lines', title: 'Lines in the file', cls: 'col-lines', numeric: true },
  { label: 'Kept as', key: 'level', title: 'Representation: verbatim, code (verbatim without the comment above the declaration), pruned (most predictable body lines dropped, by the encoder), skeleton (signature + doc, body elided), signature (the declaration line only) or omitted; pinned code is always verbatim', cls: 'col-level' },
  { label: 'Tokens', key: 'tokens', title: "Tokens before → after, in the decoder's tokenizer", cls: 'col-tokens', numeric: true },
  { label: 'Bits/tok', key: 'entropy', title: 'Encoder entropy in bits/token (percentile for the language); — when not scored', cls: 'col-entropy', numeric: true },
  { label: 'Rel.', key: 'relevance', title: 'Relevance to the query (higher: closer to the question and the code at the cursor)', cls: 'col-relevance', numeric: true },
];

const levelRank: Record<string, number> = { verbatim: 0, code: 1, pruned: 2, skeleton: 3, signature: 4, omitted: 5 };

function compare(key: SortKey, a: SlotRow, b: SlotRow): number {
  switch (key) {
    case 'order': return a.index - b.index;
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

export interface FileGroup {
  readonly path: string;
  readonly rows: readonly SlotRow[];
}

/**
 * The rows that match the filter, sorted, grouped by file: a file comes where its first row falls in the
 * sorted list, so "Tokens, biggest first" also puts the file with the biggest unit first.
 */
export function groupRows(slots: readonly SlotRow[], sort: SortState, filter: string): FileGroup[] {
  const needle = filter.trim().toLowerCase();
  const matches = (s: SlotRow): boolean => !needle || [s.path, s.name, s.kind, s.pinned ? 'pinned' : s.level].some((t) => t.toLowerCase().includes(needle));
  const groups = new Map<string, SlotRow[]>();
  for (const s of sortRows(slots.filter(matches), sort)) {
    const rows = groups.get(s.path);
    if (rows) rows.push(s);
    else groups.set(s.path, [s]);
  }
  return [...groups.entries()].map(([path, rows]) => ({ path, rows }));
}

function entropyText(s: SlotRow): string {
  if (s.entropy === null) return '—';
  const p = s.entropyPercentile === null ? '' : ` p${Math.round(s.entropyPercentile)}`;
  return `${s.entropy.toFixed(2)}${p}`;
}

/** A row's facts in one line: the tooltip, and what a narrow view has hidden from its columns. */
export function rowTitle(s: SlotRow): string {
  const dense = s.dense ? `\nDense code: ${s.denseReasons.join('; ') || 'high information density'}. ${s.densePolicy}` : '';
  return `${s.path} L${s.startLine}–${s.endLine} · ${s.pinned ? 'pinned' : s.level} · ${s.originalTokens} → ${s.tokens} tokens · ${entropyText(s)} bits/token · relevance ${s.relevance.toFixed(2)}${dense}\nEnter or click: show in the editor`;
}

export const groupRowId = (i: number): string => `g-${i}`;
export const slotRowId = (index: number): string => `s-${index}`;

export interface TableHandlers {
  readonly onSort: (s: SortState) => void;
}

/**
 * The units grouped by file, one row each, under a sticky header. The table is one Tab stop (a treegrid
 * whose active row is `aria-activedescendant`, moved with the arrow keys by gridNav.ts); the rows carry
 * `data-slot` (reveal on Enter) or `data-group` (expand/collapse).
 */
export function tableView(groups: readonly FileGroup[], collapsed: ReadonlySet<string>, sort: SortState, handlers: TableHandlers): HTMLTableElement {
  const table = el('table', { class: 'slots', role: 'treegrid', tabindex: '0', 'aria-label': 'Units kept, by file. Arrow keys move, Enter shows the unit in the editor, Left and Right collapse and expand a file.' });
  const head = el('tr', { role: 'row' });
  for (const c of COLUMNS) {
    const active = sort.key === c.key;
    // Mouse only: the sort also has a keyboard control in the toolbar, so the header adds no Tab stops.
    const th = el('th', { class: `${c.cls} sortable${c.numeric ? ' num' : ''}`, role: 'columnheader', title: `${c.title}. Click to sort.`, 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' }, c.label + (active ? (sort.descending ? ' ▾' : ' ▴') : ''));
    th.addEventListener('click', () => handlers.onSort(nextSort(sort, c.key, c.numeric ?? false)));
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  table.append(thead);
  groups.forEach((g, gi) => {
    const body = el('tbody', { role: 'rowgroup' });
    const open = !collapsed.has(g.path);
    const before = g.rows.reduce((n, s) => n + s.originalTokens, 0);
    const after = g.rows.reduce((n, s) => n + s.tokens, 0);
    const header = el('tr', { id: groupRowId(gi), class: 'group', role: 'row', 'aria-level': '1', 'aria-expanded': String(open), 'data-group': g.path });
    const cell = el('td', { colspan: String(COLUMNS.length), role: 'gridcell' });
    const line = el('div', { class: 'group-line' });
    line.append(el('span', { class: 'twisty', 'aria-hidden': 'true' }, open ? '▾' : '▸'), pathLabel(g.path), el('span', { class: 'group-facts' }, `${g.rows.length} · ${fmt(before)}→${fmt(after)}`));
    cell.append(line);
    header.append(cell);
    body.append(header);
    if (open) {
      for (const s of g.rows) {
        const classes = ['slot', `level-${s.level}`, s.pinned ? 'pinned' : '', s.dense ? 'dense' : ''].filter(Boolean).join(' ');
        const tr = el('tr', { id: slotRowId(s.index), role: 'row', 'aria-level': '2', 'data-slot': String(s.index), 'data-path': s.path, 'data-lines': `${s.startLine}-${s.endLine}`, class: classes, title: rowTitle(s) });
        const symbol = el('td', { class: 'col-name', role: 'gridcell' });
        if (s.dense) symbol.append(el('span', { class: 'dense-mark', 'aria-label': 'dense code' }, '◆ '));
        symbol.append(s.name || s.kind);
        tr.append(
          symbol,
          el('td', { class: 'col-lines num', role: 'gridcell' }, `${s.startLine}–${s.endLine}`),
          el('td', { class: 'col-level level', role: 'gridcell' }, s.pinned ? 'pinned' : s.level),
          el('td', { class: 'col-tokens num', role: 'gridcell' }, `${fmt(s.originalTokens)}→${fmt(s.tokens)}`),
          el('td', { class: 'col-entropy num', role: 'gridcell' }, entropyText(s)),
          el('td', { class: 'col-relevance num', role: 'gridcell' }, s.relevance.toFixed(2)),
        );
        body.append(tr);
      }
    }
    table.append(body);
  });
  return table;
}
