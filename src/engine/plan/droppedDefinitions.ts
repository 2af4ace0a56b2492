import type { Level, Unit } from '../types';

const DEFINITION_KINDS = new Set<Unit['kind']>(['function', 'method', 'class', 'type']);
const SHOWN = 5;

/**
 * Definitions the pinned code (the code at the cursor, the chosen symbols) names directly, that the plan
 * left out entirely: the budget was met by dropping what that code needs. A name counts as kept when any
 * of its definitions (overloads, a declaration and its body) is kept in any form.
 */
export function droppedDefinitions(items: readonly { unit: Unit; pinned: boolean }[], levels: readonly Level[]): string[] {
  const named = new Set<string>();
  for (const it of items) if (it.pinned) for (const id of it.unit.text.match(/[A-Za-z_$][\w$]*/g) ?? []) named.add(id);
  const dropped = new Set<string>();
  const kept = new Set<string>();
  items.forEach((it, i) => {
    const name = it.unit.name;
    if (it.pinned || !name || !named.has(name) || !DEFINITION_KINDS.has(it.unit.kind)) return;
    (levels[i] === 'omitted' ? dropped : kept).add(name);
  });
  return [...dropped].filter((n) => !kept.has(n)).sort();
}

export function droppedDefinitionsMessage(names: readonly string[], budget: number): string {
  const shown = names.slice(0, SHOWN).join(', ') + (names.length > SHOWN ? `, and ${names.length - SHOWN} more` : '');
  return `To fit ${budget} tokens, definitions the code at the cursor uses were left out: ${shown}. Raise the budget to keep their signatures.`;
}
