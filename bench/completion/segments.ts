import { segmentFile } from '../../src/engine/segment/segmenter';
import { languageOfPath } from '../../src/engine/segment/languages';
import type { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import type { Unit } from '../../src/engine/types';
import { identifiers, isCommentLine, splitKeepEnds } from './text';

/** A named definition found by the engine's segmenter: what a body can reference by name. */
export interface Definition {
  readonly path: string;
  readonly unit: Unit;
  /** The identifier it is referenced by (the last one of a qualified name). */
  readonly key: string;
  /** 1-based lines of its signature in the file (the line naming it, and more while its parentheses are open). */
  readonly line: number;
  readonly lastLine: number;
  /** The signature's lines, without line ends. */
  readonly signature: readonly string[];
  readonly kind: DefinitionKind;
}

/** What a definition is, for recall per kind: the kinds a body refers to differ in how a compressor keeps them. */
export type DefinitionKind = 'function' | 'method' | 'class' | 'type' | 'type alias' | 'constant' | 'field' | 'enum member' | 'macro';

export const DEFINITION_KINDS: readonly DefinitionKind[] = ['function', 'method', 'class', 'type', 'type alias', 'constant', 'field', 'enum member', 'macro'];

/** The unit that opens the container (class, enum, group, namespace) unit i sits in, if any. */
function containerOf(units: readonly Unit[], i: number): Unit | undefined {
  const depth = units[i]?.depth ?? 0;
  for (let k = i - 1; k >= 0; k--) {
    const u = units[k];
    if (u && u.depth < depth && u.closesBack === undefined) return u;
  }
  return undefined;
}

const ALIAS = /^\s*(export\s+)?(pub(\([^)]*\))?\s+)?(type\s+[A-Za-z_$][\w$]*(<[^>]*>)?\s*=|using\s+[A-Za-z_]\w*\s*=)|^\s*typedef\b(?!.*\{\s*$)/;
const MACRO = /^\s*#\s*define\b/;
const ENUM = /\benum\b/;
const SCOPE = /^\s*(export\s+)?(pub(\([^)]*\))?\s+)?(inline\s+)?(namespace|mod|module)\b/;

/** The kind of the definition unit i declares, its signature's first line `first`, read from the units around it. */
export function kindOf(units: readonly Unit[], i: number, first: string): DefinitionKind {
  const unit = units[i];
  if (MACRO.test(first)) return 'macro';
  if (!unit) return 'constant';
  if (unit.kind === 'function' || unit.kind === 'method' || unit.kind === 'class') return unit.kind;
  if (unit.kind === 'type') return ALIAS.test(first) ? 'type alias' : 'type';
  const container = containerOf(units, i);
  if (!container || container.kind === 'other' || SCOPE.test(container.text)) return 'constant';
  return ENUM.test(container.text.split('\n').find((l) => ENUM.test(l) || /[{(]\s*$/.test(l)) ?? '') ? 'enum member' : 'field';
}

const MAX_SIGNATURE_LINES = 6;

/** Lines from `at` on while the parameter list opened there is still open: `subscribe(` alone says little. */
function signatureLines(lines: readonly string[], at: number): string[] {
  const out: string[] = [];
  let depth = 0;
  for (let i = at; i < lines.length && out.length < MAX_SIGNATURE_LINES; i++) {
    const line = (lines[i] ?? '').replace(/\r?\n$/, '');
    out.push(line);
    for (const ch of line.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '')) {
      if (ch === '(' || ch === '[') depth++;
      else if (ch === ')' || ch === ']') depth--;
    }
    if (depth <= 0) break;
  }
  return out;
}

/** Where a function's body lies, read from the skeleton the segmenter made for it. */
export interface BodySpan {
  /** 1-based inclusive lines of the body's inside (what the skeleton elides). */
  readonly from: number;
  readonly to: number;
  /** The skeleton's text before the elided body: signature (with doc) as written. */
  readonly head: string;
  readonly braced: boolean;
}

const bracedMarker = /\{ \/\* … \d+ lines? \(L(\d+)-(\d+)\) \*\/ \}/;
const indentedMarker = /^[ \t]*\.\.\. {2}# … \d+ lines? \(L(\d+)-(\d+)\)/m;

export function bodySpan(unit: Unit): BodySpan | undefined {
  const sk = unit.skeleton;
  if (sk === undefined) return undefined;
  const b = bracedMarker.exec(sk);
  if (b) return { from: Number(b[1]), to: Number(b[2]), head: sk.slice(0, b.index), braced: true };
  const i = indentedMarker.exec(sk);
  if (i) return { from: Number(i[1]), to: Number(i[2]), head: sk.slice(0, i.index), braced: false };
  return undefined;
}

export async function segmentText(text: string, filePath: string, runtime: TreeSitterRuntime): Promise<readonly Unit[]> {
  return (await segmentFile(text, languageOfPath(filePath), runtime)).units;
}

/** Kinds a body can refer to by name. Imports and the closing lines of classes declare nothing. */
const DEFINING = new Set(['function', 'method', 'class', 'type', 'other']);

export function definitionsOf(filePath: string, units: readonly Unit[]): Definition[] {
  const defs: Definition[] = [];
  for (const [index, unit] of units.entries()) {
    if (!unit.name || !DEFINING.has(unit.kind) || unit.closesBack !== undefined) continue;
    // `Foo<T>`, `ns::Foo`, `Foo.prototype.bar`: referenced by the last identifier. `X for Y` (a Rust trait impl)
    // and `impl Y` restate a type defined elsewhere, so they are not definitions of their own.
    if (unit.name.includes(' ')) continue;
    const key = identifiers(unit.name.replace(/<.*$/s, '')).pop();
    if (!key) continue;
    const lines = splitKeepEnds(unit.text);
    const word = new RegExp(`(^|[^A-Za-z0-9_$])${key.replace(/\$/g, '\\$')}([^A-Za-z0-9_$]|$)`);
    let at = lines.findIndex((l) => !isCommentLine(l) && word.test(l));
    if (at < 0) at = lines.findIndex((l) => !isCommentLine(l) && l.trim().length > 0);
    const first = lines[at];
    if (at < 0 || first === undefined) continue;
    // Modules and namespaces are named in paths (`io::Error`, `detail::x`) but their heading says nothing.
    if (/^\s*(pub(\([^)]*\))?\s+)?((unsafe\s+)?impl|mod)\b|^\s*(inline\s+)?namespace\b/.test(first)) continue;
    const signature = signatureLines(lines, at);
    defs.push({ path: filePath, unit, key, line: unit.startLine + at, lastLine: unit.startLine + at + signature.length - 1, signature, kind: kindOf(units, index, first) });
  }
  return defs;
}
