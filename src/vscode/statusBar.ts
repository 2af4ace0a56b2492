import * as vscode from 'vscode';
import { countOf, formatTokens } from '../engine';
import type { CompressResult } from '../engine';
import type { ScopeKind } from './compressArgs';
import { attentionReasons, describeEncoder, ratioWords } from './resultFacts';

export const STATUS_ITEM_ID = 'codeContextCompressor.status';

/** A box being packed: reads as "compress", not as "close" or "collapse" (as `$(fold)` did). */
export const COMPRESS_ICON = '$(archive)';
/** The palette's keybinding, as the tooltips spell it (package.json `keybindings`). */
const KEYBINDING = process.platform === 'darwin' ? 'Cmd+K Shift+C' : 'Ctrl+K Shift+C';

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

  /** Whether the item is in its warning state (the colour and the icon go together). */
  get warning(): boolean {
    return this.item.backgroundColor !== undefined;
  }

  /** What a screen reader says for the item: a sentence, never the Markdown of the tooltip. */
  get accessibilityLabel(): string {
    return this.item.accessibilityInformation?.label ?? '';
  }

  idle(): void {
    this.last = undefined;
    this.item.text = `${COMPRESS_ICON} Compress`;
    this.item.tooltip = `Code Context Compressor: run "Compress context" (${KEYBINDING}) to fit your code into a token budget.`;
    this.item.backgroundColor = undefined;
    this.item.accessibilityInformation = { label: `Code Context Compressor. No run yet. Press ${KEYBINDING} or click to open the Diagnostics view.`, role: 'button' };
  }

  running(scope: ScopeKind): void {
    this.item.text = '$(loading~spin) Compressing…';
    this.item.tooltip = `Compressing ${scopeWords[scope]}…`;
    this.item.backgroundColor = undefined;
    this.item.accessibilityInformation = { label: `Code Context Compressor is compressing ${scopeWords[scope]}.`, role: 'button' };
  }

  show(result: CompressResult): void {
    this.last = result;
    const s = result.stats;
    const reasons = attentionReasons(result);
    const ratio = ratioWords(s);
    // High Contrast themes define no warning background for status bar items, so the warning also shows as an icon.
    const icon = reasons.length > 0 ? '$(warning)' : COMPRESS_ICON;
    this.item.text = ratio === 'fits as is' ? `${icon} Fits as is, ${formatTokens(s.compressedTokens)}` : `${icon} ${ratio} ${formatTokens(s.originalTokens)}→${formatTokens(s.compressedTokens)}`;
    this.item.tooltip = this.markdown(result);
    this.item.backgroundColor = reasons.length > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: spokenSummary(result, reasons), role: 'button' };
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
    md.appendMarkdown(`| Tokens | ${formatTokens(s.originalTokens)} → ${formatTokens(s.compressedTokens)} (${ratioWords(s)}) |\n`);
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

/** "Code Context Compressor: 18,210 tokens compressed to 4,200, 4.3 times smaller, …": the item said as a sentence. */
export function spokenSummary(result: CompressResult, reasons: readonly string[]): string {
  const s = result.stats;
  const n = (x: number): string => x.toLocaleString('en-US');
  const ratio = ratioWords(s);
  const what =
    ratio === 'fits as is'
      ? `the code fits as is, ${n(s.compressedTokens)} tokens`
      : `${n(s.originalTokens)} tokens compressed to ${n(s.compressedTokens)}, ${ratio.replace('×', ' times')} smaller`;
  const used = Math.round((100 * s.compressedTokens) / s.budget);
  const warning = reasons.length > 0 ? ` Warning: ${reasons.join('; ')}.` : '';
  return `Code Context Compressor: ${what}, ${used}% of the ${n(s.budget)}-token budget.${warning} Click to open the Diagnostics view.`;
}
