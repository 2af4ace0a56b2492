import * as vscode from 'vscode';
import { compressContext, deliver } from './compressCommand';
import type { Ctx } from './ctx';
import type { FromWebview } from './protocol';

export const COMMANDS = {
  compress: 'codeContextCompressor.compress',
  showDiagnostics: 'codeContextCompressor.showDiagnostics',
  showLog: 'codeContextCompressor.showLog',
} as const;

/** Every command in one table; handlers stay thin. */
export function registerCommands(ctx: Ctx): void {
  const table: Record<string, () => unknown> = {
    [COMMANDS.compress]: () => compressContext(ctx),
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
      await vscode.commands.executeCommand(COMMANDS.compress);
      return;
    case 'copy':
      if (result) await deliver(ctx, result, 'clipboard');
      return;
    case 'open':
      if (result) await deliver(ctx, result, 'document');
      return;
    case 'reveal': {
      const slot = result?.slots[message.index];
      if (!slot?.uri) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(slot.uri));
      const range = new vscode.Range(slot.startLine - 1, 0, slot.endLine - 1, 0);
      await vscode.window.showTextDocument(doc, { selection: range, preserveFocus: false, viewColumn: vscode.ViewColumn.One });
      return;
    }
    case 'ready':
      return;
  }
}
