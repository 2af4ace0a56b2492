/**
 * The words shown for dense code, from one place, so the Problems panel, the Diagnostics view and the CLI say the
 * same thing. They state what the compressor does with dense code in general — never a per-unit outcome, which a
 * later run with another budget or query may change.
 */
import type { DensityReport } from './analyzeDensity';
import type { DensityReason } from './reasons';

/** What the compressor does with dense code, whatever the run. */
export const DENSE_POLICY =
  'It will not compress well: the compressor never prunes dense code, it keeps it whole or as its signature, or leaves it out when the budget is short.';

function round1(x: number): string {
  return x.toFixed(1);
}

/** The evidence, one sentence per reason (without the final full stop), for the view's list and the message. */
export function denseReasonTexts(reasons: readonly DensityReason[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of reasons) {
    const text = r.message.replace(/\.+$/, '');
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}

/** "(6.2 bits/token, p99)" when the unit was scored, else "". */
export function bitsNote(report: Pick<DensityReport, 'bitsPerToken' | 'percentile'>): string {
  if (report.bitsPerToken === undefined) return '';
  return ` (${round1(report.bitsPerToken)} bits/token${report.percentile !== undefined ? `, p${Math.round(report.percentile)}` : ''})`;
}

/** The whole message for a dense region: "Dense code (…): evidence; evidence. It will not compress well: …" */
export function denseMessage(reasons: readonly DensityReason[], scores: Pick<DensityReport, 'bitsPerToken' | 'percentile'> = {}): string {
  return `Dense code${bitsNote(scores)}: ${denseReasonTexts(reasons).join('; ')}. ${DENSE_POLICY}`;
}
