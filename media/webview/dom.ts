// Small DOM helpers for the Diagnostics webview (no framework: the view is a few hundred nodes).

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** 18210 → "18k", 1234 → "1.2k", 950 → "950" (as the status bar writes them). */
export function fmt(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

/** "lib/adapters/fetch.js" → ["fetch.js", "lib/adapters"]: the name first, the folder after it to tell twins apart. */
export function splitPath(path: string): { name: string; dir: string } {
  const at = path.lastIndexOf('/');
  return at < 0 ? { name: path, dir: '' } : { name: path.slice(at + 1), dir: path.slice(0, at) };
}

/** A file's label: its name, then its folder dimmed; one line, cut at the right with an ellipsis by CSS. */
export function pathLabel(path: string): HTMLElement {
  const { name, dir } = splitPath(path);
  const label = el('span', { class: 'path', title: path });
  label.append(el('span', { class: 'path-name' }, name));
  if (dir) label.append(' ', el('span', { class: 'path-dir' }, dir));
  return label;
}
