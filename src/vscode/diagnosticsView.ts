import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { DENSE_POLICY, type CompressResult, type Slot } from '../engine';
import { isFromWebview, type FromWebview, type SlotRow, type ToWebview } from '../protocol/diagnosticsView';
import { describeEncoder, ratioWords } from './resultFacts';
import { SlotRevealer, type HighlightedLines } from './revealSlot';

export const DIAGNOSTICS_VIEW_ID = 'codeContextCompressor.diagnostics';

/** The Diagnostics side panel: the last run's summary and one row per slot. */
export class DiagnosticsView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** The last run's result, and the message showing it once built (see `state`). */
  private shown: { readonly result: CompressResult; readonly scope: string } | undefined;
  private message: ToWebview | undefined;
  private readonly revealer = new SlotRevealer();
  private readonly disposables: vscode.Disposable[] = [this.revealer];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onMessage: (message: FromWebview) => void,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const mediaRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, localResourceRoots: [mediaRoot] };
    view.webview.html = this.html(view.webview, mediaRoot);
    this.disposables.push(
      view.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      // Hidden, it was not sent the runs meanwhile (see update); shown again, it gets the last one.
      view.onDidChangeVisibility(() => {
        if (view.visible) void this.post(this.state);
      }),
      view.onDidDispose(() => {
        this.view = undefined;
      }),
    );
  }

  /** What the webview sends, checked on arrival: anything else is ignored, not trusted. Returns whether it was accepted. */
  receive(message: unknown): boolean {
    if (!isFromWebview(message)) return false;
    if (message.type === 'ready') void this.post(this.state);
    else this.onMessage(message);
    return true;
  }

  /** The last state sent to the webview (what it shows, or will show when opened). */
  get state(): ToWebview {
    this.message ??= this.shown ? resultMessage(this.shown.result, this.shown.scope) : { type: 'empty' };
    return this.message;
  }

  /** Shows a row's slot in its file, highlighted, leaving the focus in the view (no-op for a slot that is gone). */
  async reveal(slot: Slot | undefined): Promise<void> {
    if (slot) await this.revealer.reveal(slot);
  }

  /** The lines the last "reveal" highlighted (until the user moves the cursor or edits there). */
  get highlighted(): HighlightedLines | undefined {
    return this.revealer.highlighted;
  }

  /**
   * A run's result: shown at once when the view is visible; otherwise its rows are built only when it shows (a row
   * per unit: 44k for a 17 MB workspace, work on every request that nobody was looking at).
   */
  update(result: CompressResult, scope = ''): void {
    this.shown = { result, scope };
    this.message = undefined;
    if (this.view?.visible) void this.post(this.state);
  }

  private async post(message: ToWebview): Promise<void> {
    await this.view?.webview.postMessage(message);
  }

  private html(webview: vscode.Webview, mediaRoot: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'main.js'));
    const styles = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'styles.css'));
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource}`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${styles}" rel="stylesheet">
<title>Diagnostics</title>
</head>
<body>
<main id="app"><p class="empty">No compression yet. Run <strong>Compress context</strong> from the command palette.</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** What the webview shows for a result: its summary and a row per slot. */
function resultMessage(result: CompressResult, scope: string): ToWebview {
  const slots: SlotRow[] = result.slots.map((s, index) => ({
    index,
    path: s.path,
    name: s.name ?? '',
    kind: s.kind,
    startLine: s.startLine,
    endLine: s.endLine,
    level: s.level,
    pinned: s.pinned,
    originalTokens: s.originalTokens,
    tokens: s.tokens,
    relevance: s.relevance,
    entropy: s.entropy ?? null,
    entropyPercentile: s.entropyPercentile ?? null,
    dense: s.dense ?? false,
    denseReasons: s.denseReasons ?? [],
    densePolicy: s.dense ? DENSE_POLICY : '',
  }));
  const enc = describeEncoder(result.stats);
  const { stats } = result;
  return {
    type: 'result',
    summary: {
      originalTokens: stats.originalTokens,
      compressedTokens: stats.compressedTokens,
      ratio: stats.ratio,
      ratioText: ratioWords(stats),
      budget: stats.budget,
      decoder: stats.decoder,
      encoder: enc.encoder,
      device: enc.device,
      match: enc.match,
      mismatched: enc.mismatched,
      scope,
      files: stats.files,
      timingsMs: { ...stats.timingsMs },
      warnings: result.warnings.map((w) => w.message),
    },
    slots,
  };
}
