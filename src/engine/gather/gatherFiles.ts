import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { SourceFile, Warning } from '../types';
import { decodeSource } from './readSource';
import { throwIfAborted } from '../abort';

export interface GatherOptions {
  /** Paths in output headers are relative to this folder. */
  readonly cwd: string;
  readonly maxFileBytes: number;
  readonly signal?: AbortSignal;
}

export interface Gathered {
  readonly files: SourceFile[];
  readonly warnings: Warning[];
}

/** Folders never worth compressing when met while walking (they can still be named explicitly). */
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv']);

interface IgnoreScope {
  readonly base: string;
  readonly rules: Ignore;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

async function readGitignore(dir: string): Promise<IgnoreScope | undefined> {
  try {
    const text = await fs.readFile(path.join(dir, '.gitignore'), 'utf8');
    return { base: dir, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function isIgnored(scopes: readonly IgnoreScope[], abs: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const rel = toPosix(path.relative(scope.base, abs));
    if (rel && !rel.startsWith('..') && scope.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** Files read at once: enough to keep libuv's thread pool busy, few enough not to hold many files' bytes at once. */
const READ_CONCURRENCY = 16;

/** What reading one found file gave: the file, a warning, or (for some encodings) both. */
interface ReadResult {
  readonly file?: SourceFile;
  readonly warning?: Warning;
}

/**
 * Collects the source files under the given files and folders: folders are walked in name order, honouring
 * every .gitignore on the way, skipping binary, oversized and unreadable files with a warning each. The walk
 * only lists files; they are then read several at once, since read one after another each file waited on its
 * own round trip to libuv's thread pool. Files and warnings come out in walk order.
 */
export async function gatherFiles(inputs: readonly string[], options: GatherOptions): Promise<Gathered> {
  // In walk order: a file to read, or a warning met while walking.
  const found: (string | Warning)[] = [];
  const seen = new Set<string>();
  const display = (abs: string): string => {
    const rel = path.relative(options.cwd, abs);
    return toPosix(rel && !rel.startsWith('..') ? rel : abs);
  };
  const addFile = (abs: string): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    found.push(abs);
  };

  const walk = async (dir: string, scopes: readonly IgnoreScope[]): Promise<void> => {
    throwIfAborted(options.signal);
    const own = await readGitignore(dir);
    const active = own ? [...scopes, own] : scopes;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      found.push({ code: 'skipped-file', path: display(dir), message: `Skipped folder ${display(dir)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name) || isIgnored(active, abs, true)) continue;
        await walk(abs, active);
      } else if (entry.isFile()) {
        if (entry.name === '.gitignore' || isIgnored(active, abs, false)) continue;
        addFile(abs);
      }
      // Symbolic links are not followed while walking: they can loop or leave the tree.
    }
  };

  for (const input of inputs) {
    const abs = path.resolve(options.cwd, input);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch (err) {
      found.push({ code: 'skipped-file', path: input, message: `Skipped ${input}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : String(err)}.` });
      continue;
    }
    if (stat.isDirectory()) await walk(abs, []);
    else addFile(abs);
  }

  const readOne = async (abs: string): Promise<ReadResult> => {
    const shown = display(abs);
    let bytes: Uint8Array;
    try {
      const { size } = await fs.stat(abs);
      if (size > options.maxFileBytes) {
        return { warning: { code: 'skipped-file', path: shown, message: `Skipped ${shown}: ${Math.round(size / 1024)} KB is over the ${Math.round(options.maxFileBytes / 1024)} KB limit.` } };
      }
      bytes = await fs.readFile(abs);
    } catch (err) {
      return { warning: { code: 'skipped-file', path: shown, message: `Skipped ${shown}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.` } };
    }
    const decoded = decodeSource(shown, bytes);
    return { ...(decoded.ok ? { file: { path: shown, text: decoded.text, uri: abs } } : {}), ...(decoded.warning ? { warning: decoded.warning } : {}) };
  };
  const results: (ReadResult | undefined)[] = new Array<ReadResult | undefined>(found.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    for (let i = next++; i < found.length; i = next++) {
      throwIfAborted(options.signal);
      const item = found[i] as string | Warning;
      results[i] = typeof item === 'string' ? await readOne(item) : { warning: item };
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, found.length) }, reader));

  const files: SourceFile[] = [];
  const warnings: Warning[] = [];
  for (const r of results) {
    if (r?.warning) warnings.push(r.warning);
    if (r?.file) files.push(r.file);
  }
  return { files, warnings };
}
