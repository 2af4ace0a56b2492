import * as vscode from 'vscode';
import { languageOfEditorId, scoreFileDenseRegions, type DenseRegion } from '../engine';
import type { Ctx } from './ctx';
import { EncoderSettings } from './encoderSettings';
import { displayPath, matchesGlobSetting } from './gatherEditors';

/** Documents that can hold code worth checking: files on disk and unsaved buffers. */
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);
/** The squiggle covers at most this much of the marked line: a minified file's one line can be 20 KB. */
const SQUIGGLE_CHARS = 80;
export const DENSITY_SOURCE = 'Code Context Compressor';

/**
 * Problems entries on dense code, which no compressor (and no model asked to reconstruct it) handles well: one per
 * dense region (a generated or minified file is one), underlining one line. Refreshed when a document is opened or
 * saved, cleared when it closes; off, Information or Warning by setting; never for files matching
 * `densityWarnings.exclude` or `exclude`. Generated and minified files are recognised from their text before
 * anything is loaded; other files load the grammar, tokenizer and encoder on their first check. One document is
 * checked at a time; a stale result (the document changed meanwhile) is dropped.
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
        if (EncoderSettings.affects(e) || e.affectsConfiguration('codeContextCompressor.exclude')) this.refreshAll();
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
    if (mode === 'off' || doc.isClosed || matchesGlobSetting(doc.uri, 'densityWarnings.exclude') || matchesGlobSetting(doc.uri, 'exclude')) {
      this.collection.delete(doc.uri);
      return;
    }
    const text = doc.getText();
    if (text.length === 0 || text.length > this.ctx.config.maxFileBytes) return;
    const path = displayPath(doc.uri);
    // The engine picks the grammar from the path; an unsaved buffer gets its editor language's extension.
    const language = languageOfEditorId(doc.languageId, path);
    const enginePath = language === 'text' || path.includes('.') ? path : `${path}.${language}`;
    const version = doc.version;
    const regions = await scoreFileDenseRegions(text, () => this.ctx.compressor.densityOf({ path: enginePath, text }, this.ctx.config.decoder));
    if (doc.isClosed || doc.version !== version) return; // stale: a later open/save schedules a new check
    const severity = mode === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
    this.collection.set(doc.uri, regions.map((r) => diagnosticOf(doc, r, severity)));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** One entry for a region: the region's message, underlining the start of its marked line. */
function diagnosticOf(doc: vscode.TextDocument, region: DenseRegion, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const line = doc.lineAt(Math.min(Math.max(region.markLine - 1, 0), doc.lineCount - 1));
  const start = line.firstNonWhitespaceCharacterIndex;
  const end = Math.min(line.text.length, start + SQUIGGLE_CHARS);
  const d = new vscode.Diagnostic(new vscode.Range(line.lineNumber, start, line.lineNumber, Math.max(end, start)), region.message, severity);
  d.source = DENSITY_SOURCE;
  d.code = region.reasons[0]?.code ?? 'high-entropy';
  return d;
}
