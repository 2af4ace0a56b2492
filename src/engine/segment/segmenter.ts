import type { Node, Parser, Tree } from 'web-tree-sitter';
import { maskMacroLines } from './macroLines';
import type { Unit, UnitKind } from '../types';
import { fallbackUnits } from './fallback';
import type { LanguageId, LanguageSpec } from './languages';
import { languageOfPath, languageSpec } from './languages';
import { declarationOf } from './declaration';
import { functionSkeleton, isDocstring } from './skeleton';
import type { TreeSitterRuntime } from './treeSitter';
import { LineSpans, splitLines } from './lines';

export interface SegmentedFile {
  readonly language: LanguageId;
  readonly units: readonly Unit[];
  /** Whether tree-sitter reported syntax errors (units are still produced, around the errors). */
  readonly hasErrors: boolean;
  /**
   * Lines spanned by the largest region tree-sitter could not parse (0 when none). A one-line error is
   * usually syntax newer than the grammar (TypeScript's `export type * from`) and changes no unit; a
   * region of several lines can leave units coarse.
   */
  readonly errorLines: number;
}

/** Files above this many characters are split into blank-line blocks instead of being parsed. */
const MAX_PARSE_CHARS = 4_000_000;

/** A unit in the making: 0-based inclusive rows plus what is needed to build its text later. */
interface Draft {
  startRow: number;
  endRow: number;
  kind: UnitKind;
  name?: string | undefined;
  /** The function node whose body a skeleton elides. */
  fn?: Node | undefined;
  depth: number;
  /** For the closing line of a class: how many units back its header is. */
  closesBack?: number;
  /** The rows of the node itself (without the comments above it), for a unit that may be opened (openLargeUnits). */
  span?: { readonly from: number; readonly to: number } | undefined;
}

/** The grammar a file is parsed with; none for text without one, and for files too large or blank to parse. */
function grammarOf(text: string, language: LanguageId): LanguageSpec | undefined {
  const spec = languageSpec(language);
  return spec && text.length <= MAX_PARSE_CHARS && text.trim().length > 0 ? spec : undefined;
}

/** The grammars that segmenting these files will parse with, each once. */
export function grammarsFor(files: readonly { readonly path: string; readonly text: string }[]): LanguageSpec[] {
  const specs = new Map<string, LanguageSpec>();
  for (const f of files) {
    const spec = grammarOf(f.text, languageOfPath(f.path));
    if (spec) specs.set(spec.id, spec);
  }
  return [...specs.values()];
}

/**
 * Splits a file into units that partition its lines: imports, type and class headers, functions and methods,
 * other top-level code. Comments directly above a declaration belong to it (they are usually its doc).
 */
export async function segmentFile(text: string, language: LanguageId, runtime: TreeSitterRuntime): Promise<SegmentedFile> {
  const lines = splitLines(text);
  const spans = new LineSpans(text, lines);
  const spec = grammarOf(text, language);
  if (!spec) return { language, units: fallbackUnits(spans), hasErrors: false, errorLines: 0 };
  const parser = await runtime.parserFor(spec);
  const tree = parser.parse(parsedText(spec, text));
  if (!tree) return { language, units: fallbackUnits(spans), hasErrors: true, errorLines: lines.length };
  // Trees parsed to open large units: their nodes are read until the units are built.
  const trees: Tree[] = [tree];
  try {
    const root = tree.rootNode;
    const drafts = openLargeUnits({ spec, parser, lines, trees }, partition(spec, root.namedChildren, 0, lines.length - 1, 0), 0);
    const units = drafts.map((d) => toUnit(d, spans, spec));
    return { language, units, hasErrors: root.hasError, errorLines: root.hasError ? largestErrorLines(root) : 0 };
  } finally {
    for (const t of trees) t.delete();
  }
}

/** What the grammar reads: C and C++ with their macro lines blanked (see maskMacroLines). */
function parsedText(spec: LanguageSpec, text: string): string {
  return spec.id === 'c' || spec.id === 'cpp' ? maskMacroLines(text) : text;
}

/** A unit above this many characters (about 3k tokens) fits no small budget whole: if it holds declarations, it is opened. */
const LARGE_UNIT_CHARS = 12_000;
/** Share of a large unit's inside that declarations must cover to read as a container rather than as one long function. */
const DECLARED_SHARE = 0.5;
/** How many times a unit opened this way may be opened again inside. */
const MAX_REOPEN_DEPTH = 4;
const DECLARATION_KINDS: ReadonlySet<UnitKind> = new Set(['function', 'method', 'class', 'type']);

interface Reparse {
  readonly spec: LanguageSpec;
  readonly parser: Parser;
  readonly lines: readonly string[];
  readonly trees: Tree[];
}

function charsOf(lines: readonly string[], fromRow: number, toRow: number): number {
  let n = 0;
  for (let i = fromRow; i <= toRow; i++) n += lines[i]?.length ?? 0;
  return n;
}

/**
 * Units too large to be chosen whole that are not functions with a body to elide but containers the grammar
 * misread (a namespace opened by a macro it cannot expand, read as one function or one error): their inside is
 * parsed again on its own (every other line blank, so rows and columns stay the file's) and, when declarations
 * cover most of it, the unit becomes a header, those declarations and a closing line, like any container.
 */
function openLargeUnits(at: Reparse, drafts: readonly Draft[], level: number): Draft[] {
  return drafts.flatMap((d): Draft[] => {
    if (level >= MAX_REOPEN_DEPTH || !d.span || d.closesBack !== undefined || d.span.from < d.startRow || d.span.to > d.endRow) return [d];
    const from = d.span.from + 1;
    const to = d.span.to - 1;
    if (to - from < 2 || charsOf(at.lines, d.startRow, d.endRow) <= LARGE_UNIT_CHARS) return [d];
    // Built from the unit's own lines: mapping every line of the file cost O(file) per large unit.
    const padded = '\n'.repeat(from) + at.lines.slice(from, to + 1).join('');
    const tree = at.parser.parse(parsedText(at.spec, padded));
    if (!tree) return [d];
    at.trees.push(tree);
    const inner = partition(at.spec, tree.rootNode.namedChildren, from, to, d.depth + 1);
    const declarations = inner.filter((x) => DECLARATION_KINDS.has(x.kind));
    const declared = declarations.reduce((n, x) => n + charsOf(at.lines, x.startRow, x.endRow), 0);
    if (declarations.length < 2 || declared < DECLARED_SHARE * charsOf(at.lines, from, to)) return [d];
    const kind: UnitKind = d.kind === 'function' || d.kind === 'method' || d.kind === 'other' || d.kind === 'block' ? 'class' : d.kind;
    const members = openLargeUnits(at, inner, level + 1);
    return [
      { startRow: d.startRow, endRow: from - 1, kind, name: d.name, depth: d.depth },
      ...members,
      { startRow: to + 1, endRow: d.endRow, kind, name: d.name, depth: d.depth, closesBack: members.length + 1 },
    ];
  });
}

/** Lines of the largest ERROR node (nested ones included): how much of the file the parser could not read. */
function largestErrorLines(root: Node): number {
  let largest = 0;
  for (const e of root.descendantsOfType('ERROR')) if (e) largest = Math.max(largest, lastRow(e) - e.startPosition.row + 1);
  return largest;
}

function lastRow(node: Node): number {
  // A node that ends at column 0 ends with the previous line's newline.
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row - 1 : end.row;
}

function unwrap(spec: LanguageSpec, node: Node): Node {
  let inner = node;
  while (spec.wrappers.has(inner.type)) {
    const next = inner.childForFieldName('declaration') ?? inner.childForFieldName('definition') ?? lastNamedNonComment(inner);
    if (!next || next === inner) break;
    inner = next;
  }
  return inner;
}

function lastNamedNonComment(node: Node): Node | null {
  const children = node.namedChildren;
  for (let i = children.length - 1; i >= 0; i--) {
    const c = children[i];
    if (c && !isComment(c)) return c;
  }
  return null;
}

function isComment(node: Node): boolean {
  return node.type === 'comment' || node.type === 'line_comment' || node.type === 'block_comment';
}

function nameOf(node: Node): string | undefined {
  // Go groups declarations (`type T struct{}` is a type_declaration holding a type_spec): the first spec names it.
  const name =
    node.childForFieldName('name') ??
    node.childForFieldName('declarator') ??
    node.namedChildren.find((c) => c !== null && c.type.endsWith('_spec'))?.childForFieldName('name');
  if (!name) {
    const bound = boundName(node);
    if (bound !== undefined) return bound;
    // A Rust impl is named by what it implements: `Iterator for BytesToHexChars<'a>`.
    if (node.type !== 'impl_item') return undefined;
    const type = node.childForFieldName('type')?.text;
    const trait = node.childForFieldName('trait')?.text;
    return type === undefined ? undefined : (trait !== undefined ? `${trait} for ${type}` : type).slice(0, 200);
  }
  const id = name.type.endsWith('declarator') ? declaredName(name) : name;
  return id?.text.slice(0, 200);
}

/** Nodes that are nothing but the name they declare: a TypeScript enum member without a value. */
const bareNames: ReadonlySet<string> = new Set(['identifier', 'property_identifier']);

/**
 * The name a node binds without a `name` field: an enum member that is only its name, or a Python module-level
 * or class-level assignment (`TIMEOUT = 30`, `x: int = 0`), whose target names it.
 */
function boundName(node: Node): string | undefined {
  if (bareNames.has(node.type)) return node.text.slice(0, 200);
  if (node.type !== 'expression_statement') return undefined;
  const assignment = node.namedChildren[0];
  if (assignment?.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  return left?.type === 'identifier' ? left.text.slice(0, 200) : undefined;
}

/** Node types that name what a C/C++ (or Java) declarator declares. */
const declaredNameTypes: ReadonlySet<string> = new Set([
  'identifier', 'field_identifier', 'qualified_identifier', 'type_identifier', 'operator_name', 'destructor_name', 'template_function',
]);

/**
 * The name inside a declarator. They nest (`int *f(int)` → pointer_declarator → function_declarator → identifier),
 * and some hold their inner declarator without a field (`T& operator=(T&& other)` → reference_declarator), where
 * the first identifier below would be a parameter's; so walk down the declarator chain itself.
 */
function declaredName(declarator: Node): Node | undefined {
  let inner: Node = declarator;
  while (inner.type.endsWith('declarator')) {
    const next: Node | null | undefined =
      inner.childForFieldName('declarator') ??
      inner.namedChildren.find((c) => c !== null && (c.type.endsWith('declarator') || declaredNameTypes.has(c.type)));
    if (!next) break;
    inner = next;
  }
  if (declaredNameTypes.has(inner.type)) return inner;
  return declarator.descendantsOfType(['identifier', 'field_identifier', 'qualified_identifier'])[0] ?? undefined;
}

/**
 * C/C++ prototypes and member function declarations (`int f(int);`, `virtual void g() const = 0;`): a declaration
 * whose declarator chain holds a function declarator that names something (a function pointer's holds a
 * parenthesised declarator instead).
 */
function declaresFunction(node: Node): boolean {
  if (node.type !== 'declaration' && node.type !== 'field_declaration') return false;
  let inner = node.childForFieldName('declarator');
  while (inner && inner.type.endsWith('declarator')) {
    if (inner.type === 'function_declarator') {
      const target = inner.childForFieldName('declarator');
      return target !== null && declaredNameTypes.has(target.type);
    }
    inner = inner.childForFieldName('declarator') ?? inner.namedChildren.find((c) => c !== null && c.type.endsWith('declarator')) ?? null;
  }
  return false;
}

/**
 * `const f = (x) => { ... }`, `Foo.prototype.bar = function () { ... }` and friends: the function that a variable
 * declaration or an assignment holds, if any, with the name it is bound to.
 */
function declaredFunction(spec: LanguageSpec, node: Node): { fn: Node; name: string | undefined } | undefined {
  if (node.type === 'assignment_expression') {
    const right = node.childForFieldName('right');
    if (!right || !spec.functions.has(right.type)) return undefined;
    return { fn: right, name: node.childForFieldName('left')?.text.slice(0, 200) };
  }
  if (node.type !== 'lexical_declaration' && node.type !== 'variable_declaration') return undefined;
  const declarators = node.namedChildren.filter((c): c is Node => c !== null && c.type === 'variable_declarator');
  const declarator = declarators[0];
  if (declarators.length !== 1 || !declarator) return undefined;
  const value = declarator.childForFieldName('value');
  if (!value || !spec.functions.has(value.type)) return undefined;
  return { fn: value, name: nameOf(declarator) };
}

interface Classified {
  kind: UnitKind;
  name?: string | undefined;
  fn?: Node | undefined;
  /** The member-holding body of a container, or the node of a grouped declaration. */
  body?: Node | undefined;
  /** A grouped declaration: its opening line names nothing, its members do. */
  grouped?: boolean;
}

/** The node at the end of a dotted path of fields (`type.body`), if there is one. */
function fieldPath(node: Node, path: string): Node | undefined {
  let at: Node | null = node;
  for (const field of path.split('.')) at = at?.childForFieldName(field) ?? null;
  return at ?? undefined;
}

/**
 * Nodes inside a container that only hold members: Go's `var ( … )` list, a Java enum's declarations after its
 * constants. Their children are the members.
 */
const memberLists: ReadonlySet<string> = new Set(['var_spec_list', 'enum_body_declarations']);

/** The members of a container's body, lists opened, comments kept (they lead the member below them). */
function membersOf(body: Node): Node[] {
  return body.namedChildren.flatMap((m) => (m === null ? [] : memberLists.has(m.type) ? membersOf(m) : [m]));
}

function classify(spec: LanguageSpec, node: Node, depth: number): Classified {
  const inner = unwrap(spec, node);
  const type = inner.type;
  if (spec.imports.has(type)) return { kind: 'import' };
  if (spec.functions.has(type)) {
    return { kind: depth > 0 ? 'method' : 'function', name: nameOf(inner), fn: inner };
  }
  const held = declaredFunction(spec, inner);
  if (held) return { kind: depth > 0 ? 'method' : 'function', name: held.name, fn: held.fn };
  if (spec.signatures.has(type) || declaresFunction(inner)) return { kind: depth > 0 ? 'method' : 'function', name: nameOf(inner) };
  const bodyPath = spec.containers.get(type);
  const body = bodyPath !== undefined ? fieldPath(inner, bodyPath) : undefined;
  if (body) return { kind: spec.types.has(type) ? 'type' : 'class', name: nameOf(inner), body };
  const groupKind = spec.groups.get(type);
  if (groupKind !== undefined) return { kind: groupKind, body: inner, grouped: true };
  if (spec.types.has(type)) return { kind: 'type', name: nameOf(inner) };
  return { kind: 'other', name: nameOf(inner) };
}

/**
 * Turns the children of a node into drafts covering rows [fromRow, toRow] exactly, recursing into
 * containers (classes, impls, namespaces) so that their members become units of their own.
 */
function partition(spec: LanguageSpec, children: readonly (Node | null)[], fromRow: number, toRow: number, depth: number): Draft[] {
  const drafts: Draft[] = [];
  let pendingCommentRow: number | undefined;
  let cursor = fromRow; // first row not yet assigned to a draft

  for (const item of openTransparent(spec, children)) {
    if (typeof item === 'number') {
      pendingCommentRow ??= item;
      continue;
    }
    const child = item;
    if (isComment(child) || spec.leading.has(child.type)) {
      // A comment after code on the same line (`x = 1; // why`) is already inside that line's unit; taken as
      // leading, it would pull the blank lines that follow into the next unit.
      if (child.startPosition.row >= cursor) pendingCommentRow ??= child.startPosition.row;
      continue;
    }
    let start = Math.max(pendingCommentRow ?? child.startPosition.row, cursor);
    pendingCommentRow = undefined;
    const end = Math.min(Math.max(lastRow(child), start), toRow);
    if (start > toRow || end < cursor) continue;
    const last = drafts[drafts.length - 1];
    if (last && child.startPosition.row <= last.endRow) {
      // Shares a line with the previous unit: one unit, since units are whole lines.
      last.endRow = Math.max(last.endRow, end);
      if (last.span) last.span = { from: last.span.from, to: Math.max(last.span.to, lastRow(child)) };
      if (last.kind !== 'import' || classify(spec, child, depth).kind !== 'import') {
        last.kind = last.kind === 'import' ? 'other' : last.kind;
        last.fn = undefined;
      }
      cursor = last.endRow + 1;
      continue;
    }
    if (start > cursor) {
      // Blank lines (or stray text) before this unit: they trail the previous unit, or open the range.
      if (last) last.endRow = start - 1;
      else start = cursor;
    }
    const c = classify(spec, child, depth);
    const members = c.body ? membersOf(c.body).filter((m) => !isComment(m)) : [];
    if (members.length > 0 && end > start && c.body) {
      drafts.push(...containerDrafts(spec, c, c.body, start, end, depth, { from: child.startPosition.row, to: lastRow(child) }));
    } else if (c.kind === 'import' && last?.kind === 'import' && last.endRow === start - 1) {
      last.endRow = end; // consecutive imports read as one unit
    } else {
      drafts.push({ startRow: start, endRow: end, kind: c.kind, name: c.name, fn: c.fn, depth, span: { from: child.startPosition.row, to: lastRow(child) } });
    }
    cursor = end + 1;
  }
  if (cursor <= toRow) {
    const last = drafts[drafts.length - 1];
    if (last) last.endRow = toRow;
    else drafts.push({ startRow: fromRow, endRow: toRow, kind: 'other', depth });
  }
  return drafts;
}

/**
 * The children to partition, with transparent nodes (preprocessor conditionals, and syntax errors that hold
 * declarations) opened up into their own children. A number stands for the first row of an opened node: its
 * directive line (`#ifndef GUARD`, `#else`) leads into what follows it, as a comment above a declaration does;
 * the closing `#endif` trails what precedes it.
 */
function openTransparent(spec: LanguageSpec, children: readonly (Node | null)[]): (Node | number)[] {
  const items: (Node | number)[] = [];
  for (const child of children) {
    if (!child) continue;
    if (!spec.transparent.has(child.type) && !isErrorHoldingDeclarations(spec, child)) {
      items.push(child);
      continue;
    }
    items.push(child.startPosition.row);
    // The condition sits on the directive line; the `alternative` (`#else`, `#elif`) is opened in turn.
    const condition = child.childForFieldName('condition') ?? child.childForFieldName('name');
    const inner = child.namedChildren.filter((c): c is Node => c !== null && (condition === null || c.id !== condition.id));
    items.push(...openTransparent(spec, inner));
  }
  return items;
}

/**
 * A syntax error that tree-sitter could not confine: one ERROR node around intact functions and classes (a
 * brace opened in both branches of an `#if`, as in nlohmann/json's 5,214-line single header, made the whole
 * file one unit that could only be kept whole or dropped). Its children are partitioned like any others; an
 * error holding only fragments (a half-typed statement) stays one unit.
 */
function isErrorHoldingDeclarations(spec: LanguageSpec, node: Node): boolean {
  if (node.type !== 'ERROR') return false;
  return node.namedChildren.some((c) => {
    if (!c || isComment(c)) return false;
    if (spec.transparent.has(c.type) || c.type === 'ERROR') return true;
    return classify(spec, c, 0).kind !== 'other';
  });
}

/** A class: a header unit down to its first member, the members, and a closing unit. */
function containerDrafts(spec: LanguageSpec, c: Classified, body: Node, start: number, end: number, depth: number, span: Draft['span']): Draft[] {
  let members = membersOf(body);
  // A Python class's docstring is its doc: it stays in the header, as a doc comment above a class would.
  const doc = spec.indentBodies ? members.find((m) => !isComment(m)) : undefined;
  if (doc && isDocstring(doc)) members = members.slice(members.indexOf(doc) + 1);
  const firstMember = members.find((m) => !isComment(m));
  const whole: Draft = { startRow: start, endRow: end, kind: c.kind, name: c.grouped ? firstMember && nameOf(firstMember) : c.name, depth, span };
  if (!firstMember) return [whole];
  // Comments directly above the first member belong to it, not to the header.
  let memberStart = firstMember.startPosition.row;
  for (const m of members) {
    if (m === firstMember) break;
    if (isComment(m)) memberStart = Math.min(memberStart, m.startPosition.row);
  }
  let headerEnd = memberStart - 1;
  let header: Draft = { startRow: start, endRow: headerEnd, kind: c.kind, name: c.grouped ? undefined : c.name, depth };
  if (memberStart <= start) {
    // Members begin on the header's own line (`class A { x = 1;`, `let a = 1,`). In a group the line declares its
    // first member and the others still get lines of their own; a class stays one unit.
    if (!c.grouped) return [whole];
    // The members after the first one's line, with the comments above them.
    const after = members.findIndex((m) => m.startPosition.row > lastRow(firstMember));
    if (after < 0 || members.slice(after).every(isComment)) return [whole];
    members = members.slice(after);
    headerEnd = (members[0]?.startPosition.row ?? end + 1) - 1;
    header = { startRow: start, endRow: headerEnd, kind: c.kind, name: nameOf(firstMember), depth };
  }
  // The closing line of a braced body (`}` / `};` / `)`) reads best as the container's own closing unit.
  const lastMember = [...members].reverse().find((m) => !isComment(m));
  const closeRow = lastRow(body);
  const hasClosingLine = !spec.indentBodies && lastMember !== undefined && closeRow > lastRow(lastMember) && closeRow <= end;
  const membersEnd = hasClosingLine ? closeRow - 1 : end;
  const inner = partition(spec, members, headerEnd + 1, membersEnd, depth + 1);
  const drafts = [header, ...inner];
  if (hasClosingLine) drafts.push({ startRow: closeRow, endRow: end, kind: c.kind, name: header.name, depth, closesBack: drafts.length });
  return drafts;
}

function toUnit(d: Draft, spans: LineSpans, spec: LanguageSpec): Unit {
  const { lines } = spans;
  const text = spans.span(d.startRow, d.endRow);
  const skeleton = d.fn ? functionSkeleton(spec, d.fn, lines, d.startRow, d.endRow) : undefined;
  const declaration = d.closesBack === undefined ? declarationOf(d.kind, d.name, lines.slice(d.startRow, d.endRow + 1), d.startRow + 1) : undefined;
  return {
    kind: d.kind,
    ...(d.name !== undefined ? { name: d.name } : {}),
    startLine: d.startRow + 1,
    endLine: d.endRow + 1,
    text,
    ...(skeleton !== undefined ? { skeleton: skeleton.text, body: skeleton.body } : {}),
    depth: d.depth,
    ...(d.closesBack !== undefined ? { closesBack: d.closesBack } : {}),
    ...(declaration !== undefined ? { declaration } : {}),
  };
}
