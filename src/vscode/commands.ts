import * as vscode from 'vscode';
import { ask, chooseModel } from './askCommand';
import { compressContext, deliver, runRequest } from './compressCommand';
import type { Ctx } from './ctx';
import { clearCache, downloadEncoder, openCache } from './encoderModels';
import { askBudget } from './prompts';
import type { FromWebview } from '../protocol/diagnosticsView';

/** Every command id, in one place (package.json contributes the same list; a host test compares them). */
export const COMMANDS = {
  compress: 'codeContextCompressor.compress',
  compressWithBudget: 'codeContextCompressor.compressWithBudget',
  compressSelection: 'codeContextCompressor.compressSelection',
  compressResources: 'codeContextCompressor.compressResources',
  rerun: 'codeContextCompressor.rerun',
  copyResult: 'codeContextCompressor.copyResult',
  ask: 'codeContextCompressor.ask',
  chooseModel: 'codeContextCompressor.chooseModel',
  showDiagnostics: 'codeContextCompressor.showDiagnostics',
  showLog: 'codeContextCompressor.showLog',
  downloadEncoder: 'codeContextCompressor.downloadEncoder',
  openModelCache: 'codeContextCompressor.openModelCache',
  clearModelCache: 'codeContextCompressor.clearModelCache',
  buildIndex: 'codeContextCompressor.buildIndex',
  clearIndex: 'codeContextCompressor.clearIndex',
} as const;

type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** An argument object's `focus: true`: the result editor takes the focus (by default it stays in the code). */
function wantsFocus(args: unknown): boolean {
  return typeof args === 'object' && args !== null && (args as { focus?: unknown }).focus === true;
}

function stringField(args: unknown, field: string): string | undefined {
  const v = typeof args === 'object' && args !== null ? (args as Record<string, unknown>)[field] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** "Re-run": the last request again (the same scope, documents, cursor, symbols, question and budget), read afresh. */
export async function rerun(ctx: Ctx, args?: unknown): Promise<unknown> {
  const show = { focus: wantsFocus(args) };
  return ctx.lastRequest ? runRequest(ctx, ctx.lastRequest, undefined, show) : compressContext(ctx, undefined, undefined, show);
}

/** Every command in one table, registered in one loop; handlers stay thin. */
export function registerCommands(ctx: Ctx): void {
  const table: Record<CommandId, (...args: unknown[]) => unknown> = {
    [COMMANDS.compress]: (args) => compressContext(ctx, args, undefined, { focus: wantsFocus(args) }),
    [COMMANDS.compressWithBudget]: async () => {
      const budget = await askBudget(ctx.config.budget);
      return budget === undefined ? undefined : compressContext(ctx, { budget });
    },
    [COMMANDS.compressSelection]: () => compressContext(ctx, { scope: 'selection' }),
    // The explorer passes the clicked resource, then the whole selection when several are selected.
    [COMMANDS.compressResources]: (clicked, selected) => {
      const uris = (Array.isArray(selected) ? selected : [clicked]).filter((u): u is vscode.Uri => u instanceof vscode.Uri);
      return uris.length > 0 ? compressContext(ctx, { scope: 'folder', resources: uris }) : compressContext(ctx, { scope: 'folder' });
    },
    [COMMANDS.rerun]: (args) => rerun(ctx, args),
    [COMMANDS.copyResult]: () => (ctx.lastResult ? deliver(ctx, ctx.lastResult, 'clipboard') : vscode.window.showInformationMessage('Nothing to copy yet: run "Compress context" first.')),
    [COMMANDS.ask]: (args) => ask(ctx, args),
    [COMMANDS.chooseModel]: () => chooseModel(ctx),
    [COMMANDS.showDiagnostics]: () => vscode.commands.executeCommand('codeContextCompressor.diagnostics.focus'),
    [COMMANDS.showLog]: () => ctx.log.show(true),
    [COMMANDS.downloadEncoder]: (args) => downloadEncoder(ctx, stringField(args, 'id')),
    [COMMANDS.openModelCache]: () => openCache(ctx),
    [COMMANDS.clearModelCache]: (args) => clearCache(ctx, args),
    // A folder (the explorer's, or a test's) or, by default, every workspace folder.
    [COMMANDS.buildIndex]: (folder) => ctx.indexer.build(folder instanceof vscode.Uri ? [folder] : undefined),
    [COMMANDS.clearIndex]: async () => {
      await ctx.clearIndex();
      void vscode.window.showInformationMessage('The analysis index is empty: the next compression analyses every file again.');
    },
  };
  for (const [id, handler] of Object.entries(table)) {
    ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
}

/** What the Diagnostics view asks for. */
export async function handleViewMessage(ctx: Ctx, message: FromWebview): Promise<void> {
  const result = ctx.lastResult;
  switch (message.type) {
    case 'rerun':
      await rerun(ctx);
      return;
    case 'ask':
      await vscode.commands.executeCommand(COMMANDS.ask);
      return;
    case 'copy':
      if (result) await deliver(ctx, result, 'clipboard');
      return;
    case 'open':
      // The one result editor, focused: never a second tab.
      if (result) await deliver(ctx, result, 'document', { focus: true });
      return;
    case 'reveal':
      await ctx.view.reveal(result?.slots[message.index]);
      return;
    case 'ready':
      return;
  }
}
