// What the one notification after a run says about the encoder, decided apart from showing it (no `vscode`
// import, so plain unit tests cover every case). The measured figures behind a mismatch stay in the
// Diagnostics view and the README; a toast says one sentence and offers the fix.
import { findEncoder, type CompressResult, type CompressStats } from '../engine';
import { formatSize } from './notificationText';

export interface EncoderNotice {
  readonly message: string;
  /** The matched encoder to offer for download, with its size; absent when there is none to offer. */
  readonly download?: { readonly id: string; readonly label: string };
  /** Pairs (encoder and decoder) are warned about once a session: the key to remember. */
  readonly key: string;
}

export interface NoticeOptions {
  /** Whether the setting codeContextCompressor.offerEncoderDownloads allows an offer. */
  readonly offerDownloads: boolean;
  /** Encoders the user said not to offer again. */
  readonly declined: readonly string[];
}

/**
 * Nothing for a matched pair (no download offer either: the pair is already right); one sentence for a
 * mismatched one, with the matched encoder to download when one exists; one for an encoder that failed to load.
 */
/** What the notice reads of a result. */
export type NoticeInput = Pick<CompressResult, 'warnings'> & { readonly stats: Pick<CompressStats, 'encoder' | 'decoder'> };

export function encoderNotice(result: NoticeInput, options: NoticeOptions): EncoderNotice | undefined {
  const enc = result.stats.encoder;
  const decoder = result.stats.decoder;
  if (!enc) return undefined;
  const key = `${enc.id}\0${decoder}`;
  if (enc.match === 'matched') {
    if (!result.warnings.some((w) => w.code === 'encoder-mismatch')) return undefined;
    return { key, message: `The chosen encoder could not be loaded, so the built-in ${enc.id} ran instead.` };
  }
  const message = `Encoder ${enc.id} does not match decoder ${decoder}, so compression is less reliable.`;
  const best = enc.suggestion ? findEncoder(enc.suggestion) : undefined;
  if (!best || best.source.kind !== 'huggingface' || !options.offerDownloads || options.declined.includes(best.id)) return { key, message };
  const size = best.source.approxBytes ? ` (${formatSize(best.source.approxBytes)})` : '';
  return { key, message, download: { id: best.id, label: `Download ${best.id}${size}` } };
}
