import * as vscode from 'vscode';
import { countOf, formatRatio, formatTokens } from '../engine';
import type { CompressResult } from '../engine';
import type { ScopeKind } from './compressArgs';
import { describeEncoder, needsAttention } from './resultFacts';

export const STATUS_ITEM_ID = 'codeContextCompressor.status';

const scopeWords: Record<ScopeKind, string> = {
  openEditors: 'the open editors',
  currentFile: 'the current file',
  symbols: 'the chosen symbols',
  selection: 'the selection',
  folder: 'the folder',
};

/** The status-bar item, driven from state: idle (invites a first run), running, or the last result. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private last: CompressResult | undefined;

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

  /** The tooltip as Markdown source (plain tooltips as they are). */
  get tooltip(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : (t?.value ?? '');
  }

  /** Whether the item wears the warning colour. */
  get warning(): boolean {
    return this.item.backgroundColor !== undefined;
  }

  idle(): void {
    this.last = undefined;
    this.item.text = '$(fold) Compress';
    this.item.tooltip = 'Code Context Compressor: run "Compress context" (Ctrl+Alt+C) to fit your code into a token budget.';
    this.item.backgroundColor = undefined;
  }

  running(scope: ScopeKind): void {
    this.item.text = '$(loading~spin) Compressing…';
    this.item.tooltip = `Compressing ${scopeWords[scope]}…`;
    this.item.backgroundColor = undefined;
  }

  show(result: CompressResult): void {
    this.last = result;
    const s = result.stats;
    this.item.text = `$(fold) ${formatRatio(s.ratio)} ${formatTokens(s.originalTokens)}→${formatTokens(s.compressedTokens)}`;
    this.item.tooltip = this.markdown(result);
    this.item.backgroundColor = needsAttention(result) ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  /** Notes in the tooltip that the next run will differ from the one shown (settings apply without a reload). */
  settingsChanged(budget: number, decoder: string): void {
    if (!this.last) return;
    const md = this.markdown(this.last);
    md.appendMarkdown(`\n\n_Settings changed: the next run uses budget ${budget}, decoder ${decoder}._`);
    this.item.tooltip = md;
  }

  private markdown(result: CompressResult): vscode.MarkdownString {
    const s = result.stats;
    const enc = describeEncoder(s);
    const warn = (cond: boolean): string => (cond ? ' $(warning)' : '');
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**Code Context Compressor** — last run\n\n`);
    md.appendMarkdown(`| | |\n|---|---|\n`);
    md.appendMarkdown(`| Tokens | ${formatTokens(s.originalTokens)} → ${formatTokens(s.compressedTokens)} (${formatRatio(s.ratio)}) |\n`);
    md.appendMarkdown(`| Budget | ${s.budget} (${Math.round((100 * s.compressedTokens) / s.budget)}% used) |\n`);
    md.appendMarkdown(`| Encoder | ${enc.encoder} |\n`);
    md.appendMarkdown(`| Decoder | ${s.decoder} |\n`);
    md.appendMarkdown(`| Match | ${enc.match}${warn(enc.mismatched)} |\n`);
    md.appendMarkdown(`| Device | ${enc.device} |\n`);
    md.appendMarkdown(`| Files | ${s.files} (${countOf(s.units, 'unit')}) |\n`);
    md.appendMarkdown(`| Time | ${s.timingsMs.total.toFixed(0)} ms |\n`);
    md.appendMarkdown(`| Warnings | ${result.warnings.length}${warn(result.warnings.length > 0)} |\n\n`);
    md.appendMarkdown('Click to open the Diagnostics view.');
    return md;
  }

  dispose(): void {
    this.item.dispose();
  }
}
