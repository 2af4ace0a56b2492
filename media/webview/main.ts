// The Diagnostics webview: renders what the extension posts, and posts back user actions. Its state (the
// last result, the sort, the filter, closed files and the active row) is kept with setState, so hiding and
// showing the view restores it.
import { isToWebview, type FromWebview, type ToWebview } from '../../src/protocol/diagnosticsView';
import { tokensPerFileChart } from './chart';
import { el } from './dom';
import { attachGridNavigation } from './gridNav';
import { summaryView } from './summary';
import { COLUMNS, groupRows, SORT_KEYS, tableView, type SortKey, type SortState } from './table';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  readonly message: ToWebview | undefined;
  readonly sort: SortState;
  readonly filter: string;
  /** Paths of the files whose rows are folded away. */
  readonly collapsed: readonly string[];
  /** Id of the table's active row. */
  readonly active: string | undefined;
}

const fallback: ViewState = { message: undefined, sort: { key: 'order', descending: false }, filter: '', collapsed: [], active: undefined };

/** Saved state is data from an earlier session of this view: checked like any message. */
function restore(saved: unknown): ViewState {
  if (typeof saved !== 'object' || saved === null) return fallback;
  const s = saved as { message?: unknown; sort?: { key?: unknown; descending?: unknown }; filter?: unknown; collapsed?: unknown; active?: unknown };
  const sort = s.sort && SORT_KEYS.includes(s.sort.key as SortKey) && typeof s.sort.descending === 'boolean' ? { key: s.sort.key as SortKey, descending: s.sort.descending } : fallback.sort;
  return {
    message: isToWebview(s.message) ? s.message : undefined,
    sort,
    filter: typeof s.filter === 'string' ? s.filter : '',
    collapsed: Array.isArray(s.collapsed) ? s.collapsed.filter((p): p is string => typeof p === 'string') : [],
    active: typeof s.active === 'string' ? s.active : undefined,
  };
}

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let state = restore(vscode.getState());
const post = (m: FromWebview): void => vscode.postMessage(m);

function save(next: Partial<ViewState>): void {
  state = { ...state, ...next };
  vscode.setState(state);
}

const isMac = navigator.userAgent.includes('Mac');

function draw(): void {
  app.replaceChildren();
  const current = state.message;
  if (!current || current.type === 'empty') {
    const p = el('p', { class: 'empty' });
    p.append('No compression yet. Run ', el('strong', {}, 'Compress context'), ` (${isMac ? 'Cmd+K Shift+C' : 'Ctrl+K Shift+C'}) to see what was kept, per file and symbol.`);
    app.append(p);
    return;
  }
  const tableBox = el('div', { class: 'table-box' });
  const count = el('span', { class: 'count', 'aria-live': 'polite' });
  app.append(summaryView(current.summary, post), tokensPerFileChart(current.slots), toolbar(count, () => drawTable(tableBox, count)), tableBox);
  drawTable(tableBox, count);
}

/** The filter box and the sort control (the sort's keyboard way; the column headers are the mouse's). */
function toolbar(count: HTMLElement, redraw: () => void): HTMLElement {
  const bar = el('div', { class: 'toolbar' });
  const filter = el('input', { type: 'search', class: 'filter', placeholder: 'Filter units', 'aria-label': 'Filter units by file, symbol or how they were kept' });
  filter.value = state.filter;
  filter.addEventListener('input', () => {
    save({ filter: filter.value });
    redraw();
  });
  const sort = el('select', { class: 'sort', 'aria-label': 'Sort units by', title: 'Sort units by' });
  const options: ReadonlyArray<[string, string]> = [['order:asc', 'Output order'], ...COLUMNS.flatMap((c): Array<[string, string]> => [[`${c.key}:${c.numeric ? 'desc' : 'asc'}`, `${c.label}${c.numeric ? ', highest first' : ''}`]])];
  for (const [value, label] of options) sort.append(el('option', { value }, label));
  sort.value = `${state.sort.key}:${state.sort.descending ? 'desc' : 'asc'}`;
  sort.addEventListener('change', () => {
    const [key, dir] = sort.value.split(':');
    if (SORT_KEYS.includes(key as SortKey)) save({ sort: { key: key as SortKey, descending: dir === 'desc' } });
    redraw();
  });
  bar.append(filter, sort, count);
  return bar;
}

function drawTable(box: HTMLElement, count: HTMLElement): void {
  const current = state.message;
  if (current?.type !== 'result') return;
  const hadFocus = box.contains(document.activeElement);
  const groups = groupRows(current.slots, state.sort, state.filter);
  const shown = groups.reduce((n, g) => n + g.rows.length, 0);
  count.textContent = state.filter ? `${shown} of ${current.slots.length}` : `${current.slots.length} units`;
  const collapsed = new Set(state.collapsed);
  const table = tableView(groups, collapsed, state.sort, {
    onSort: (sort) => {
      save({ sort });
      draw();
    },
  });
  box.replaceChildren(table);
  if (groups.length === 0) box.append(el('p', { class: 'meta' }, 'No unit matches the filter.'));
  const toggle = (path: string, open: boolean): void => {
    save({ collapsed: open ? state.collapsed.filter((p) => p !== path) : [...state.collapsed, path] });
    drawTable(box, count);
  };
  attachGridNavigation(table, state.active, {
    moved: (id) => save({ active: id }),
    expand: (row, open) => toggle(row.dataset.group ?? '', open),
    activate: (row) => {
      if (row.dataset.group !== undefined) toggle(row.dataset.group, collapsed.has(row.dataset.group));
      else if (row.dataset.slot !== undefined) post({ type: 'reveal', index: Number(row.dataset.slot) });
    },
  });
  if (hadFocus) table.focus();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isToWebview(event.data)) return;
  save({ message: event.data, active: undefined });
  draw();
});

draw();
post({ type: 'ready' });
