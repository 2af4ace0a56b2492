/** The languages the segmenter knows, how to recognise their files, and which syntax nodes form units. */
import type { UnitKind } from '../types';

export type LanguageId = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'rust' | 'java' | 'c' | 'cpp' | 'text';

export interface LanguageSpec {
  readonly id: Exclude<LanguageId, 'text'>;
  /** The grammar's wasm file name in the wasm asset folder. */
  readonly wasm: string;
  readonly lineComment: string;
  /** Whether function bodies are indented blocks (Python) rather than braces. */
  readonly indentBodies: boolean;
  readonly imports: ReadonlySet<string>;
  /** Nodes with a `body` field that is elided in a skeleton. */
  readonly functions: ReadonlySet<string>;
  /**
   * Nodes whose body holds members that become units of their own: the field naming the body, or a path of
   * fields through nested nodes (`type.body`: a C `typedef enum { … } E;` holds its enumerators in its type's body).
   */
  readonly containers: ReadonlyMap<string, string>;
  /**
   * Grouped declarations (Go `const ( … )`, `let a = 1,\n b = 2;`): each name they declare becomes a unit of its
   * own, so that it can be kept as its own line; the value is the kind of the group's opening line.
   */
  readonly groups: ReadonlyMap<string, UnitKind>;
  /** Declarations of functions without a body (overloads, abstract and interface methods). */
  readonly signatures: ReadonlySet<string>;
  /** Declarations of types: kept whole as type units, or, when also containers, a type header over its members. */
  readonly types: ReadonlySet<string>;
  /** Nodes that wrap a declaration (export, decorators, templates): classified by what they wrap. */
  readonly wrappers: ReadonlySet<string>;
  /** Sibling nodes that belong to the declaration below them, as a doc comment does (Rust `#[attr]`). */
  readonly leading: ReadonlySet<string>;
  /**
   * Nodes whose children are partitioned as if they stood in the node's place (C preprocessor conditionals:
   * an include guard wraps a whole header, which would otherwise be a single unit).
   */
  readonly transparent: ReadonlySet<string>;
}

const none: ReadonlySet<string> = new Set();
const preprocConditionals: ReadonlySet<string> = new Set(['preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_elifdef', 'preproc_else']);

const jsLike = {
  lineComment: '//',
  indentBodies: false,
  imports: new Set(['import_statement']),
  functions: new Set(['function_declaration', 'generator_function_declaration', 'method_definition', 'function_expression', 'arrow_function']),
  containers: new Map([
    ['class_declaration', 'body'],
    ['abstract_class_declaration', 'body'],
    ['class', 'body'],
    ['internal_module', 'body'],
    ['enum_declaration', 'body'],
    ['interface_declaration', 'body'],
  ]),
  groups: new Map<string, UnitKind>([
    ['lexical_declaration', 'other'],
    ['variable_declaration', 'other'],
  ]),
  signatures: new Set(['function_signature', 'abstract_method_signature', 'method_signature']),
  types: new Set(['interface_declaration', 'type_alias_declaration', 'enum_declaration']),
  wrappers: new Set(['export_statement', 'expression_statement', 'ambient_declaration']),
  leading: none,
  transparent: none,
};

export const LANGUAGES: readonly LanguageSpec[] = [
  { id: 'typescript', wasm: 'tree-sitter-typescript.wasm', ...jsLike },
  { id: 'tsx', wasm: 'tree-sitter-tsx.wasm', ...jsLike },
  { id: 'javascript', wasm: 'tree-sitter-javascript.wasm', ...jsLike },
  {
    id: 'python',
    wasm: 'tree-sitter-python.wasm',
    lineComment: '#',
    indentBodies: true,
    imports: new Set(['import_statement', 'import_from_statement', 'future_import_statement']),
    functions: new Set(['function_definition']),
    containers: new Map([['class_definition', 'body']]),
    groups: new Map(),
    signatures: new Set(),
    types: new Set(),
    wrappers: new Set(['decorated_definition']),
    leading: none,
    transparent: none,
  },
  {
    id: 'go',
    wasm: 'tree-sitter-go.wasm',
    lineComment: '//',
    indentBodies: false,
    imports: new Set(['import_declaration', 'package_clause']),
    functions: new Set(['function_declaration', 'method_declaration']),
    containers: new Map(),
    groups: new Map<string, UnitKind>([
      ['const_declaration', 'other'],
      ['var_declaration', 'other'],
      ['type_declaration', 'type'],
    ]),
    signatures: new Set(),
    types: new Set(['type_declaration', 'type_spec', 'type_alias']),
    wrappers: new Set(),
    leading: none,
    transparent: none,
  },
  {
    id: 'rust',
    wasm: 'tree-sitter-rust.wasm',
    lineComment: '//',
    indentBodies: false,
    imports: new Set(['use_declaration', 'extern_crate_declaration']),
    functions: new Set(['function_item']),
    containers: new Map([
      ['impl_item', 'body'],
      ['trait_item', 'body'],
      ['mod_item', 'body'],
      ['struct_item', 'body'],
      ['enum_item', 'body'],
    ]),
    groups: new Map(),
    signatures: new Set(['function_signature_item']),
    types: new Set(['struct_item', 'enum_item', 'type_item', 'union_item']),
    wrappers: new Set(),
    leading: new Set(['attribute_item']),
    transparent: none,
  },
  {
    id: 'java',
    wasm: 'tree-sitter-java.wasm',
    lineComment: '//',
    indentBodies: false,
    imports: new Set(['import_declaration', 'package_declaration']),
    functions: new Set(['method_declaration', 'constructor_declaration']),
    containers: new Map([
      ['class_declaration', 'body'],
      ['interface_declaration', 'body'],
      ['enum_declaration', 'body'],
      ['record_declaration', 'body'],
    ]),
    groups: new Map(),
    signatures: new Set(),
    types: new Set(),
    wrappers: new Set(),
    leading: none,
    transparent: none,
  },
  {
    id: 'c',
    wasm: 'tree-sitter-c.wasm',
    lineComment: '//',
    indentBodies: false,
    imports: new Set(['preproc_include']),
    functions: new Set(['function_definition']),
    containers: new Map([
      ['struct_specifier', 'body'],
      ['enum_specifier', 'body'],
      ['type_definition', 'type.body'],
    ]),
    groups: new Map(),
    signatures: new Set(),
    types: new Set(['struct_specifier', 'union_specifier', 'enum_specifier', 'type_definition']),
    wrappers: new Set(),
    leading: none,
    transparent: preprocConditionals,
  },
  {
    id: 'cpp',
    wasm: 'tree-sitter-cpp.wasm',
    lineComment: '//',
    indentBodies: false,
    imports: new Set(['preproc_include', 'using_declaration']),
    functions: new Set(['function_definition']),
    containers: new Map([
      ['namespace_definition', 'body'],
      ['class_specifier', 'body'],
      ['struct_specifier', 'body'],
      ['enum_specifier', 'body'],
      ['type_definition', 'type.body'],
    ]),
    groups: new Map(),
    signatures: new Set(),
    types: new Set(['enum_specifier', 'type_definition', 'alias_declaration', 'union_specifier']),
    wrappers: new Set(['template_declaration']),
    leading: none,
    transparent: preprocConditionals,
  },
];

const byExtension: ReadonlyMap<string, LanguageId> = new Map([
  ['.ts', 'typescript'], ['.mts', 'typescript'], ['.cts', 'typescript'],
  ['.tsx', 'tsx'],
  ['.js', 'javascript'], ['.mjs', 'javascript'], ['.cjs', 'javascript'], ['.jsx', 'javascript'],
  ['.py', 'python'], ['.pyi', 'python'],
  ['.go', 'go'],
  ['.rs', 'rust'],
  ['.java', 'java'],
  ['.c', 'c'], ['.h', 'c'],
  ['.cc', 'cpp'], ['.cpp', 'cpp'], ['.cxx', 'cpp'], ['.c++', 'cpp'], ['.hpp', 'cpp'], ['.hh', 'cpp'], ['.hxx', 'cpp'], ['.ipp', 'cpp'],
]);

/** VS Code language ids that differ from ours. */
const byEditorLanguage: ReadonlyMap<string, LanguageId> = new Map([
  ['typescriptreact', 'tsx'],
  ['javascriptreact', 'javascript'],
]);

export function languageOfPath(filePath: string): LanguageId {
  const dot = filePath.lastIndexOf('.');
  if (dot < 0) return 'text';
  return byExtension.get(filePath.slice(dot).toLowerCase()) ?? 'text';
}

export function languageOfEditorId(editorLanguageId: string, filePath: string): LanguageId {
  const mapped = byEditorLanguage.get(editorLanguageId);
  if (mapped) return mapped;
  if (LANGUAGES.some((l) => l.id === editorLanguageId)) return editorLanguageId as LanguageId;
  return languageOfPath(filePath);
}

export function languageSpec(id: LanguageId): LanguageSpec | undefined {
  return LANGUAGES.find((l) => l.id === id);
}
