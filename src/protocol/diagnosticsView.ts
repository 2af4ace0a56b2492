/**
 * Messages between the extension and the Diagnostics webview, both ways. It lives outside src/vscode and
 * imports nothing, so the host and the browser bundle (media/webview) both import it and neither imports the
 * other (a lint rule holds media/ to that); every message is checked on arrival with the guards below.
 */

export interface SlotRow {
  readonly index: number;
  /** Relative to the workspace folder (with the folder's name first in a multi-root workspace). */
  readonly path: string;
  readonly name: string;
  readonly kind: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly level: string;
  readonly pinned: boolean;
  readonly originalTokens: number;
  readonly tokens: number;
  readonly relevance: number;
  /** Bits/token from the encoder, and its percentile for the language; null when the slot was not scored. */
  readonly entropy: number | null;
  readonly entropyPercentile: number | null;
  readonly dense: boolean;
  /** Why the slot counts as dense, in words (shown on hover). */
  readonly denseReasons: readonly string[];
  /** What the compressor does with dense code, in the words the Problems entries use ('' when not dense). */
  readonly densePolicy: string;
}

export interface ResultSummary {
  readonly originalTokens: number;
  readonly compressedTokens: number;
  readonly ratio: number;
  /** The ratio in words: "4.3×", or "fits as is" when nothing had to be cut. */
  readonly ratioText: string;
  readonly budget: number;
  readonly decoder: string;
  readonly encoder: string;
  readonly device: string;
  readonly match: string;
  readonly mismatched: boolean;
  /** What was compressed, in words ("2 symbols (…) in 2 files"). */
  readonly scope: string;
  readonly files: number;
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
}

export type ToWebview = { readonly type: 'result'; readonly summary: ResultSummary; readonly slots: readonly SlotRow[] } | { readonly type: 'empty' };

export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'reveal'; readonly index: number }
  | { readonly type: 'rerun' }
  | { readonly type: 'copy' }
  | { readonly type: 'open' }
  | { readonly type: 'ask' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isFromWebview(value: unknown): value is FromWebview {
  if (!isObject(value) || typeof value.type !== 'string') return false;
  switch (value.type) {
    case 'ready':
    case 'rerun':
    case 'copy':
    case 'open':
    case 'ask':
      return true;
    case 'reveal':
      return typeof value.index === 'number' && Number.isInteger(value.index) && value.index >= 0;
    default:
      return false;
  }
}

export function isToWebview(value: unknown): value is ToWebview {
  if (!isObject(value)) return false;
  if (value.type === 'empty') return true;
  return value.type === 'result' && isObject(value.summary) && Array.isArray(value.slots);
}
