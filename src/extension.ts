import type * as vscode from 'vscode';
import type { CompressResult } from './engine';
import type { IndexerReport } from './vscode/backgroundIndexer';
import { compressContext } from './vscode/compressCommand';
import { COMMANDS, handleViewMessage, registerCommands } from './vscode/commands';
import { Ctx } from './vscode/ctx';
import { DensityQuickFixes } from './vscode/densityQuickFixes';
import { promptsShown } from './vscode/prompts';
import type { ToWebview } from './protocol/diagnosticsView';

// Measured from the moment the bundle is evaluated: what activation costs this extension's own code.
const loadedAt = performance.now();

/** What activate() returns: read-only access for tests and other extensions, plus a cancellable run. */
export interface CompressorApi {
  lastResult(): CompressResult | undefined;
  /** What the last run compressed, in words, and the query it ranked by (the cursor's code, then the question). */
  lastScope(): { kind: string; description: string; query: string | undefined } | undefined;
  statusText(): string;
  statusTooltip(): string;
  statusWarning(): boolean;
  /** What a screen reader says for the status bar item. */
  statusAccessibilityLabel(): string;
  /** The lines the Diagnostics view's last "reveal" highlights in the editor, while they are highlighted. */
  highlightedSlot(): { uri: string; startLine: number; endLine: number } | undefined;
  /** Sends a message into the Diagnostics view's handler as the webview would: checked the same way. */
  postFromWebview(message: unknown): boolean;
  /** What the Diagnostics view shows (or will show when opened). */
  viewState(): ToWebview;
  /** "Compress context" with an argument object, cancellable through `token` as by the notification's Cancel. */
  compress(args?: unknown, token?: vscode.CancellationToken): Promise<CompressResult | undefined>;
  /** Milliseconds from loading the bundle to the end of activate() (includes VS Code's own set-up between them). */
  activationMs(): number;
  /** Milliseconds spent inside activate() itself. */
  activateBodyMs(): number;
  /** Resolves when the density checks scheduled so far (Problems entries) have finished. */
  densitySettled(): Promise<void>;
  /** What the background indexer has done and is doing (backgroundIndexer.ts). */
  indexReport(): IndexerReport;
  /** Resolves when the background indexer has nothing waiting and nothing running (ranking preparation and record writes included). */
  indexSettled(): Promise<void>;
  /** Titles of the prompts (quick picks, input boxes) shown so far in this session, latest last. */
  promptsShown(): readonly string[];
  /**
   * What activation does with the result editor after a window reload, against `state` (tests give their own),
   * tidying the layout until it has not changed for `settleMs` (default 20 s).
   */
  restoreResultEditor(state: vscode.Memento, settleMs?: number): Promise<vscode.Disposable>;
}

/** Activation only builds the context object and registers; nothing heavy is loaded here. */
export function activate(context: vscode.ExtensionContext): CompressorApi {
  const activateStart = performance.now();
  const ctx: Ctx = new Ctx(context, COMMANDS.showDiagnostics, (message) => void handleViewMessage(ctx, message));
  registerCommands(ctx);
  context.subscriptions.push(DensityQuickFixes.register());
  const activatedAt = performance.now();
  const activationMs = activatedAt - loadedAt;
  const activateBodyMs = activatedAt - activateStart;
  ctx.log.debug(`Activated in ${activationMs.toFixed(1)} ms (${activateBodyMs.toFixed(1)} ms in activate())`);
  return {
    lastResult: () => ctx.lastResult,
    lastScope: () => ctx.lastScope,
    statusText: () => ctx.statusBar.text,
    statusTooltip: () => ctx.statusBar.tooltip,
    statusWarning: () => ctx.statusBar.warning,
    statusAccessibilityLabel: () => ctx.statusBar.accessibilityLabel,
    highlightedSlot: () => ctx.view.highlighted,
    postFromWebview: (message) => ctx.view.receive(message),
    viewState: () => ctx.view.state,
    compress: (args, token) => compressContext(ctx, args, token),
    activationMs: () => activationMs,
    activateBodyMs: () => activateBodyMs,
    densitySettled: () => ctx.density.settled(),
    indexReport: () => ctx.indexer.report,
    indexSettled: () => ctx.indexer.settled(),
    promptsShown,
    restoreResultEditor: (state, settleMs) => ctx.results.restore(state, settleMs),
  };
}

export function deactivate(): void {
  // Disposables are owned by the extension context's subscriptions.
}
