import * as vscode from 'vscode';
import { CancelledError, formatRatio } from '../engine';
import type { CompressResult } from '../engine';
import type { Ctx } from './ctx';
import { gatherOpenEditors } from './gatherEditors';
import { showError } from './log';

/** Compresses the open editors under a cancellable progress notification and shows the result. */
export async function compressContext(ctx: Ctx): Promise<CompressResult | undefined> {
  const { config, log } = ctx;
  ctx.statusBar.running();
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Compressing context', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          progress.report({ message: 'gathering open editors…' });
          const t0 = performance.now();
          const scope = await gatherOpenEditors(config.maxFileBytes);
          if (scope.files.length === 0) return undefined;
          progress.report({ message: `${scope.files.length} files…` });
          return await ctx.compressor.compress(
            {
              files: scope.files,
              pinned: scope.pinned,
              ...(scope.query !== undefined ? { query: scope.query } : {}),
              budget: config.budget,
              decoder: config.decoder,
              priorWarnings: scope.warnings,
              gatherMs: performance.now() - t0,
            },
            controller.signal,
          );
        } finally {
          sub.dispose();
        }
      },
    );
    if (!result) {
      ctx.statusBar.idle();
      void vscode.window.showInformationMessage('Nothing to compress: open a file in an editor first.');
      return undefined;
    }
    ctx.lastResult = result;
    ctx.statusBar.show(result);
    ctx.view.update(result);
    const s = result.stats;
    log.info(`Compressed ${s.files} files: ${s.originalTokens} → ${s.compressedTokens} tokens (${formatRatio(s.ratio)}, budget ${s.budget}, ${s.decoder}) in ${s.timingsMs.total.toFixed(0)} ms`);
    for (const w of result.warnings) log.warn(w.message);
    await deliver(ctx, result);
    return result;
  } catch (err) {
    if (ctx.lastResult) ctx.statusBar.show(ctx.lastResult);
    else ctx.statusBar.idle();
    if (err instanceof CancelledError) {
      log.info('Compression cancelled.');
      return undefined;
    }
    await showError(log, `Compress context failed: ${err instanceof Error ? err.message : String(err)}`, err);
    return undefined;
  }
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
