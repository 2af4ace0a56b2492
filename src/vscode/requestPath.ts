import * as vscode from 'vscode';
import { CancelledError } from '../engine';
import type { Ctx } from './ctx';
import { gatherCurrentFile, gatherOpenEditors, type EditorScope } from './gatherEditors';
import { gatherFolder } from './gatherFolder';
import { gatherSelection } from './gatherSelection';
import { gatherSymbols } from './gatherSymbols';
import type { RunRequest } from './runRequest';

// The one request path of "Compress context" and "Ask local LLM": a resolved request (resolveRequest.ts) is
// run as the run in progress (withRun), its scope gathered (gatherInput), then compressed by the caller.

export function isCancellation(err: unknown): boolean {
  return err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError');
}

/** A request's scope, gathered (the documents read afresh): the one gathering path of Compress and Ask. */
export async function gatherInput(ctx: Ctx, req: RunRequest, signal: AbortSignal): Promise<EditorScope & { gatherMs: number }> {
  const t0 = performance.now();
  const max = ctx.config.maxFileBytes;
  let scope: EditorScope;
  switch (req.scope) {
    case 'openEditors':
      scope = await gatherOpenEditors(req, max);
      break;
    case 'currentFile':
      scope = await gatherCurrentFile(req, max);
      break;
    case 'selection':
      scope = await gatherSelection(req, max);
      break;
    case 'folder':
      scope = await gatherFolder(req, max, signal);
      break;
    case 'symbols':
      scope = await gatherSymbols(req, max, ctx.unitSource);
      break;
  }
  if (signal.aborted) throw new CancelledError();
  return { ...scope, gatherMs: performance.now() - t0 };
}

/**
 * Runs `work` under a cancellable progress notification, as the run in progress: a new run (Compress or Ask)
 * cancels it, and so do the notification's Cancel and `external` (the test API). Throws CancelledError then.
 */
export async function withRun<T>(ctx: Ctx, title: string, external: vscode.CancellationToken | undefined, work: (signal: AbortSignal, progress: vscode.Progress<{ message?: string }>) => Promise<T>): Promise<T> {
  ctx.currentRun?.cancel();
  // The background indexer waits (its batch stops and goes back in the queue): the run has the CPU first.
  const releaseIndexer = ctx.indexer.hold();
  const run = new vscode.CancellationTokenSource();
  ctx.currentRun = run;
  const externalSub = external?.onCancellationRequested(() => run.cancel());
  if (external?.isCancellationRequested) run.cancel();
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const subs = [token.onCancellationRequested(() => controller.abort()), run.token.onCancellationRequested(() => controller.abort())];
      if (run.token.isCancellationRequested) controller.abort();
      try {
        return await work(controller.signal, progress);
      } finally {
        for (const s of subs) s.dispose();
      }
    });
  } finally {
    externalSub?.dispose();
    releaseIndexer();
    if (ctx.currentRun === run) ctx.currentRun = undefined;
    run.dispose();
  }
}

/** The status bar back to the last result (or idle) after a run that gave none. */
export function restoreStatus(ctx: Ctx): void {
  if (ctx.lastResult) ctx.statusBar.show(ctx.lastResult);
  else ctx.statusBar.idle();
}
