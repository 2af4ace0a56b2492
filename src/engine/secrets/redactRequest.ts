/**
 * The engine's redaction step: secrets in the input texts (and the query) are replaced by markers before
 * anything else looks at them, so the budget counts the markers and every output is clean. Line structure
 * is kept, so pinned regions and line ranges stay true.
 */
import { throwIfAborted } from '../abort';
import type { CompressRequest, SourceFile, Warning } from '../types';
import { addCounts, applyFindings, describeRedaction } from './apply';
import { findSecrets, redactText } from './redact';
import type { RedactionMemo } from './redactionMemo';
import type { SecretFinding, SecretKind } from './types';

export interface RequestRedaction {
  readonly request: CompressRequest;
  readonly count: number;
  readonly kinds: Readonly<Record<SecretKind, number>>;
  /** The files that held a secret, in input order. */
  readonly paths: readonly string[];
}

const FILES_NAMED = 5;

/**
 * Scanning on worker threads, for when many files are new (a first build): scanning is ~10% of a first build's
 * work, and done here it holds up the workers' analysis, which waits for the redacted texts.
 */
export interface PooledScan {
  readonly scan: (text: string, path: string) => Promise<readonly SecretFinding[]>;
  /** Whether this many new files, of this many characters in all, are worth sending (else they are scanned here). */
  readonly pays: (files: number, chars: number) => boolean;
}

/** `memo` (a long-lived compressor's) skips files already scanned in the same version; `pooled` scans the others. */
export async function redactRequest(request: CompressRequest, signal?: AbortSignal, memo?: RedactionMemo, pooled?: PooledScan): Promise<RequestRedaction> {
  if (request.redactSecrets === false) return { request, count: 0, kinds: {}, paths: [] };
  const kinds: Record<SecretKind, number> = {};
  const paths: string[] = [];
  let count = 0;
  const files: SourceFile[] = [];
  const scanned = memo && pooled ? await scanInPool(request.files, memo, pooled, signal) : undefined;
  for (const [i, file] of request.files.entries()) {
    throwIfAborted(signal);
    const known = scanned?.[i];
    const r = known ? applyFindings(file.text, known) : memo ? await memo.redact(file.text, file.path, (t, p) => findSecrets(t, p)) : await redactText(file.text, file.path);
    if (r.count > 0) {
      count += r.count;
      addCounts(kinds, r.kinds);
      paths.push(file.path);
      files.push({ ...file, text: r.text });
    } else files.push(file);
  }
  const query = request.query !== undefined ? await redactText(request.query) : undefined;
  if (query && query.count > 0) {
    count += query.count;
    addCounts(kinds, query.kinds);
    paths.push('(the query)');
  }
  if (count === 0) return { request: { ...request, redactSecrets: false }, count, kinds, paths };
  const warning: Warning = {
    code: 'redacted-secrets',
    message: `${describeRedaction({ count, kinds })} in ${namedPaths(paths)}; the context holds «redacted:…» markers in their place.`,
    ...(paths.length === 1 && paths[0] !== '(the query)' ? { path: paths[0] } : {}),
  };
  return {
    // redactSecrets: false marks it done, so a request passed on (Ask → compress) is not scanned twice.
    request: { ...request, files, ...(query ? { query: query.text } : {}), redactSecrets: false, priorWarnings: [...(request.priorWarnings ?? []), warning] },
    count,
    kinds,
    paths,
  };
}

/**
 * The findings of every file: the memo's, and the pool's for the files it has not seen when there are enough of
 * them; undefined where a file is left to be scanned in place. Same findings as in place: the same rules run.
 */
async function scanInPool(files: readonly SourceFile[], memo: RedactionMemo, pooled: PooledScan, signal: AbortSignal | undefined): Promise<(readonly SecretFinding[] | undefined)[]> {
  const looked = await Promise.all(files.map((f) => memo.lookup(f.text, f.path)));
  const misses = files.flatMap((_, i) => (looked[i]?.findings ? [] : [i]));
  const chars = misses.reduce((n, i) => n + (files[i]?.text.length ?? 0), 0);
  if (!pooled.pays(misses.length, chars)) return looked.map((l) => l.findings);
  throwIfAborted(signal);
  const found = misses.map((i) => pooled.scan(files[i]?.text ?? '', files[i]?.path ?? ''));
  for (const f of found) f.catch(() => undefined); // each settles even when a cancellation stops the wait
  const out = looked.map((l) => l.findings);
  for (const [k, i] of misses.entries()) {
    // A job the pool failed (a worker died) leaves its file to be scanned in place, like any other miss.
    const findings = await (found[k] as Promise<readonly SecretFinding[]>).catch(() => undefined);
    throwIfAborted(signal);
    if (!findings) continue;
    memo.learn((looked[i] as { key: string }).key, findings);
    out[i] = findings;
  }
  return out;
}

function namedPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, FILES_NAMED).join(', ');
  return paths.length > FILES_NAMED ? `${shown} and ${paths.length - FILES_NAMED} more files` : shown;
}
