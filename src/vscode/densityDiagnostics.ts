import * as vscode from 'vscode';
import { languageOfEditorId, warrantsWarning } from '../engine';
import type { Ctx } from './ctx';
import { EncoderSettings } from './encoderSettings';
import { displayPath } from './gatherEditors';

/** Documents that can hold code worth checking: files on disk and unsaved buffers. */
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);

/**
 * Problems entries on code of high information density, which no compressor (and no model asked to
 * reconstruct it) handles well: refreshed when a document is opened or saved, cleared when it closes,
 * off by setting. One document is scored at a time; a stale result (the document changed meanwhile) is
 * dropped.
 */
export class DensityDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('code-context-compressor');
  private readonly subscriptions: vscode.Disposable[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: Ctx) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (EncoderSettings.affects(e)) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  /** Resolves when every scheduled check has finished (for tests). */
  settled(): Promise<void> {
    return this.queue;
  }

  private refreshAll(): void {
    if (this.ctx.config.encoder.densityWarnings === 'off') {
      this.collection.clear();
      return;
    }
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!SCHEMES.has(doc.uri.scheme)) return;
    this.queue = this.queue.then(() => this.check(doc)).catch((err: unknown) => {
      this.ctx.log.warn(`Density check of ${doc.uri.fsPath} failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private async check(doc: vscode.TextDocument): Promise<void> {
    const mode = this.ctx.config.encoder.densityWarnings;
    if (mode === 'off' || doc.isClosed) {
      this.collection.delete(doc.uri);
      return;
    }
    const text = doc.getText();
    if (text.length === 0 || text.length > this.ctx.config.maxFileBytes) return;
    const path = displayPath(doc.uri);
    // The engine picks the grammar from the path; an unsaved buffer gets its editor language's extension.
    const language = languageOfEditorId(doc.languageId, path);
    const version = doc.version;
    const units = await this.ctx.compressor.densityOf({ path: language === 'text' || path.includes('.') ? path : `${path}.${language}`, text }, this.ctx.config.decoder);
    if (doc.isClosed || doc.version !== version) return; // stale: a later open/save schedules a new check
    const severity = mode === 'information' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning;
    const diagnostics = units
      .filter(({ report }) => warrantsWarning(report))
      .map(({ unit, report }) => {
        const range = new vscode.Range(unit.startLine - 1, 0, unit.endLine - 1, doc.lineAt(Math.min(unit.endLine - 1, doc.lineCount - 1)).text.length);
        const bits = report.bitsPerToken !== undefined ? ` (${report.bitsPerToken.toFixed(1)} bits/token${report.percentile !== undefined ? `, p${Math.round(report.percentile)}` : ''})` : '';
        const why = report.reasons.map((r) => r.message.replace(/\.+$/, '')).join('; ');
        const d = new vscode.Diagnostic(
          range,
          `Dense code${bits}: ${why}. It will not compress well; the compressor keeps it verbatim or as its signature, never prunes it.`,
          severity,
        );
        d.source = 'Code Context Compressor';
        d.code = report.reasons[0]?.code ?? 'high-entropy';
        return d;
      });
    this.collection.set(doc.uri, diagnostics);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
