import * as vscode from 'vscode';
import type { ScopeKind } from './compressArgs';

const LAST_SCOPE_KEY = 'codeContextCompressor.lastScope';
const LAST_QUESTION_KEY = 'codeContextCompressor.lastQuestion';

interface ScopeItem extends vscode.QuickPickItem {
  readonly scope: ScopeKind;
}

function scopeItems(): ScopeItem[] {
  const editor = vscode.window.activeTextEditor;
  const file = editor ? vscode.workspace.asRelativePath(editor.document.uri, false) : undefined;
  const hasSelection = editor !== undefined && !editor.selection.isEmpty;
  return [
    { scope: 'openEditors', label: '$(files) Open editors', description: 'every open file, the code at the cursor kept verbatim' },
    { scope: 'currentFile', label: '$(file) Current file', description: file ?? 'no active editor' },
    { scope: 'symbols', label: '$(symbol-method) Chosen symbols…', description: 'functions, classes… kept verbatim, with their files around them' },
    { scope: 'selection', label: '$(selection) Selection', description: hasSelection ? 'only the selected lines' : 'nothing selected' },
    { scope: 'folder', label: '$(folder) Folder…', description: 'every source file under a folder (honours .gitignore)' },
  ];
}

/** Asks for the scope; the last choice (per workspace) comes first so that Enter repeats it. */
export async function pickScope(state: vscode.Memento): Promise<ScopeKind | undefined> {
  const last = state.get<ScopeKind>(LAST_SCOPE_KEY);
  const items = scopeItems();
  const lastIndex = items.findIndex((i) => i.scope === last);
  if (lastIndex > 0) items.unshift(...items.splice(lastIndex, 1));
  const picked = await vscode.window.showQuickPick(items, { title: 'Compress context: what to compress', placeHolder: 'Choose the scope (Enter repeats the last one)' });
  if (!picked) return undefined;
  await state.update(LAST_SCOPE_KEY, picked.scope);
  return picked.scope;
}

/**
 * Asks for an optional question, prefilled with the last one; Enter on an empty box means "no question".
 * Escape (undefined) cancels the run.
 */
export async function askQuestion(state: vscode.Memento): Promise<string | undefined> {
  const last = state.get<string>(LAST_QUESTION_KEY, '');
  const answer = await vscode.window.showInputBox({
    title: 'Compress context: question (optional)',
    prompt: 'What is the context for? It joins the code at the cursor as the query. Enter to go on, Escape to cancel.',
    placeHolder: 'e.g. why does the discount apply twice?',
    value: last,
    valueSelection: [0, last.length],
  });
  if (answer === undefined) return undefined;
  await state.update(LAST_QUESTION_KEY, answer.trim());
  return answer.trim();
}

/** Asks for a budget for one run, starting from the setting. */
export async function askBudget(current: number): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'Compress context with budget',
    prompt: 'Budget for this run, in decoder tokens (the setting stays as it is). Suffix k for thousands.',
    value: String(current),
    validateInput: (v) => (parseBudget(v) === undefined ? 'A whole number of tokens, at least 16 (e.g. 2000 or 8k).' : undefined),
  });
  return answer === undefined ? undefined : parseBudget(answer);
}

export function parseBudget(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k?)\s*$/i.exec(text);
  if (!m?.[1]) return undefined;
  const n = Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
  return Number.isInteger(n) && n >= 16 && n <= 10_000_000 ? n : undefined;
}
