import * as vscode from 'vscode';
import type { CompressArgs, ScopeKind } from './compressArgs';
import type { Ctx } from './ctx';
import { openDocuments } from './gatherEditors';
import { pickFolder } from './gatherFolder';
import { askQuestion, pickScope } from './prompts';
import { pickSymbols } from './symbolPick';
import { documentSymbols, findSymbolsByName, type SymbolCandidate } from './symbols';

/** Everything one run needs that a person may have to be asked for, asked before any work starts. */
export interface RunRequest {
  readonly scope: ScopeKind;
  readonly symbols: readonly SymbolCandidate[];
  readonly resources: readonly vscode.Uri[];
  readonly question: string;
  readonly budget: number;
}

export class NothingToCompressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NothingToCompressError';
  }
}

function inferScope(args: CompressArgs): ScopeKind | undefined {
  if (args.scope) return args.scope;
  if (args.folder || args.resources) return 'folder';
  if (args.symbols) return 'symbols';
  return undefined;
}

async function chooseSymbols(ctx: Ctx, args: CompressArgs): Promise<SymbolCandidate[] | undefined> {
  const docs = await openDocuments();
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

/** Turns the command's arguments into a full request, asking for what they leave open; undefined when the user backs out. */
export async function resolveRequest(ctx: Ctx, args: CompressArgs): Promise<RunRequest | undefined> {
  const state = ctx.extension.workspaceState;
  const scope = inferScope(args) ?? (await pickScope(state));
  if (!scope) return undefined;
  let symbols: SymbolCandidate[] = [];
  let resources: vscode.Uri[] = [];
  if (scope === 'symbols') {
    const chosen = await chooseSymbols(ctx, args);
    if (!chosen) return undefined;
    symbols = chosen;
  } else if (scope === 'folder') {
    const given = args.resources ?? (args.folder ? [args.folder] : undefined);
    const folder = given ?? (await pickFolder().then((f) => (f ? [f] : undefined)));
    if (!folder) return undefined;
    resources = [...folder];
  } else if (scope === 'selection' && (vscode.window.activeTextEditor?.selection.isEmpty ?? true)) {
    throw new NothingToCompressError('Nothing is selected: select the code to compress first.');
  } else if ((scope === 'currentFile' || scope === 'selection') && !vscode.window.activeTextEditor) {
    throw new NothingToCompressError('No active editor: open a file first.');
  }
  const question = args.question ?? (ctx.config.askForQuestion ? await askQuestion(state) : '');
  if (question === undefined) return undefined;
  return { scope, symbols, resources, question, budget: args.budget ?? ctx.config.budget };
}
