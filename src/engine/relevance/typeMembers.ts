import { referenceKey } from '../segment/declaration';
import type { UnitKind } from '../types';
import type { WeightedQuery } from './query';

export interface TypeMembersOptions {
  /** Weight of a type's members together, as a share of the weight the query gives the type's name. */
  readonly share?: number;
  /** The share is split over a type's members in proportion to 1 / (member count)^spread. */
  readonly spread?: number;
}

interface MemberInput {
  readonly unit: { readonly kind: UnitKind; readonly name?: string; readonly text: string; readonly depth: number; readonly startLine: number; readonly declaration?: { readonly startLine: number } };
  readonly fileIndex: number;
  readonly follows?: number;
}

const SHARE = 1;
const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/g;
const SPREAD = 0.5;
/** Units that hold members at the next depth: classes, structs, interfaces, impl blocks, namespaces. */
const CONTAINERS: ReadonlySet<UnitKind> = new Set(['class', 'type']);
/** `impl Trait for Type`: the members belong to Type. */
const IMPL_FOR = / for\s+(.+)$/s;
/** Go's receiver: `func (p *printer) name(` belongs to printer. */
const GO_RECEIVER = /^\s*func\s*\(\s*(?:[A-Za-z_]\w*\s+)?\*?\s*([A-Za-z_]\w*)/;
/** C++ defined out of its class: `Foo<T>::bar` belongs to Foo. */
const QUALIFIED = /([A-Za-z_]\w*)\s*(?:<[^<>]*>)?\s*::\s*~?([A-Za-z_]\w*)$/;

/** The type a container heading names: a class's own name, the `Type` of `impl Trait for Type`. */
function containerKey(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const implFor = IMPL_FOR.exec(name);
  return referenceKey(implFor ? implFor[1] : name);
}

/** The first line of a unit's declaration (or of the unit): where a Go receiver is written. */
function declarationLine(unit: MemberInput['unit']): string {
  const skip = (unit.declaration?.startLine ?? unit.startLine) - unit.startLine;
  return unit.text.split('\n', skip + 1)[skip] ?? '';
}

/**
 * Which type owns each member, by the name the type is referred to by: a unit nested one level inside a class,
 * struct, interface or impl block belongs to it; a Go method to its receiver's type; a C++ method defined outside
 * its class (`Foo::bar`) to Foo. Type name → the names of its members (each once, in item order).
 */
export function membersByType(items: readonly MemberInput[]): Map<string, string[]> {
  const members = new Map<string, Set<string>>();
  const add = (type: string | undefined, member: string | undefined): void => {
    if (type === undefined || member === undefined || member === type) return;
    let set = members.get(type);
    if (!set) members.set(type, (set = new Set()));
    set.add(member);
  };
  // Open containers by depth, in the file being read.
  let open: (string | undefined)[] = [];
  let file = -1;
  for (const it of items) {
    if (it.fileIndex !== file) {
      file = it.fileIndex;
      open = [];
    }
    const { unit } = it;
    const depth = unit.depth;
    open.length = Math.min(open.length, depth + 1);
    if (it.follows !== undefined) {
      open.length = Math.min(open.length, depth);
      continue;
    }
    const qualified = unit.name !== undefined ? QUALIFIED.exec(unit.name) : null;
    const name = qualified?.[2] ?? referenceKey(unit.name);
    if (depth > 0) add(open[depth - 1], name);
    else if (unit.kind === 'function' || unit.kind === 'method') add(GO_RECEIVER.exec(declarationLine(unit))?.[1] ?? qualified?.[1], name);
    open[depth] = CONTAINERS.has(unit.kind) ? containerKey(unit.name) : undefined;
  }
  return new Map([...members].map(([type, set]) => [type, [...set]]));
}

/**
 * The query's identifiers with the members of the types it names added: a parameter or local of type `Foo`
 * (`foo: Foo`, `Foo foo`, `new Foo(`, `Foo::new`, `foo *Foo`) is used through Foo's methods and fields, names the
 * code about to be written will call but has not typed yet. Each type lends its members `share` of the weight
 * the query gives its name (nearer the cursor, more), split over them by 1 / count^spread. `from` is the query
 * whose type names count; the members join `into` (the query with whatever else was lent already).
 */
export function withTypeMembers(items: readonly MemberInput[], from: WeightedQuery, into: WeightedQuery = from, options: TypeMembersOptions = {}): WeightedQuery {
  const share = options.share ?? SHARE;
  const spread = options.spread ?? SPREAD;
  if (share <= 0 || from.identifiers.size === 0) return into;
  const byType = membersByType(items);
  // The types named just before the cursor (the enclosing signature's parameters, the locals declared since), by
  // the weight lexical relevance gives those lines: far code's types are what the file uses, not what the next lines will.
  const named = new Map<string, number>();
  from.lines.forEach((line, i) => {
    const w = from.lineWeights[i] ?? 0;
    if (w <= 0) return;
    for (const id of line.match(IDENTIFIER) ?? []) if (byType.has(id)) named.set(id, (named.get(id) ?? 0) + w);
  });
  let identifiers: Map<string, number> | undefined;
  for (const [id, w] of named) {
    const members = byType.get(id);
    if (!members || members.length === 0) continue;
    identifiers ??= new Map(into.identifiers);
    const each = (share * w) / Math.pow(members.length, spread);
    for (const m of members) identifiers.set(m, (identifiers.get(m) ?? 0) + each);
  }
  return identifiers ? { ...into, identifiers } : into;
}
