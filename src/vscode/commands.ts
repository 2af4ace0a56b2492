import * as vscode from 'vscode';
import { compressContext, deliver, runRequest } from './compressCommand';
import type { Ctx } from './ctx';
import { askBudget } from './prompts';
import type { FromWebview } from '../protocol/diagnosticsView';

export const COMMANDS = {
  compress: 'codeContextCompressor.compress',
  compressWithBudget: 'codeContextCompressor.compressWithBudget',
  compressSelection: 'codeContextCompressor.compressSelection',
  compressResources: 'codeContextCompressor.compressResources',
  showDiagnostics: 'codeContextCompressor.showDiagnostics',
  showLog: 'codeContextCompressor.showLog',
} as const;

/** Every command in one table; handlers stay thin. */
export function registerCommands(ctx: Ctx): void {
  const table: Record<string, (...args: unknown[]) => unknown> = {
    [COMMANDS.compress]: (args) => compressContext(ctx, args),
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
    [COMMANDS.showDiagnostics]: () => vscode.commands.executeCommand('codeContextCompressor.diagnostics.focus'),
    [COMMANDS.showLog]: () => ctx.log.show(true),
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
      // The same request again (scope, symbols, question, budget), without asking; the files are read afresh.
      if (ctx.lastRequest) await runRequest(ctx, ctx.lastRequest);
      else await vscode.commands.executeCommand(COMMANDS.compress);
      return;
    case 'ask':
      await vscode.commands.executeCommand('codeContextCompressor.ask');
      return;
    case 'copy':
      if (result) await deliver(ctx, result, 'clipboard');
      return;
    case 'open':
      if (result) await deliver(ctx, result, 'document');
      return;
    case 'reveal':
      await ctx.view.reveal(result?.slots[message.index]);
      return;
    case 'ready':
      return;
  }
}
