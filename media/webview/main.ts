// The Diagnostics webview: renders what the extension posts, and posts back user actions. Its state (the
// last result and the sort) is kept with setState, so hiding and showing the view restores it.
import { isToWebview, type FromWebview, type ToWebview } from '../../src/vscode/protocol';
import { tokensPerFileChart } from './chart';
import { el } from './dom';
import { summaryView } from './summary';
import { tableView, type SortKey, type SortState } from './table';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  readonly message: ToWebview | undefined;
  readonly sort: SortState;
}

const sortKeys: readonly SortKey[] = ['order', 'path', 'name', 'lines', 'level', 'tokens', 'entropy', 'relevance'];

/** Saved state is data from an earlier session of this view: checked like any message. */
function restore(saved: unknown): ViewState {
  const fallback: ViewState = { message: undefined, sort: { key: 'order', descending: false } };
  if (typeof saved !== 'object' || saved === null) return fallback;
  const s = saved as { message?: unknown; sort?: { key?: unknown; descending?: unknown } };
  const sort = s.sort && sortKeys.includes(s.sort.key as SortKey) && typeof s.sort.descending === 'boolean' ? { key: s.sort.key as SortKey, descending: s.sort.descending } : fallback.sort;
  return { message: isToWebview(s.message) ? s.message : undefined, sort };
}

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let state = restore(vscode.getState());

function draw(): void {
  app.replaceChildren();
  const current = state.message;
  if (!current || current.type === 'empty') {
    const p = el('p', { class: 'empty' });
    p.append('No compression yet. Run ', el('strong', {}, 'Compress context'), ' (Ctrl+Alt+C) to see what was kept, per file and symbol.');
    app.append(p);
    return;
  }
  const post = (m: FromWebview): void => vscode.postMessage(m);
  app.append(
    summaryView(current.summary, post),
    tokensPerFileChart(current.slots),
    tableView(current.slots, state.sort, (sort) => {
      state = { ...state, sort };
      vscode.setState(state);
      draw();
    }, (index) => post({ type: 'reveal', index })),
  );
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isToWebview(event.data)) return;
  state = { ...state, message: event.data };
  vscode.setState(state);
  draw();
});

draw();
vscode.postMessage({ type: 'ready' });
