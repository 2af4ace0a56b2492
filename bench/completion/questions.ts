import type { TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import type { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import { docstringLines, leadingDocLines } from '../../src/engine/segment/unitDoc';
import type { Unit } from '../../src/engine/types';
import { MAX_BODY_LINES, MIN_BODY_LINES, otherFiles, type Case, type CorpusIndex } from './cases';
import type { CorpusFile } from './corpora';
import { bodySpan, segmentText } from './segments';
import { hashString, isTrivialLine, prng, shuffled, splitKeepEnds } from './text';

/** A question says this much at least (words, once the function's name is taken out) and at most. */
const MIN_QUESTION_WORDS = 6;
const MAX_QUESTION_WORDS = 40;

const ABBREVIATION_DOT = '\u2024';

/** Where a doc comment stops saying what the function does: tags, parameter lists, examples. */
const DOC_END = /^(@|:param|:return|:raises|:type|args:|arguments:|returns?:|raises:|parameters\b|examples?:?$|#\s|```|>>>)/i;

/** One doc comment line as words: comment markers, Javadoc and Markdown decoration taken off. */
function proseOf(line: string): string {
  return line
    .trim()
    .replace(/^(\/\*\*?|\*\/|\*|\/\/[/!]?|#|[rRuUbB]{0,2}("""|'''))\s?/, '')
    .replace(/(\*\/|"""|''')\s*$/, '')
    .replace(/\{@\w+\s+([^}]*)\}/g, '$1')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/[`*]/g, '')
    .trim();
}

/**
 * The question a doc comment asks, written from its first sentences: what the function does, in words, with the
 * function's own name taken out (a question names what it wants, not where it is). Undefined when too little is left.
 */
export function questionFrom(docLines: readonly string[], name: string): string | undefined {
  const words: string[] = [];
  for (const raw of docLines) {
    const line = proseOf(raw);
    if (DOC_END.test(line)) break;
    if (line.length > 0) words.push(...line.split(/\s+/));
  }
  // Abbreviations (`e.g.`, `i.e.`) end no sentence: their dots are set aside while sentences are cut.
  const text = words.join(' ').replace(/\b(e\.g|i\.e|etc|vs|cf)\./gi, (m) => m.replaceAll('.', ABBREVIATION_DOT));
  // Whole sentences until there are enough words.
  const sentences = (text.match(/[^.!?]+[.!?]*/g) ?? []).map((s) => s.replaceAll(ABBREVIATION_DOT, '.'));
  let question = '';
  for (const s of sentences) {
    if (question.split(/\s+/).filter(Boolean).length >= MIN_QUESTION_WORDS * 2) break;
    question += s;
  }
  const nameWord = new RegExp(`\\b[\\w.$]*${name.replace(/[^\w$]/g, '')}[\\w$]*(\\(\\))?`, 'gi');
  const kept = question.replace(nameWord, ' ').split(/\s+/).filter(Boolean).slice(0, MAX_QUESTION_WORDS);
  if (kept.filter((w) => /^[A-Za-z]{2,}/.test(w)).length < MIN_QUESTION_WORDS) return undefined;
  if (/copyright|licen[cs]e|inheritdoc|@override/i.test(kept.join(' '))) return undefined;
  return kept.join(' ');
}

interface Answer {
  readonly file: CorpusFile;
  readonly unit: Unit;
  readonly question: string;
  /** The file as given: the answer's doc comment (or docstring) taken out. */
  readonly text: string;
  /** The answer's body lines (non-trivial, trimmed): what the score counts. */
  readonly body: readonly string[];
  /** Where the answer's body and whole unit lie in `text` (1-based, inclusive). */
  readonly at: { readonly from: number; readonly to: number; readonly unitStart: number; readonly unitEnd: number };
}

/** The answer a function gives when its doc makes a question: undefined for functions without one. */
function answerOf(file: CorpusFile, unit: Unit): Answer | undefined {
  const span = bodySpan(unit);
  if (!unit.name || unit.name.includes(' ') || !span) return undefined;
  const n = span.to - span.from + 1;
  if (n < MIN_BODY_LINES || n > MAX_BODY_LINES) return undefined;
  const unitLines = splitKeepEnds(unit.text);
  const above = leadingDocLines(unit, unitLines);
  const docstring = docstringLines(unit, unitLines);
  // The doc's lines in the file (1-based, inclusive).
  const doc = docstring ?? (above > 0 ? { startLine: unit.startLine, endLine: unit.startLine + above - 1 } : undefined);
  if (!doc) return undefined;
  const lines = splitKeepEnds(file.text);
  const question = questionFrom(lines.slice(doc.startLine - 1, doc.endLine), unit.name.replace(/<.*$/s, '').split(/[.:]+/).pop() ?? unit.name);
  if (!question) return undefined;
  const text = [...lines.slice(0, doc.startLine - 1), ...lines.slice(doc.endLine)].join('');
  const body = lines
    .slice(span.from - 1, span.to)
    .filter((_, i) => span.from + i < doc.startLine || span.from + i > doc.endLine)
    .filter((l) => !isTrivialLine(l))
    .map((l) => l.trim());
  // The doc lies above the body (above the declaration, or a docstring under it): the body moves up by its lines.
  const removed = doc.endLine - doc.startLine + 1;
  const at = { from: span.from - removed, to: span.to - removed, unitStart: unit.startLine, unitEnd: unit.endLine - removed };
  return body.length >= MIN_BODY_LINES - 2 ? { file, unit, question, text, body, at } : undefined;
}

/**
 * Up to `count` question cases from a corpus, deterministically for a seed: files in a seeded order, one function
 * per file whose doc comment makes a question (questionFrom). The context is the repository as for completion,
 * the answer's file among it with the doc comment removed; no file is at a cursor and nothing is pinned. Gold:
 * the answer's body lines.
 */
export async function buildQuestions(index: CorpusIndex, count: number, seed: number, runtime: TreeSitterRuntime, counter: TokenCounter): Promise<Case[]> {
  const random = prng(seed ^ hashString(`questions:${index.spec.id}`));
  const cases: Case[] = [];
  for (const file of shuffled(index.files, random)) {
    if (cases.length >= count) break;
    const answers = (await index.units(file)).filter((u) => u.kind === 'function' || u.kind === 'method').flatMap((u) => answerOf(file, u) ?? []);
    const answer = answers[Math.floor(random() * answers.length)];
    if (!answer) continue;
    const own = counter.count(answer.text);
    const filled = otherFiles(index, file.path, own, new Set(), seed);
    if (!filled) continue;
    const files = [...filled.chosen.map((f) => ({ path: f.path, text: f.text })), { path: file.path, text: answer.text }].sort((a, b) => a.path.localeCompare(b.path));
    const units = new Map<string, readonly Unit[]>();
    for (const f of filled.chosen) units.set(f.path, await index.units(f));
    units.set(file.path, await segmentText(answer.text, file.path, runtime));
    cases.push({
      id: `${index.spec.id}:${file.path}:${answer.unit.startLine}?`,
      corpus: index.spec.id,
      lang: index.spec.lang,
      targetPath: '',
      targetName: answer.unit.name ?? '',
      bodyLines: answer.body.length,
      files,
      prefix: answer.question,
      tail: '',
      tailStartLine: 1,
      prefixLines: 0,
      inputTokens: filled.total,
      units,
      gold: { signatures: [], bodies: [{ path: file.path, name: answer.unit.name ?? '', ...answer.at, lines: answer.body, score: 1 }] },
      question: answer.question,
    });
  }
  return cases;
}
