import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { scoreUnits } from '../../src/engine/relevance';
import { weightQuery } from '../../src/engine/relevance/query';
import { membersByType, withTypeMembers } from '../../src/engine/relevance/typeMembers';
import type { LanguageId } from '../../src/engine/segment/languages';
import { segmentFile } from '../../src/engine/segment/segmenter';
import { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import type { Unit } from '../../src/engine/types';
import { assetPaths } from './helpers/assets';

let runtime: TreeSitterRuntime;

before(() => {
  runtime = new TreeSitterRuntime(assetPaths().wasmDir);
});

async function itemsOf(files: readonly { text: string; language: LanguageId }[]): Promise<{ unit: Unit; fileIndex: number; pinned: boolean; follows?: number }[]> {
  const items: { unit: Unit; fileIndex: number; pinned: boolean; follows?: number }[] = [];
  for (const [fileIndex, f] of files.entries()) {
    const { units } = await segmentFile(f.text, f.language, runtime);
    for (const unit of units) items.push({ unit, fileIndex, pinned: false, ...(unit.closesBack !== undefined ? { follows: unit.closesBack } : {}) });
  }
  return items;
}

describe('the members each type owns', () => {
  const cases: { language: LanguageId; text: string; owns: Record<string, string[]> }[] = [
    {
      language: 'rust',
      text: 'pub struct Driver {\n    inner: Arc<()>,\n}\n\nimpl Driver {\n    pub fn park(&mut self) {\n        self.process();\n    }\n}\n\nimpl Drop for Driver {\n    fn drop(&mut self) {}\n}\n',
      owns: { Driver: ['inner', 'park', 'drop'] },
    },
    {
      language: 'go',
      text: 'package p\n\ntype printer struct {\n\tout []byte\n}\n\nfunc (p *printer) flush() {\n\tp.out = nil\n}\n\nfunc (printer) reset() {}\n\nfunc helper() {}\n',
      owns: { printer: ['flush', 'reset'] },
    },
    {
      language: 'java',
      text: 'class Buffer {\n    private int size;\n\n    int capacity() {\n        return size;\n    }\n}\n',
      owns: { Buffer: ['size', 'capacity'] },
    },
    {
      language: 'python',
      text: 'class Queue:\n    limit = 10\n\n    def put(self, item):\n        self.items.append(item)\n\n\ndef helper():\n    pass\n',
      owns: { Queue: ['limit', 'put'] },
    },
    {
      language: 'cpp',
      text: 'template<typename T>\nclass lexer {\n  public:\n    int scan();\n};\n\ntemplate<typename T>\nint lexer<T>::get_token() {\n    return 0;\n}\n',
      owns: { lexer: ['get_token'] },
    },
  ];
  for (const c of cases) {
    it(`finds what ${Object.keys(c.owns).join(', ')} owns (${c.language})`, async () => {
      const byType = membersByType(await itemsOf([c]));
      for (const [type, members] of Object.entries(c.owns)) {
        for (const m of members) assert.ok(byType.get(type)?.includes(m), `${type} owns ${m}: ${JSON.stringify([...byType])}`);
      }
      assert.ok(![...byType.values()].some((ms) => ms.includes('helper')), 'a free function belongs to no type');
    });
  }
});

describe("the types the query names lend their members", () => {
  // A parameter of type `Buffer` (in another file) and an unrelated `Canvas` with a method of its own.
  const library = {
    language: 'typescript' as LanguageId,
    text: [
      'export class Buffer {',
      '  flushPending(): void {',
      '    this.count = 0;',
      '  }',
      '}',
      '',
      'export class Canvas {',
      '  drawOutline(): void {',
      '    this.path = [];',
      '  }',
      '}',
      '',
    ].join('\n'),
  };
  const query = 'export function drain(target: Buffer): void {\n';

  it('adds the members of a type the query names, not those of a type it does not name', async () => {
    const items = await itemsOf([library]);
    const weighted = weightQuery(query);
    const lent = withTypeMembers(items, weighted);
    assert.ok((lent.identifiers.get('flushPending') ?? 0) > 0, 'a method of the parameter type joins the query');
    assert.equal(lent.identifiers.get('drawOutline'), undefined, 'a method of a type the query does not name stays out');
  });

  it("ranks a parameter type's method above an unnamed type's method, with code at a cursor", async () => {
    const items = await itemsOf([library]);
    const cursor = { unit: { kind: 'function' as const, name: 'drain', startLine: 1, endLine: 1, text: query, depth: 0 }, fileIndex: 1, pinned: true };
    const all = [...items, cursor];
    const flush = all.findIndex((it) => it.unit.name === 'flushPending');
    const draw = all.findIndex((it) => it.unit.name === 'drawOutline');
    const worth = (share: number) => scoreUnits(all, query, { budget: 4000, typeMembers: { share } }).values.map((v) => v.signature ?? 0);
    const without = worth(0);
    const withMembers = worth(1);
    assert.equal(without[flush], without[draw], 'without the feature neither method is told apart');
    assert.ok((withMembers[flush] ?? 0) > (withMembers[draw] ?? 0), `flushPending ${withMembers[flush]} against drawOutline ${withMembers[draw]}`);
  });
});
