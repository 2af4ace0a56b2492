import * as vscode from 'vscode';
import { MIN_BUDGET } from '../engine';
import type { ScopeKind } from './compressArgs';

const LAST_SCOPE_KEY = 'codeContextCompressor.lastScope';
const QUESTIONS_KEY = 'codeContextCompressor.recentQuestions';
/** Earlier questions offered in the question prompt, most recent first. */
const MAX_RECENT_QUESTIONS = 20;

/** Titles of the prompts shown in this session, latest last (the test API reads them: a prompt the host cannot see). */
const shown: string[] = [];

function record(title: string): void {
  shown.push(title);
  if (shown.length > 50) shown.shift();
}

export function promptsShown(): readonly string[] {
  return shown;
}

interface ScopeItem extends vscode.QuickPickItem {
  readonly scope: ScopeKind;
}

function scopeItems(editor: vscode.TextEditor | undefined): ScopeItem[] {
  const file = editor ? vscode.workspace.asRelativePath(editor.document.uri, false) : undefined;
  const hasSelection = editor !== undefined && !editor.selection.isEmpty;
  return [
    { scope: 'openEditors', label: '$(files) Open editors', description: 'every open file, the code at the cursor kept verbatim' },
    { scope: 'currentFile', label: '$(file) Current file', description: file ?? 'no code editor' },
    { scope: 'symbols', label: '$(symbol-method) Chosen symbols…', description: 'functions, classes… kept verbatim, with their files around them' },
    { scope: 'selection', label: '$(selection) Selection', description: hasSelection ? 'only the selected lines' : 'nothing selected' },
    { scope: 'folder', label: '$(folder) Folder…', description: 'every source file under a folder (honours .gitignore)' },
  ];
}

/** Asks for the scope; the last choice (per workspace) comes first so that Enter repeats it. `editor`: the code editor the run is about. */
export async function pickScope(state: vscode.Memento, editor: vscode.TextEditor | undefined): Promise<ScopeKind | undefined> {
  const last = state.get<ScopeKind>(LAST_SCOPE_KEY);
  const items = scopeItems(editor);
  const lastIndex = items.findIndex((i) => i.scope === last);
  if (lastIndex > 0) items.unshift(...items.splice(lastIndex, 1));
  record('Compress context: what to compress');
  const picked = await vscode.window.showQuickPick(items, { title: 'Compress context: what to compress', placeHolder: 'Choose the scope (Enter repeats the last one)' });
  if (!picked) return undefined;
  await state.update(LAST_SCOPE_KEY, picked.scope);
  return picked.scope;
}

export interface QuestionPrompt {
  readonly title: string;
  /** The first item while nothing is typed: what Enter on an empty box does, in words. */
  readonly emptyLabel: string;
  readonly placeholder: string;
}

interface QuestionItem extends vscode.QuickPickItem {
  /** The question this item stands for; '' for "no question". */
  readonly question: string;
}

/**
 * Asks for a question in a prompt that starts empty: Enter on the empty box takes the first item ("no
 * question"); earlier questions are the next items (arrow keys), and typing filters them, with what was typed
 * as the first item. Escape gives undefined. A question given is remembered for next time.
 */
export async function askQuestion(state: vscode.Memento, prompt: QuestionPrompt): Promise<string | undefined> {
  const recent = state.get<string[]>(QUESTIONS_KEY, []);
  const pick = vscode.window.createQuickPick<QuestionItem>();
  pick.title = prompt.title;
  pick.placeholder = prompt.placeholder;
  pick.ignoreFocusOut = true;
  const history: QuestionItem[] = recent.map((q) => ({ label: q, description: 'earlier question', question: q }));
  const itemsFor = (typed: string): QuestionItem[] =>
    typed.trim() === '' ? [{ label: prompt.emptyLabel, question: '', alwaysShow: true }, ...history] : [{ label: typed, description: 'this question', question: typed.trim(), alwaysShow: true }, ...history];
  pick.items = itemsFor('');
  record(prompt.title);
  const answer = await new Promise<string | undefined>((resolve) => {
    pick.onDidChangeValue((v) => (pick.items = itemsFor(v)));
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.question ?? pick.activeItems[0]?.question ?? pick.value.trim());
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (answer) await rememberQuestion(state, answer);
  return answer;
}

/** Puts a question first among the recent ones (the prompt's items), however it was given. */
export async function rememberQuestion(state: vscode.Memento, question: string): Promise<void> {
  const q = question.trim();
  if (!q) return;
  const recent = state.get<string[]>(QUESTIONS_KEY, []);
  await state.update(QUESTIONS_KEY, [q, ...recent.filter((r) => r !== q)].slice(0, MAX_RECENT_QUESTIONS));
}

/** Asks for a budget for one run, starting from the setting. */
export async function askBudget(current: number): Promise<number | undefined> {
  record('Compress context with budget');
  const answer = await vscode.window.showInputBox({
    title: 'Compress context with budget',
    prompt: 'Budget for this run, in decoder tokens (the setting stays as it is). Suffix k for thousands.',
    value: String(current),
    validateInput: (v) => (parseBudget(v) === undefined ? `A whole number of tokens, at least ${MIN_BUDGET} (e.g. 2000 or 8k).` : undefined),
  });
  return answer === undefined ? undefined : parseBudget(answer);
}

export function parseBudget(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k?)\s*$/i.exec(text);
  if (!m?.[1]) return undefined;
  const n = Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
  return Number.isInteger(n) && n >= MIN_BUDGET && n <= 10_000_000 ? n : undefined;
}
