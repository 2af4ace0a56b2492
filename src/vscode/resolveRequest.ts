import * as vscode from 'vscode';
import type { CompressArgs, ScopeKind } from './compressArgs';
import type { Ctx } from './ctx';
import { openDocuments } from './gatherEditors';
import { pickFolder } from './gatherFolder';
import { askQuestion, pickScope, rememberQuestion, type QuestionPrompt } from './prompts';
import { storeFocus, storeSymbol, type RunRequest } from './runRequest';
import { pickSymbols } from './symbolPick';
import { documentSymbols, findSymbolsByName, type SymbolCandidate } from './symbols';

export class NothingToCompressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NothingToCompressError';
  }
}

/** How the question is asked for, and whether a run without one goes on. */
export interface QuestionPolicy {
  readonly prompt: QuestionPrompt;
  /** Ask for a question when the arguments give none (Compress: the setting; Ask: always). */
  readonly ask: boolean;
}

function inferScope(args: CompressArgs): ScopeKind | undefined {
  if (args.scope) return args.scope;
  if (args.folder || args.resources) return 'folder';
  if (args.symbols) return 'symbols';
  return undefined;
}

async function chooseSymbols(ctx: Ctx, args: CompressArgs, first: vscode.Uri | undefined): Promise<SymbolCandidate[] | undefined> {
  const docs = await openDocuments(first);
  if (args.symbols) {
    const { found, missing } = await findSymbolsByName(args.symbols, docs, ctx.unitSource);
    if (missing.length > 0) throw new NothingToCompressError(`Symbol${missing.length === 1 ? '' : 's'} not found in the open editors or the workspace: ${missing.join(', ')}.`);
    return found;
  }
  const candidates = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading symbols…' }, async () => {
    const all: SymbolCandidate[] = [];
    for (const doc of docs) all.push(...(await documentSymbols(doc, ctx.unitSource)));
    return all;
  });
  const chosen = await pickSymbols(candidates);
  return chosen && chosen.length > 0 ? chosen : undefined;
}

/** Why a scope that needs a code editor has none: the result editor is active and no code editor was seen, or none is open. */
function noEditor(): NothingToCompressError {
  const active = vscode.window.activeTextEditor;
  return new NothingToCompressError(active ? 'The active editor is not code (it is the compressed result or an answer): click into a code file first.' : 'No active editor: open a file first.');
}

/**
 * Turns the command's arguments into a full request, asking for what they leave open, and records what it is
 * gathered against (the code editor's cursor or selection, the open documents); undefined when the user backs out.
 */
export async function resolveRequest(ctx: Ctx, args: CompressArgs, question: QuestionPolicy): Promise<RunRequest | undefined> {
  const state = ctx.extension.workspaceState;
  // The code editor the run is about: the active one, or the last code editor when the result editor is active.
  const editor = ctx.codeEditor();
  const scope = inferScope(args) ?? (await pickScope(state, editor));
  if (!scope) return undefined;
  let symbols: SymbolCandidate[] = [];
  let resources: vscode.Uri[] = [];
  if (scope === 'symbols') {
    const chosen = await chooseSymbols(ctx, args, editor?.document.uri);
    if (!chosen) return undefined;
    symbols = chosen;
  } else if (scope === 'folder') {
    const given = args.resources ?? (args.folder ? [args.folder] : undefined);
    const folder = given ?? (await pickFolder().then((f) => (f ? [f] : undefined)));
    if (!folder) return undefined;
    resources = [...folder];
  } else if ((scope === 'currentFile' || scope === 'selection') && !editor) {
    throw noEditor();
  } else if (scope === 'selection' && editor?.selection.isEmpty) {
    throw new NothingToCompressError('Nothing is selected: select the code to compress first.');
  }
  const documents = scope === 'openEditors' ? (await openDocuments(editor?.document.uri)).map((d) => d.uri.toString()) : [];
  const asked = args.question ?? (question.ask ? await askQuestion(state, question.prompt) : '');
  if (asked === undefined) return undefined;
  if (args.question !== undefined) await rememberQuestion(state, args.question);
  return {
    scope,
    question: asked,
    budget: args.budget ?? ctx.config.budget,
    ...(editor ? { focus: storeFocus(editor) } : {}),
    documents,
    resources: resources.map((u) => u.toString()),
    symbols: symbols.map(storeSymbol),
  };
}
