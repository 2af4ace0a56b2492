import type { CompressStats } from './types';

/** 18210 → "18.2k", 950 → "950". */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1_000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

/** countOf(1, 'file') → "1 file", countOf(3, 'file') → "3 files". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}

/** "4.3× 18.2k→4.2k tokens": the one line both the status bar and the CLI show. */
export function summaryLine(stats: CompressStats): string {
  return `${formatRatio(stats.ratio)} ${formatTokens(stats.originalTokens)}→${formatTokens(stats.compressedTokens)} tokens`;
}
