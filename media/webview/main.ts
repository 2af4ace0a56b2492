// The Diagnostics webview: renders what the extension posts, and posts back user actions.
import { isToWebview, type FromWebview, type ResultSummary, type SlotRow, type ToWebview } from '../../src/vscode/protocol';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

type SortKey = 'order' | 'tokens' | 'relevance' | 'path';
let sortKey: SortKey = 'order';
let current: ToWebview | undefined = isToWebview(vscode.getState()) ? (vscode.getState() as ToWebview) : undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function fmt(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

function summaryView(s: ResultSummary): HTMLElement {
  const box = el('section', { class: 'summary' });
  box.append(el('h2', {}, `${s.ratio.toFixed(1)}× ${fmt(s.originalTokens)} → ${fmt(s.compressedTokens)} tokens`));
  const used = Math.min(100, Math.round((100 * s.compressedTokens) / s.budget));
  const bar = el('div', { class: 'budget', title: `${used}% of the ${s.budget}-token budget` });
  const fill = el('div', { class: 'budget-fill' });
  fill.style.width = `${used}%`;
  bar.append(fill);
  box.append(bar);
  const stages = Object.entries(s.timingsMs)
    .filter(([k]) => k !== 'total')
    .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
    .join(' · ');
  box.append(el('p', { class: 'meta' }, `Budget ${s.budget} · decoder ${s.decoder} · ${s.files} files · ${(s.timingsMs.total ?? 0).toFixed(0)} ms (${stages})`));
  for (const w of s.warnings) box.append(el('p', { class: 'warning' }, `⚠ ${w}`));
  const actions = el('div', { class: 'actions' });
  for (const [type, label] of [['copy', 'Copy context'], ['open', 'Open as document'], ['rerun', 'Re-run']] as const) {
    const b = el('button', { 'data-action': type }, label);
    b.addEventListener('click', () => vscode.postMessage({ type }));
    actions.append(b);
  }
  box.append(actions);
  return box;
}

function sorted(slots: readonly SlotRow[]): SlotRow[] {
  const rows = [...slots];
  if (sortKey === 'tokens') rows.sort((a, b) => b.originalTokens - a.originalTokens);
  else if (sortKey === 'relevance') rows.sort((a, b) => b.relevance - a.relevance);
  else if (sortKey === 'path') rows.sort((a, b) => a.path.localeCompare(b.path) || a.startLine - b.startLine);
  return rows;
}

function tableView(slots: readonly SlotRow[]): HTMLElement {
  const table = el('table', { class: 'slots' });
  const head = el('tr');
  const columns: [string, SortKey | undefined][] = [['File', 'path'], ['Symbol', undefined], ['Lines', undefined], ['Kept as', undefined], ['Tokens', 'tokens'], ['Relevance', 'relevance']];
  for (const [label, key] of columns) {
    const th = el('th', key ? { class: 'sortable', title: `Sort by ${label.toLowerCase()}` } : {}, label + (key && key === sortKey ? ' ▾' : ''));
    if (key) th.addEventListener('click', () => {
      sortKey = sortKey === key ? 'order' : key;
      draw();
    });
    head.append(th);
  }
  table.append(el('thead'), el('tbody'));
  table.tHead?.append(head);
  const body = table.tBodies[0] as HTMLTableSectionElement;
  for (const s of sorted(slots)) {
    const tr = el('tr', { 'data-slot': String(s.index), class: `level-${s.level}${s.pinned ? ' pinned' : ''}`, tabindex: '0', title: 'Reveal in editor' });
    const file = s.path.split('/').pop() ?? s.path;
    tr.append(
      el('td', { title: s.path }, file),
      el('td', {}, s.name || s.kind),
      el('td', {}, `${s.startLine}–${s.endLine}`),
      el('td', {}, s.pinned ? 'pinned' : s.level),
      el('td', {}, s.level === 'omitted' ? `${s.originalTokens} → 0` : `${s.originalTokens} → ${s.tokens}`),
      el('td', {}, s.relevance.toFixed(2)),
    );
    const reveal = (): void => vscode.postMessage({ type: 'reveal', index: s.index });
    tr.addEventListener('click', reveal);
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') reveal();
    });
    body.append(tr);
  }
  return table;
}

function draw(): void {
  app.replaceChildren();
  if (!current || current.type === 'empty') {
    const p = el('p', { class: 'empty' });
    p.append('No compression yet. Run ', el('strong', {}, 'Compress context'), ' from the command palette.');
    app.append(p);
    return;
  }
  app.append(summaryView(current.summary), tableView(current.slots));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isToWebview(event.data)) return;
  current = event.data;
  vscode.setState(current); // restored when the view is hidden and shown again
  draw();
});

draw();
vscode.postMessage({ type: 'ready' });
