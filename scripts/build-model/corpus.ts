import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectGenerated, detectMinified } from '../../src/engine/density/detectors';
import { extLanguage, type Lang, type Source } from './sources';

/** Provenance of a fetched package, recorded in the manifest. */
export interface Fetched {
  readonly dir: string;
  readonly file: string;
  readonly sha256: string;
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Downloads and unpacks one source into the cache (once); returns the folder its `include` paths start from. */
export function fetchSource(source: Source, cacheDir: string): Fetched {
  const downloads = path.join(cacheDir, 'downloads');
  const unpacked = path.join(cacheDir, 'src', `${source.id}@${source.version.replace(/[^\w.+~-]/g, '_')}`);
  fs.mkdirSync(downloads, { recursive: true });
  const done = path.join(unpacked, '.done');
  let file: string;
  if (source.kind === 'npm') {
    const base = `${source.name.replace('@', '').replace('/', '-')}-${source.version}.tgz`;
    file = path.join(downloads, base);
    if (!fs.existsSync(file)) {
      execFileSync('npm', ['pack', `${source.name}@${source.version}`, '--pack-destination', downloads, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    if (!fs.existsSync(done)) {
      fs.rmSync(unpacked, { recursive: true, force: true });
      fs.mkdirSync(unpacked, { recursive: true });
      execFileSync('tar', ['xzf', file, '-C', unpacked, '--no-same-owner']);
      fs.writeFileSync(done, '');
    }
    // Tarballs unpack to package/, except some (DefinitelyTyped's) that use their own folder name.
    const top = fs.readdirSync(unpacked, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const dir = top.includes('package') ? 'package' : top[0];
    if (dir === undefined) throw new Error(`${source.id}: empty package`);
    return { dir: path.join(unpacked, dir), file: path.basename(file), sha256: sha256File(file) };
  }
  const prefix = `${source.name}_`;
  const versionInName = source.version.replace(':', '%3a');
  const find = (): string | undefined => fs.readdirSync(downloads).find((f) => f.startsWith(prefix) && f.includes(versionInName) && f.endsWith('.deb'));
  let found = find();
  if (!found) {
    // stderr is kept quiet: apt warns that root downloads unsandboxed; a failure still throws with its message.
    execFileSync('apt-get', ['download', `${source.name}=${source.version}`], { cwd: downloads, stdio: ['ignore', 'ignore', 'pipe'] });
    found = find();
    if (!found) throw new Error(`apt-get download ${source.name}=${source.version} produced no .deb`);
  }
  file = path.join(downloads, found);
  if (!fs.existsSync(done)) {
    fs.rmSync(unpacked, { recursive: true, force: true });
    fs.mkdirSync(unpacked, { recursive: true });
    execFileSync('dpkg-deb', ['-x', file, unpacked]);
    fs.writeFileSync(done, '');
  }
  return { dir: unpacked, file: found, sha256: sha256File(file) };
}

export interface CorpusFile {
  readonly source: string;
  readonly path: string;
  readonly lang: Lang;
  readonly text: string;
}

export interface SkipCounts {
  generated: number;
  minified: number;
  large: number;
  duplicate: number;
}

const MAX_FILE_BYTES = 512 * 1024;

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/**
 * Lists a source's code files in sorted order, with languages; skips generated and minified files (the
 * model should learn hand-written code, so that such files stand out as dense), files over 512 KB, and
 * files whose exact content was already taken (`seen`, shared across sources, held-out first).
 */
export function collectFiles(source: Source, root: string, seen: Set<string>, skipped: SkipCounts): CorpusFile[] {
  const files: string[] = [];
  for (const inc of source.include) {
    const abs = path.join(root, inc);
    if (!fs.existsSync(abs)) throw new Error(`${source.id}: ${inc} not found in the package`);
    if (fs.statSync(abs).isFile()) files.push(abs);
    else walk(abs, files);
  }
  const dirKinds = new Map<string, { c: boolean; cpp: boolean }>();
  for (const f of files) {
    const lang = extLanguage(f);
    const d = path.dirname(f);
    const k = dirKinds.get(d) ?? { c: false, cpp: false };
    if (lang === 'c') k.c = true;
    if (lang === 'cpp' && !/\.(?:hpp|hh|hxx|ipp|inl|tcc)$/.test(f)) k.cpp = true;
    dirKinds.set(d, k);
  }
  const out: CorpusFile[] = [];
  for (const f of [...new Set(files)]) {
    const rel = path.relative(root, f);
    let lang = extLanguage(f);
    if (lang === undefined) continue;
    if (/\.d\.[mc]?ts$/.test(f) && !source.declarations) continue;
    if (/\.min\.js$/.test(f)) continue;
    if (lang === 'header') {
      const k = dirKinds.get(path.dirname(f));
      lang = k?.cpp ? 'cpp' : k?.c ? 'c' : (source.headers ?? 'c');
    }
    const size = fs.statSync(f).size;
    if (size > MAX_FILE_BYTES || size === 0) {
      if (size > 0) skipped.large++;
      continue;
    }
    const text = fs.readFileSync(f, 'utf8');
    if (detectGenerated(text)) {
      skipped.generated++;
      continue;
    }
    if (detectMinified(text)) {
      skipped.minified++;
      continue;
    }
    const hash = createHash('sha1').update(text).digest('hex');
    if (seen.has(hash)) {
      skipped.duplicate++;
      continue;
    }
    seen.add(hash);
    out.push({ source: source.id, path: rel, lang, text });
  }
  return out;
}

/**
 * Calibration units: a file's paragraphs (split at blank lines) merged until each has at least
 * `minChars` characters, so units are function-sized rather than single lines.
 */
export function splitUnits(text: string, minChars = 200): string[] {
  const paragraphs = text.split(/\n[ \t]*\n/);
  const out: string[] = [];
  let current = '';
  for (const p of paragraphs) {
    current = current ? `${current}\n\n${p}` : p;
    if (current.length >= minChars) {
      out.push(current);
      current = '';
    }
  }
  if (current.trim().length > 0) out.push(current);
  return out;
}
