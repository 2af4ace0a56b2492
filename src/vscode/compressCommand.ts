import * as vscode from 'vscode';
import { countOf, formatRatio, joinQuery } from '../engine';
import type { CompressResult } from '../engine';
import { parseCompressArgs } from './compressArgs';
import type { Ctx } from './ctx';
import { notifyEncoder } from './encoderModels';
import { showError } from './log';
import { NothingToCompressError, resolveRequest, type QuestionPolicy } from './resolveRequest';
import type { ShowOptions } from './resultDocument';
import { gatherInput, isCancellation, restoreStatus, withRun } from './requestPath';
import type { RunRequest } from './runRequest';

const COMPRESS_QUESTION: QuestionPolicy['prompt'] = {
  title: 'Compress context: question (optional)',
  emptyLabel: '$(arrow-right) No question: compress for the code at the cursor',
  placeholder: 'What is the context for? Type a question, or Enter to go on without one (Escape cancels)',
};

/**
 * "Compress context": resolves the request (asking only for what `rawArgs` leaves open), then runs it.
 * `external` lets a caller (the test API) cancel the run the way the notification's Cancel button does.
 */
export async function compressContext(ctx: Ctx, rawArgs?: unknown, external?: vscode.CancellationToken, show: ShowOptions = {}): Promise<CompressResult | undefined> {
  let request: RunRequest | undefined;
  try {
    request = await resolveRequest(ctx, parseCompressArgs(rawArgs), { ask: ctx.config.askForQuestion, prompt: COMPRESS_QUESTION });
  } catch (err) {
    if (err instanceof NothingToCompressError) {
      void vscode.window.showInformationMessage(err.message);
      return undefined;
    }
    // Not awaited: the message stays until dismissed, and the command should not wait for that.
    void showError(ctx.log, `Compress context failed: ${err instanceof Error ? err.message : String(err)}`, err);
    return undefined;
  }
  if (!request) return undefined;
  return runRequest(ctx, request, external, show);
}

/** Runs a resolved request: gather → compress → show. "Re-run" calls it with the stored request (the texts are read afresh). */
export async function runRequest(ctx: Ctx, req: RunRequest, external?: vscode.CancellationToken, show: ShowOptions = {}): Promise<CompressResult | undefined> {
  const { log } = ctx;
  await ctx.setRequest(req);
  ctx.statusBar.running(req.scope);
  try {
    const outcome = await withRun(ctx, 'Compressing context', external, async (signal, progress) => {
      progress.report({ message: 'gathering…' });
      const scope = await gatherInput(ctx, req, signal);
      const query = joinQuery(scope.code, req.question);
      ctx.lastScope = { kind: req.scope, description: scope.description, query };
      if (scope.files.length === 0) return { scope, result: undefined };
      log.info(`Compressing ${scope.description}, budget ${req.budget}`);
      progress.report({ message: `${scope.description}…` });
      const result = await ctx.compressor.compress(
        { files: scope.files, pinned: scope.pinned, ...(query !== undefined ? { query } : {}), budget: req.budget, decoder: ctx.config.decoder, repoName: vscode.workspace.name ?? 'workspace', priorWarnings: scope.warnings, gatherMs: scope.gatherMs, redactSecrets: ctx.config.redactSecrets },
        signal,
      );
      return { scope, result };
    });
    if (!outcome.result) {
      restoreStatus(ctx);
      for (const w of outcome.scope.warnings) log.warn(w.message);
      void vscode.window.showInformationMessage(`Nothing to compress (${outcome.scope.description}).`);
      return undefined;
    }
    // Its folders and files are kept analysed from now on, as they change (backgroundIndexer.ts): watched before
    // the result is shown, so that no change made after it is missed.
    await ctx.indexer.compressed(req, outcome.scope.files).catch((err: unknown) => log.warn(`Could not watch ${outcome.scope.description} for changes: ${err instanceof Error ? err.message : String(err)}`));
    return await finish(ctx, outcome.result, show);
  } catch (err) {
    // A run cancelled because a newer one started leaves the status bar to the newer one (then in progress).
    if (!ctx.currentRun) restoreStatus(ctx);
    if (isCancellation(err)) {
      log.info('Compression cancelled.');
      return undefined;
    }
    // Not awaited: the message stays until dismissed, and the command should not wait for that.
    void showError(log, `Compress context failed: ${err instanceof Error ? err.message : String(err)}`, err);
    return undefined;
  }
}

async function finish(ctx: Ctx, result: CompressResult, show: ShowOptions): Promise<CompressResult> {
  await ctx.setResult(result);
  const s = result.stats;
  ctx.log.info(`Compressed ${countOf(s.files, 'file')}: ${s.originalTokens} → ${s.compressedTokens} tokens (${formatRatio(s.ratio)}, budget ${s.budget}, ${s.decoder}) in ${s.timingsMs.total.toFixed(0)} ms`);
  for (const w of result.warnings) ctx.log.warn(w.message);
  await deliver(ctx, result, ctx.config.output, show);
  void notifyEncoder(ctx, result);
  return result;
}

/** Puts the result where the user asked: the result editor (updated in place), or the clipboard. */
export async function deliver(ctx: Ctx, result: CompressResult, target = ctx.config.output, show: ShowOptions = {}): Promise<void> {
  if (target === 'clipboard') {
    await vscode.env.clipboard.writeText(result.text);
    void vscode.window.showInformationMessage(`Compressed context copied (${result.stats.compressedTokens} tokens, ${formatRatio(result.stats.ratio)}).`);
    return;
  }
  await ctx.results.show(result.text, show);
}
