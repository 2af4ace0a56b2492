import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The repositories cases are built from: real code nobody in this project wrote, all on the list reserved from
 * the built-in encoder's training data (rxjs, three, the Python stdlib, golang-1.19-src, librust-tokio-dev,
 * OpenJDK sources, nlohmann-json3-dev), fetched by bench/corpora/fetch.sh at pinned versions.
 */
export interface CorpusSpec {
  /** Folder under .cache/bench/corpora. */
  readonly id: string;
  /** Short language code used by --langs and in the tables. */
  readonly lang: string;
  readonly label: string;
  readonly extensions: readonly string[];
  /** Sub-folders to take (all when empty): keeps segmenting a big corpus to what cases can use. */
  readonly include: readonly string[];
}

export const CORPORA: readonly CorpusSpec[] = [
  { id: 'rxjs', lang: 'ts', label: 'rxjs 7.8.2 src', extensions: ['.ts'], include: [] },
  { id: 'three', lang: 'js', label: 'three 0.187.0 src', extensions: ['.js'], include: ['src/math', 'src/core', 'src/objects', 'src/geometries', 'src/animation', 'src/cameras', 'src/lights', 'src/loaders', 'src/extras'] },
  { id: 'python', lang: 'py', label: 'CPython 3.11.2 stdlib', extensions: ['.py'], include: [] },
  { id: 'go', lang: 'go', label: 'Go 1.19.8 go/*', extensions: ['.go'], include: [] },
  { id: 'tokio', lang: 'rs', label: 'tokio 1.24.2', extensions: ['.rs'], include: [] },
  { id: 'jdk', lang: 'java', label: 'OpenJDK 17 java.util', extensions: ['.java'], include: [] },
  { id: 'nlohmann', lang: 'cpp', label: 'nlohmann/json 3.11.2', extensions: ['.hpp'], include: [] },
];

export interface CorpusFile {
  /** Path relative to the corpus root, with forward slashes: what every method sees as the file's name. */
  readonly path: string;
  readonly text: string;
}

/** Files over this size are generated tables or amalgamations, not code a case should be built around. */
const MAX_FILE_CHARS = 400_000;

export function corpusRoot(repoRoot: string, id: string): string {
  return path.join(repoRoot, '.cache/bench/corpora', id);
}

export function loadCorpus(repoRoot: string, spec: CorpusSpec): CorpusFile[] {
  const root = corpusRoot(repoRoot, spec.id);
  if (!existsSync(path.join(root, '.done'))) throw new Error(`Corpus ${spec.id} is missing: run bash bench/corpora/fetch.sh`);
  const files: CorpusFile[] = [];
  for (const rel of readdirSync(root, { recursive: true }).map(String).sort()) {
    const p = rel.split(path.sep).join('/');
    if (!spec.extensions.some((e) => p.endsWith(e))) continue;
    if (spec.include.length > 0 && !spec.include.some((d) => p.startsWith(`${d}/`))) continue;
    const text = readFileSync(path.join(root, rel), 'utf8');
    if (text.length > MAX_FILE_CHARS || text.trim().length === 0) continue;
    files.push({ path: p, text });
  }
  return files;
}
