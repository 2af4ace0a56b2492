import * as vscode from 'vscode';
import { CancelledError, countOf, formatRatio } from '../engine';
import type { CompressResult } from '../engine';
import { checkKept } from './checkKept';
import { parseCompressArgs } from './compressArgs';
import type { Ctx } from './ctx';
import { notifyEncoder } from './encoderModels';
import { gatherCurrentFile, gatherOpenEditors, type EditorScope } from './gatherEditors';
import { gatherFolder } from './gatherFolder';
import { gatherSelection } from './gatherSelection';
import { gatherSymbols } from './gatherSymbols';
import { showError } from './log';
import { NothingToCompressError, resolveRequest, type RunRequest } from './resolveRequest';
import { shiftLines } from './shiftLines';

/** Runs at most this many extra passes when shifting line numbers back made the text longer than the budget. */
const MAX_REFIT_PASSES = 3;

/**
 * "Compress context": resolves the scope (asking only for what `rawArgs` leaves open), then gathers and
 * compresses under a cancellable progress notification and shows the result. `external` lets a caller (the
 * test API) cancel the run the way the notification's Cancel button does.
 */
export async function compressContext(ctx: Ctx, rawArgs?: unknown, external?: vscode.CancellationToken): Promise<CompressResult | undefined> {
  const { log } = ctx;
  let request: RunRequest | undefined;
  try {
    request = await resolveRequest(ctx, parseCompressArgs(rawArgs));
  } catch (err) {
    if (err instanceof NothingToCompressError) {
      void vscode.window.showInformationMessage(err.message);
      return undefined;
    }
    // Not awaited: the message stays until dismissed, and the command should not wait for that.
    void showError(log, `Compress context failed: ${err instanceof Error ? err.message : String(err)}`, err);
    return undefined;
  }
  if (!request) return undefined;
  return runRequest(ctx, request, external);
}

/** Runs a resolved request (also what "Re-run" repeats, reading the files afresh). */
export async function runRequest(ctx: Ctx, req: RunRequest, external?: vscode.CancellationToken): Promise<CompressResult | undefined> {
  const { log } = ctx;
  ctx.lastRequest = req;
  // A new run replaces one still in progress.
  ctx.currentRun?.cancel();
  const run = new vscode.CancellationTokenSource();
  ctx.currentRun = run;
  const externalSub = external?.onCancellationRequested(() => run.cancel());
  ctx.statusBar.running(req.scope);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Compressing context', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subs = [token.onCancellationRequested(() => controller.abort()), run.token.onCancellationRequested(() => controller.abort())];
        if (run.token.isCancellationRequested) controller.abort();
        try {
          progress.report({ message: 'gathering…' });
          const t0 = performance.now();
          const scope = await gatherScope(ctx, req, controller.signal);
          ctx.lastScope = { kind: req.scope, description: scope.description, query: scope.query };
          if (controller.signal.aborted) throw new CancelledError();
          if (scope.files.length === 0) return { scope, result: undefined };
          log.info(`Compressing ${scope.description}, budget ${req.budget}`);
          progress.report({ message: `${scope.description}…` });
          const fitted = await compressFitted(ctx, scope, req.budget, performance.now() - t0, controller.signal);
          return { scope, result: scope.mustKeep ? checkKept(fitted, scope.mustKeep) : fitted };
        } finally {
          for (const s of subs) s.dispose();
        }
      },
    );
    if (!result.result) {
      restoreStatus(ctx);
      for (const w of result.scope.warnings) log.warn(w.message);
      void vscode.window.showInformationMessage(`Nothing to compress (${result.scope.description}).`);
      return undefined;
    }
    return await finish(ctx, result.result);
  } catch (err) {
    // A run cancelled because a newer one started leaves the status bar to the newer one.
    if (ctx.currentRun === run) restoreStatus(ctx);
    if (err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError')) {
      log.info('Compression cancelled.');
      return undefined;
    }
    // Not awaited: the message stays until dismissed, and the command should not wait for that.
    void showError(log, `Compress context failed: ${err instanceof Error ? err.message : String(err)}`, err);
    return undefined;
  } finally {
    externalSub?.dispose();
    if (ctx.currentRun === run) ctx.currentRun = undefined;
    run.dispose();
  }
}

function restoreStatus(ctx: Ctx): void {
  if (ctx.lastResult) ctx.statusBar.show(ctx.lastResult);
  else ctx.statusBar.idle();
}

/** The files, pinned regions and query of a request's scope (shared with "Ask local LLM"). */
export async function gatherScope(ctx: Ctx, req: RunRequest, signal: AbortSignal): Promise<EditorScope> {
  const max = ctx.config.maxFileBytes;
  switch (req.scope) {
    case 'openEditors':
      return gatherOpenEditors(max, req.question);
    case 'currentFile':
      return gatherCurrentFile(max, req.question);
    case 'selection':
      return gatherSelection(max, req.question);
    case 'folder':
      return gatherFolder(req.resources, max, req.question, signal);
    case 'symbols':
      return gatherSymbols(req.symbols, max, req.question, ctx.unitSource);
  }
}

/** Compresses; for an excerpt (the selection) moves lines back and re-fits if that made the text longer. */
async function compressFitted(ctx: Ctx, scope: EditorScope, budget: number, gatherMs: number, signal: AbortSignal): Promise<CompressResult> {
  const decoder = ctx.config.decoder;
  const once = (b: number): Promise<CompressResult> =>
    ctx.compressor.compress({ files: scope.files, pinned: scope.pinned, ...(scope.query !== undefined ? { query: scope.query } : {}), budget: b, decoder, repoName: vscode.workspace.name ?? 'workspace', priorWarnings: scope.warnings, gatherMs }, signal);
  const offsets = scope.lineOffsets;
  if (!offsets || offsets.size === 0) return once(budget);
  const counter = await ctx.compressor.tokenCounter(decoder);
  let target = budget;
  for (let pass = 0; ; pass++) {
    const shifted = shiftLines(await once(target), offsets);
    const tokens = counter.count(shifted.text);
    if (tokens <= budget || pass >= MAX_REFIT_PASSES || target - (tokens - budget) < 16) {
      const ratio = tokens > 0 ? shifted.stats.originalTokens / tokens : 1;
      return { ...shifted, stats: { ...shifted.stats, budget, compressedTokens: tokens, ratio } };
    }
    target -= tokens - budget;
  }
}

async function finish(ctx: Ctx, result: CompressResult): Promise<CompressResult> {
  ctx.lastResult = result;
  ctx.statusBar.show(result);
  ctx.view.update(result, ctx.lastScope?.description);
  const s = result.stats;
  ctx.log.info(`Compressed ${countOf(s.files, 'file')}: ${s.originalTokens} → ${s.compressedTokens} tokens (${formatRatio(s.ratio)}, budget ${s.budget}, ${s.decoder}) in ${s.timingsMs.total.toFixed(0)} ms`);
  for (const w of result.warnings) ctx.log.warn(w.message);
  await deliver(ctx, result);
  void notifyEncoder(ctx, result);
  return result;
}

/** Puts the result where the user asked: a read-only document, or the clipboard. */
export async function deliver(ctx: Ctx, result: CompressResult, target = ctx.config.output): Promise<void> {
  if (target === 'clipboard') {
    await vscode.env.clipboard.writeText(result.text);
    void vscode.window.showInformationMessage(`Compressed context copied (${result.stats.compressedTokens} tokens, ${formatRatio(result.stats.ratio)}).`);
    return;
  }
  await ctx.results.open(result.text, `Compressed context (${formatRatio(result.stats.ratio)}).txt`);
}
