import type * as vscode from 'vscode';
import type { CompressResult } from './engine';
import { COMMANDS, handleViewMessage, registerCommands } from './vscode/commands';
import { Ctx } from './vscode/ctx';

/** What activate() returns: read-only access for tests and other extensions. */
export interface CompressorApi {
  lastResult(): CompressResult | undefined;
  statusText(): string;
}

/** Activation only builds the context object and registers; nothing heavy is loaded here. */
export function activate(context: vscode.ExtensionContext): CompressorApi {
  const ctx: Ctx = new Ctx(context, COMMANDS.showDiagnostics, (message) => void handleViewMessage(ctx, message));
  registerCommands(ctx);
  return {
    lastResult: () => ctx.lastResult,
    statusText: () => ctx.statusBar.text,
  };
}

export function deactivate(): void {
  // Disposables are owned by the extension context's subscriptions.
}
