import * as vscode from 'vscode';
import { formatTokens, summaryLine } from '../engine';
import type { CompressResult } from '../engine';

export const STATUS_ITEM_ID = 'codeContextCompressor.status';

/** The status-bar item, driven from state: idle (invites a first run), running, or the last result. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(showPanelCommand: string) {
    this.item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Code Context Compressor';
    this.item.command = showPanelCommand;
    this.idle();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  idle(): void {
    this.item.text = '$(fold) Compress';
    this.item.tooltip = 'Code Context Compressor: run "Compress context" to fit the open editors into a token budget.';
    this.item.backgroundColor = undefined;
  }

  running(): void {
    this.item.text = '$(loading~spin) Compressing…';
    this.item.tooltip = 'Compressing the open editors…';
  }

  show(result: CompressResult): void {
    const s = result.stats;
    this.item.text = `$(fold) ${summaryLine(s).replace(/ tokens$/, '')}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**Code Context Compressor** — last run\n\n`);
    md.appendMarkdown(`| | |\n|---|---|\n`);
    md.appendMarkdown(`| Tokens | ${formatTokens(s.originalTokens)} → ${formatTokens(s.compressedTokens)} (${s.ratio.toFixed(1)}×) |\n`);
    md.appendMarkdown(`| Budget | ${s.budget} (${Math.round((100 * s.compressedTokens) / s.budget)}% used) |\n`);
    md.appendMarkdown(`| Decoder | ${s.decoder} |\n`);
    md.appendMarkdown(`| Files | ${s.files} (${s.units} units) |\n`);
    md.appendMarkdown(`| Time | ${s.timingsMs.total.toFixed(0)} ms |\n`);
    md.appendMarkdown(`| Warnings | ${result.warnings.length} |\n\n`);
    md.appendMarkdown('Click to open the Diagnostics view.');
    this.item.tooltip = md;
    const pinnedCut = result.warnings.some((w) => w.code === 'pinned-truncated' || w.code === 'budget-too-small');
    this.item.backgroundColor = pinnedCut ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
