import { promises as fs, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import type { Warning } from '../types';
import { throwIfAborted } from '../abort';
import { escapeControlCharacters as printableName } from '../printable';
import { childPath, isUtf8, shownPath, toPosix, type FsPath } from './fileNames';
import { excludeFilter, IgnoreRules } from './gitignore';
import { readIgnoreFile } from './ignoreFile';
import { kindOf, errnoText } from './readBounded';

/** A file the walk found, to be read. */
export interface FoundFile {
  /** The path as the file system spells it (bytes: names need not be UTF-8). */
  readonly path: FsPath;
  /** For headers and messages: relative to the cwd when inside it, control characters escaped. */
  readonly shown: string;
  /** The absolute path as a string, for editors to open. */
  readonly uri: string;
  /** Set when the file was reached through a symbolic link: where the link points, for the report. */
  readonly viaLink?: string;
}

export interface WalkOptions {
  readonly cwd: string;
  readonly exclude?: readonly string[];
  readonly signal?: AbortSignal;
  /** True once the caller has stopped (a failure while reading): the walk ends early. */
  stopped(): boolean;
  /** Receives files and warnings in walk order; may wait (the caller's back-pressure). */
  emit(item: FoundFile | Warning): Promise<void>;
}

/** Folders never worth compressing when met while walking (they can still be named explicitly). */
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv']);

/**
 * Dependency lock files, skipped when met while walking (they can still be named explicitly): package managers
 * write them (hundreds of kilobytes of versions and hashes), no question about the code is answered by them, and
 * analysing one costs as much as a large source file.
 */
const SKIPPED_FILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'deno.lock',
  'Cargo.lock',
  'go.sum',
  'poetry.lock',
  'Pipfile.lock',
  'pdm.lock',
  'uv.lock',
  'composer.lock',
  'Gemfile.lock',
  'Podfile.lock',
  'Package.resolved',
  'mix.lock',
  'flake.lock',
  'packages.lock.json',
  'gradle.lockfile',
  '.gitignore',
]);

/** The rules of one .gitignore and the folder it sits in, relative to the walk's root ('' for the root). */
interface IgnoreScope {
  readonly base: string;
  readonly rules: IgnoreRules;
}

/** The deepest .gitignore with a rule about the path decides, as in git. */
function isIgnored(scopes: readonly IgnoreScope[], rel: string, isDir: boolean): boolean {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i] as IgnoreScope;
    const decision = scope.rules.decide(scope.base === '' ? rel : rel.slice(scope.base.length + 1), isDir);
    if (decision !== undefined) return decision;
  }
  return false;
}

/**
 * Walks the given files and folders, emitting each file to read and each thing skipped, in order. Only regular
 * files are emitted. Symbolic links named as inputs are followed. Inside folders, a link is followed only when it
 * points to a regular file inside the folder being walked (so it cannot loop or leave the tree; a target read
 * twice is dropped later); links to folders, to files elsewhere and broken links are reported and skipped.
 */
export async function walkInputs(inputs: readonly string[], options: WalkOptions): Promise<void> {
  const { cwd, signal } = options;
  const excludeRules = new IgnoreRules(options.exclude ?? []);
  const isExcludedInput = excludeFilter(options.exclude ?? []);
  /** What a path is called in headers: relative to the cwd when inside it (POSIX separators), else absolute. */
  const relativeToCwd = (abs: string): string => {
    const rel = path.relative(cwd, abs);
    return toPosix(rel && !isOutside(rel) ? rel : abs);
  };
  /**
   * What a folder's entries are called: relativeToCwd of each is this prefix and its name, worked out once per folder
   * (path.relative for every file was ~15% of gathering an unchanged 2,000-file tree).
   */
  const entryPrefix = (dirAbs: string): string => {
    const rel = path.relative(cwd, dirAbs);
    if (rel === '') return '';
    const shown = toPosix(isOutside(rel) ? dirAbs : rel);
    return shown.endsWith('/') ? shown : `${shown}/`;
  };
  const display = (abs: string): string => printableName(relativeToCwd(abs));
  const seen = new Set<string>();
  const emitFile = async (p: FsPath, shown: string, viaLink?: string): Promise<void> => {
    const key = p.toString('latin1');
    if (seen.has(key)) return;
    seen.add(key);
    await options.emit({ path: p, shown, uri: shownPath(p), ...(viaLink !== undefined ? { viaLink } : {}) });
  };
  const skip = (shown: string, why: string): Promise<void> => options.emit({ code: 'skipped-file', path: shown, message: `Skipped ${shown}: ${why}.` });

  /** A link met while walking `root` (its real path): followed only to a regular file inside it. */
  const walkLink = async (link: FsPath, shown: string, root: string): Promise<void> => {
    let target: Stats;
    try {
      target = await fs.stat(link);
    } catch (err) {
      return skip(`link ${shown}`, `it is broken (${errnoText(err)})`);
    }
    if (target.isDirectory()) return skip(`link ${shown}`, 'it points to a folder, and links to folders are not followed while walking (they can loop or leave the tree)');
    if (!target.isFile()) return skip(`link ${shown}`, `it points to ${kindOf(target)}; only regular files are read`);
    let real: string;
    try {
      real = shownPath(await fs.realpath(link, { encoding: 'buffer' }));
    } catch (err) {
      return skip(`link ${shown}`, errnoText(err));
    }
    if (!real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
      return skip(`link ${shown}`, `it points outside the folder being walked (to ${printableName(real)}), and such links are not followed`);
    }
    return emitFile(link, shown, display(real));
  };

  const walkDir = async (dir: FsPath, rel: string, root: string, scopes: readonly IgnoreScope[]): Promise<void> => {
    if (options.stopped()) return;
    throwIfAborted(signal);
    const own = await readIgnoreFile(childPath(dir, Buffer.from('.gitignore')), display(path.join(shownPath(dir), '.gitignore')));
    if (own.warning) await options.emit(own.warning);
    const active = own.rules ? [...scopes, { base: rel, rules: own.rules }] : scopes;
    let entries: Dirent<Buffer>[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      const shown = display(shownPath(dir));
      return options.emit({ code: 'skipped-file', path: shown, message: `Skipped folder ${shown}: ${errnoText(err)}.` });
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    const prefix = entryPrefix(shownPath(dir));
    for (const entry of entries) {
      if (options.stopped()) return;
      const name = entry.name.toString('utf8');
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const isDir = entry.isDirectory();
      if (isDir ? SKIPPED_DIRS.has(name) : SKIPPED_FILES.has(name)) continue;
      // Decoded name by name, as the whole path would be: an invalid sequence cannot run across a '/'.
      const fromCwd = prefix + name;
      if (isIgnored(active, childRel, isDir) || excludeRules.decide(fromCwd, isDir) === true) continue;
      const child = childPath(dir, entry.name);
      const shown = printableName(fromCwd);
      if (!isUtf8(entry.name)) {
        await options.emit({ code: 'lossy-decode', path: shown, message: `The name of ${shown} is not valid UTF-8; it is shown with U+FFFD in place of the invalid bytes.` });
      }
      if (isDir) await walkDir(child, childRel, root, active);
      else if (entry.isFile()) await emitFile(child, shown);
      else if (entry.isSymbolicLink()) await walkLink(child, shown, root);
      else await skip(shown, `it is ${kindOfEntry(entry)}; only regular files are read`);
    }
  };

  for (const input of inputs) {
    if (options.stopped()) return;
    throwIfAborted(signal);
    const abs = path.resolve(cwd, input);
    const shown = display(abs);
    let stats: Stats;
    let link = false;
    try {
      stats = await fs.lstat(abs);
      if (stats.isSymbolicLink()) {
        link = true;
        stats = await fs.stat(abs);
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      await skip(printableName(input), link ? `it is a broken link (${errnoText(err)})` : code === 'ENOENT' ? 'no such file or folder' : errnoText(err));
      continue;
    }
    if (isExcludedInput(relativeToCwd(abs))) {
      await skip(shown, 'it matches an exclude glob');
      continue;
    }
    if (stats.isDirectory()) {
      let root: string;
      try {
        root = await fs.realpath(abs);
      } catch (err) {
        await skip(shown, errnoText(err));
        continue;
      }
      await walkDir(Buffer.from(abs), '', root, []);
    } else if (stats.isFile()) {
      await emitFile(Buffer.from(abs), shown, link ? display(await fs.realpath(abs).catch(() => abs)) : undefined);
    } else {
      await skip(shown, `it is ${kindOf(stats)}; only regular files are read`);
    }
  }
}

/** Whether a path.relative result leads out of the folder it was taken from (`..`, `../x`; not a name like `..x`). */
function isOutside(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

function kindOfEntry(entry: Dirent<Buffer>): string {
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}
