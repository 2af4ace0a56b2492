import * as vscode from 'vscode';
import { qualifiedName, workspaceSymbols, type SymbolCandidate } from './symbols';

interface SymbolItem extends vscode.QuickPickItem {
  readonly symbol: SymbolCandidate;
}

const kindIcons: Partial<Record<vscode.SymbolKind, string>> = {
  [vscode.SymbolKind.Function]: 'symbol-function',
  [vscode.SymbolKind.Method]: 'symbol-method',
  [vscode.SymbolKind.Constructor]: 'symbol-method',
  [vscode.SymbolKind.Class]: 'symbol-class',
  [vscode.SymbolKind.Interface]: 'symbol-interface',
  [vscode.SymbolKind.Enum]: 'symbol-enum',
  [vscode.SymbolKind.Struct]: 'symbol-struct',
  [vscode.SymbolKind.Module]: 'symbol-namespace',
  [vscode.SymbolKind.Namespace]: 'symbol-namespace',
  [vscode.SymbolKind.Constant]: 'symbol-constant',
  [vscode.SymbolKind.Variable]: 'symbol-variable',
};

function keyOf(s: SymbolCandidate): string {
  return `${s.uri.toString()}#${s.range.start.line}:${qualifiedName(s)}`;
}

function toItem(s: SymbolCandidate): SymbolItem {
  const where = `${vscode.workspace.asRelativePath(s.uri, false)}:${s.range.start.line + 1}`;
  return {
    symbol: s,
    label: `$(${kindIcons[s.kind] ?? 'symbol-misc'}) ${s.name}`,
    description: s.container ?? '',
    detail: s.source === 'tree-sitter' ? `${where} · tree-sitter` : where,
  };
}

/** Debounce for workspace-symbol queries while typing: providers search the whole project on each call. */
const WORKSPACE_QUERY_DELAY_MS = 200;

/**
 * A multi-select quick pick of the open documents' symbols; typing also searches the workspace symbol
 * provider and adds what it finds, keeping what is already checked.
 */
export function pickSymbols(open: readonly SymbolCandidate[]): Promise<SymbolCandidate[] | undefined> {
  const pick = vscode.window.createQuickPick<SymbolItem>();
  pick.title = 'Compress context: symbols to keep verbatim';
  pick.placeholder = 'Check symbols (Space), type to search the workspace, Enter to compress';
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const byKey = new Map<string, SymbolItem>();
  for (const s of open) byKey.set(keyOf(s), toItem(s));
  pick.items = [...byKey.values()];
  let timer: NodeJS.Timeout | undefined;
  let generation = 0;
  return new Promise((resolve) => {
    const subs: vscode.Disposable[] = [];
    const finish = (value: SymbolCandidate[] | undefined): void => {
      clearTimeout(timer);
      for (const d of subs) d.dispose();
      pick.dispose();
      resolve(value);
    };
    subs.push(
      pick.onDidChangeValue((value) => {
        clearTimeout(timer);
        if (value.trim().length < 2) return;
        const mine = ++generation;
        timer = setTimeout(() => {
          pick.busy = true;
          void workspaceSymbols(value.trim()).then((found) => {
            if (mine !== generation) return;
            let added = false;
            for (const s of found) {
              if (!byKey.has(keyOf(s)) && ![...byKey.values()].some((i) => i.symbol.name === s.name && i.symbol.uri.toString() === s.uri.toString() && i.symbol.range.contains(s.range.start))) {
                byKey.set(keyOf(s), toItem(s));
                added = true;
              }
            }
            if (added) {
              const checked = pick.selectedItems;
              pick.items = [...byKey.values()];
              pick.selectedItems = checked; // replacing items would otherwise uncheck everything
            }
          }, () => undefined).finally(() => {
            if (mine === generation) pick.busy = false;
          });
        }, WORKSPACE_QUERY_DELAY_MS);
      }),
      pick.onDidAccept(() => {
        // Enter with nothing checked takes the focused row, as a single-select pick would.
        const chosen = pick.selectedItems.length > 0 ? pick.selectedItems : pick.activeItems;
        finish(chosen.map((i) => i.symbol));
      }),
      pick.onDidHide(() => finish(undefined)),
    );
    pick.show();
  });
}
