// The density benchmark's labelled set: which files of the fetched packages (bench/density/fetch.sh) are dense, decided
// by provenance (where the file comes from: a minified build output, a generator's output named by the project's
// build, a data module) and never by looking at what the detector measures. First matching rule wins; files that
// match no rule are not in the set. Held-out packages are never looked at while tuning the detector.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export type Label = 'dense' | 'plain';

export interface Rule {
  /** Tested against the path relative to the package's files/ folder. */
  readonly match: RegExp;
  readonly label: Label | 'skip';
  /** What kind of file this is: per-kind figures in the report. */
  readonly kind: string;
  /** Why the file is (not) dense, stated as provenance. */
  readonly why: string;
  /** At most this many files from this rule (evenly spaced in path order), so no package dominates. */
  readonly cap?: number;
  /** When set, only the lines of these spans are dense (the rest of the file is ordinary code). */
  readonly regions?: 'pem';
}

export interface PackageRules {
  readonly name: string;
  readonly heldOut?: boolean;
  readonly rules: readonly Rule[];
}

const min = (what: string): Rule[] => [
  { match: /\.min\.js$/, label: 'dense', kind: 'minified-js', why: `${what}: *.min.js shipped as the minified build` },
  { match: /\.min\.css$/, label: 'dense', kind: 'minified-css', why: `${what}: *.min.css shipped as the minified build` },
];

const treeSitter = (name: string, heldOut = false): PackageRules => ({
  name,
  heldOut,
  rules: [
    { match: /^src\/parser\.c$/, label: 'dense', kind: 'generated-parser', why: 'parser.c of a tree-sitter grammar, written by `tree-sitter generate`' },
    { match: /^src\/tree_sitter\//, label: 'skip', kind: 'copied-runtime', why: 'tree-sitter runtime headers, identical in every grammar package' },
    { match: /^src\/scanner\.c$/, label: 'plain', kind: 'hand-written', why: 'external scanner, hand-written' },
    { match: /^grammar\.js$/, label: 'plain', kind: 'hand-written', why: 'the grammar, hand-written' },
    { match: /^bindings\/.*\.(js|cc|c|h|py|rs|go|d\.ts)$/, label: 'plain', kind: 'tiny-functions', why: 'language bindings, hand-written (tiny functions)' },
  ],
});

const GO = 'usr/share/go-1.19/src/';
/** Files Go's own build writes (named by its mk and gen generator programs and `go:generate` lines). */
const GO_GENERATED = new RegExp(
  '^' + GO.replace(/\//g, '\\/') +
    '(?:syscall\\/z[a-z0-9_]+\\.go|cmd\\/compile\\/internal\\/ssa\\/(?:rewrite(?!_test)[A-Za-z0-9_]*|opGen)\\.go|' +
    '(?:.*\\/)?[a-z0-9]+_string\\.go|(?:.*\\/)?[a-z0-9]+_bundle\\.go|unicode\\/tables\\.go|vendor\\/golang\\.org\\/x\\/(?:net\\/idna|text\\/unicode\\/(?:norm|bidi))\\/tables[0-9.]*\\.go|' +
    'internal\\/goexperiment\\/exp_[a-z0-9]+_(?:on|off)\\.go|internal\\/goarch\\/zgoarch_[a-z0-9]+\\.go|internal\\/goos\\/zgoos_[a-z0-9]+\\.go|' +
    'cmd\\/compile\\/internal\\/typecheck\\/builtin\\.go|cmd\\/internal\\/goobj\\/builtinlist\\.go|runtime\\/sizeclasses\\.go|runtime\\/fastlog2table\\.go|' +
    'math\\/bits\\/bits_tables\\.go|strconv\\/isprint\\.go|time\\/zoneinfo_abbrs_windows\\.go|time\\/tzdata\\/zzipdata\\.go|sort\\/zsort[a-z]+\\.go|' +
    'image\\/color\\/palette\\/palette\\.go|crypto\\/md5\\/md5block\\.go|crypto\\/internal\\/nistec\\/fiat\\/[a-z0-9]+_fiat64\\.go|' +
    'crypto\\/internal\\/edwards25519\\/field\\/fe_amd64\\.go|cmd\\/vendor\\/golang\\.org\\/x\\/arch\\/[a-z0-9]+\\/[a-z0-9]+asm\\/tables\\.go)$',
);

/** Standard-library modules CPython's build writes (Tools/scripts/generate_*.py, gencodec.py, mkstringprep.py, Sphinx). */
const PY_GENERATED = /^(?:encodings\/(?:cp(?:037|1006|1026|1125|1140|125[0-8]|273|424|437|500|720|737|775|85[0-7]|859|86[0-9]|874|875)|hp_roman8|iso8859_[0-9]+|koi8_[ru]|kz1048|mac_[a-z]+|ptcp154|tis_620)\.py|token\.py|keyword\.py|re\/_casefix\.py|pydoc_data\/topics\.py|stringprep\.py|_sysconfigdata_[A-Za-z0-9_-]*\.py)$/;

export const PACKAGES: readonly PackageRules[] = [
  treeSitter('tree-sitter-go'),
  treeSitter('tree-sitter-python'),
  treeSitter('tree-sitter-javascript'),
  treeSitter('tree-sitter-rust'),
  treeSitter('tree-sitter-c'),
  treeSitter('tree-sitter-json'),
  treeSitter('tree-sitter-css'),
  treeSitter('tree-sitter-regex'),
  treeSitter('tree-sitter-embedded-template'),
  treeSitter('tree-sitter-jsdoc'),
  treeSitter('tree-sitter-java', true),
  treeSitter('tree-sitter-html', true),
  {
    name: 'protobufjs',
    rules: [...min('protobufjs'), { match: /^(src|ext)\/.*\.js$/, label: 'plain', kind: 'hand-written', why: 'protobufjs sources', cap: 40 }],
  },
  {
    name: 'google-protobuf',
    rules: [
      { match: /_pb\.js$/, label: 'dense', kind: 'generated-protobuf', why: 'protoc --js_out output shipped by google-protobuf' },
      { match: /^google-protobuf\.js$/, label: 'dense', kind: 'minified-js', why: 'the Closure-compiled library' },
    ],
  },
  {
    name: '_bufbuild_protobuf',
    rules: [{ match: /^dist\/cjs\/wkt\/gen\/.*_pb\.js$/, label: 'dense', kind: 'generated-protobuf', why: 'protoc-gen-es output for the well-known types', cap: 30 }],
  },
  { name: 'lodash', rules: [...min('lodash'), { match: /^[a-zA-Z_]+\.js$/, label: 'plain', kind: 'tiny-functions', why: 'lodash modules, hand-written', cap: 50 }] },
  { name: 'jquery', heldOut: true, rules: [...min('jquery'), { match: /^src\/.*\.js$/, label: 'plain', kind: 'hand-written', why: 'jQuery sources', cap: 40 }] },
  {
    name: 'bootstrap',
    rules: [
      ...min('bootstrap'),
      { match: /^js\/src\/.*\.js$/, label: 'plain', kind: 'hand-written', why: 'Bootstrap sources', cap: 30 },
      { match: /^scss\/.*\.scss$/, label: 'plain', kind: 'hand-written', why: 'Bootstrap SCSS sources', cap: 20 },
    ],
  },
  { name: 'axios', rules: [...min('axios'), { match: /^lib\/.*\.js$/, label: 'plain', kind: 'hand-written', why: 'axios sources', cap: 40 }] },
  {
    name: 'moment',
    heldOut: true,
    rules: [
      ...min('moment'),
      { match: /^src\/locale\/(zh-cn|zh-tw|zh-hk|ja|ko)\.js$/, label: 'plain', kind: 'cjk', why: 'hand-written locale with CJK text' },
      { match: /^src\/lib\/.*\.js$/, label: 'plain', kind: 'tiny-functions', why: 'moment sources', cap: 40 },
    ],
  },
  {
    name: 'zrender',
    rules: [
      { match: /^src\/.*\.ts$/, label: 'plain', kind: 'hand-written', why: 'zrender sources (many with CJK comments)', cap: 60 },
      { match: /^dist\/zrender\.min\.js$/, label: 'dense', kind: 'minified-js', why: 'zrender: the minified build' },
    ],
  },
  { name: 'rxjs', rules: [{ match: /^src\/internal\/.*\.ts$/, label: 'plain', kind: 'hand-written', why: 'RxJS sources', cap: 50 }, ...min('rxjs')] },
  { name: 'zod', heldOut: true, rules: [{ match: /^lib\/.*\.d\.ts$/, label: 'skip', kind: 'declarations', why: 'emitted declarations' }, { match: /^src\/.*\.ts$/, label: 'plain', kind: 'hand-written', why: 'zod sources', cap: 40 }] },
  {
    name: 'golang-1.19-src',
    rules: [
      { match: /\/testdata\//, label: 'skip', kind: 'testdata', why: 'test inputs of every kind' },
      { match: GO_GENERATED, label: 'dense', kind: 'generated-go', why: 'written by a generator of Go’s own build', cap: 60 },
      { match: new RegExp(`^${GO}crypto\\/(x509|tls)\\/[a-z0-9_]+_test\\.go$`), label: 'dense', kind: 'pem-blob', why: 'tests that embed PEM certificates and keys', regions: 'pem', cap: 20 },
      { match: new RegExp(`^${GO}(?:.*\\/)?(?:mk[a-z0-9_]*|gen[a-z0-9_]*|make_[a-z0-9_]+|generate[a-z0-9_]*)\\.go$`), label: 'plain', kind: 'generator-program', why: 'a generator program (prints “DO NOT EDIT”), hand-written' },
      { match: new RegExp(`^${GO}(?:strings|bufio|bytes|sort|net\\/http|go\\/ast|encoding\\/base64|encoding\\/csv|container\\/[a-z]+|path\\/filepath|text\\/template|math)\\/[a-z0-9_]+\\.go$`), label: 'plain', kind: 'hand-written', why: 'Go standard library, hand-written', cap: 80 },
    ],
  },
  {
    name: 'python3.11-stdlib',
    rules: [
      { match: /^(?:test|idlelib|lib2to3\/tests|site-packages|dist-packages)\//, label: 'skip', kind: 'tests', why: 'tests and vendored trees' },
      { match: PY_GENERATED, label: 'dense', kind: 'generated-python', why: 'written by a CPython build script', cap: 40 },
      { match: /^(?:locale|html\/entities|encodings\/[a-z0-9_]+)\.py$/, label: 'skip', kind: 'mixed', why: 'hand-written code with a generated or hand-maintained data table' },
      { match: /^[a-z_]+(?:\/[a-z_]+)?\.py$/, label: 'plain', kind: 'hand-written', why: 'standard library, hand-written', cap: 80 },
    ],
  },
  {
    name: 'python3.11-headers',
    rules: [
      { match: /^(?:opcode\.h|token\.h|internal\/pycore_(?:ast|ast_state|opcode|token)\.h)$/, label: 'dense', kind: 'generated-c', why: 'written by Tools/scripts/generate_*.py or Parser/asdl_c.py' },
      { match: /^(?:pyconfig\.h|internal\/pycore_(?:global_strings|runtime_init)\.h)$/, label: 'skip', kind: 'mixed', why: 'autoheader output, or hand-written headers with one generated section' },
      { match: /\.h$/, label: 'plain', kind: 'hand-written', why: 'CPython headers, hand-written', cap: 40 },
    ],
  },
  {
    name: 'python3-protobuf',
    rules: [
      { match: /_pb2\.py$/, label: 'dense', kind: 'generated-protobuf', why: 'protoc --python_out output' },
      { match: /\.py$/, label: 'plain', kind: 'hand-written', why: 'protobuf runtime, hand-written', cap: 30 },
    ],
  },
  {
    name: 'libprotobuf-dev',
    rules: [
      { match: /\.pb\.h$/, label: 'dense', kind: 'generated-protobuf', why: 'protoc --cpp_out output' },
      { match: /\.h$/, label: 'plain', kind: 'hand-written', why: 'protobuf C++ runtime headers', cap: 40 },
    ],
  },
  {
    name: 'librust-regex-syntax-dev',
    rules: [
      { match: /\/src\/unicode_tables\/mod\.rs$/, label: 'plain', kind: 'tiny-functions', why: 'the tables module list, hand-written' },
      { match: /\/src\/unicode_tables\/.*\.rs$/, label: 'dense', kind: 'unicode-table', why: 'written by ucd-generate' },
      { match: /\/src\/.*\.rs$/, label: 'plain', kind: 'hand-written', why: 'regex-syntax, hand-written' },
    ],
  },
  {
    name: 'librust-unicode-width-dev',
    heldOut: true,
    rules: [
      { match: /\/src\/tables\.rs$/, label: 'dense', kind: 'unicode-table', why: 'written by scripts/unicode.py' },
      { match: /\/src\/.*\.rs$/, label: 'plain', kind: 'hand-written', why: 'unicode-width, hand-written' },
    ],
  },
  { name: 'librust-tokio-dev', rules: [{ match: /\/src\/.*\.rs$/, label: 'plain', kind: 'hand-written', why: 'tokio, hand-written', cap: 60 }] },
  { name: 'nlohmann-json3-dev', heldOut: true, rules: [{ match: /^usr\/include\/nlohmann\/(?!json\.hpp$).*\.hpp$/, label: 'plain', kind: 'hand-written', why: 'nlohmann/json headers', cap: 40 }] },
  {
    name: 'python3-matplotlib',
    rules: [
      { match: /\/matplotlib\/(?:_cm|_cm_listed|_color_data|_mathtext_data)\.py$/, label: 'dense', kind: 'data-table', why: 'matplotlib data modules (colormaps, colour names, glyph tables)' },
      { match: /\/matplotlib\/_version\.py$/, label: 'dense', kind: 'generated-python', why: 'written by setuptools_scm' },
      { match: /\/matplotlib\/pyplot\.py$/, label: 'skip', kind: 'mixed', why: 'hand-written first part, generated second part' },
      { match: /\/matplotlib\/(?:tests|testing|mpl-data)\//, label: 'skip', kind: 'tests', why: 'tests and data' },
      { match: /\/matplotlib\/[a-z_]+\.py$/, label: 'plain', kind: 'hand-written', why: 'matplotlib, hand-written', cap: 40 },
    ],
  },
  {
    name: 'python3-gpg',
    heldOut: true,
    rules: [
      { match: /\/gpg\/gpgme\.py$/, label: 'dense', kind: 'generated-swig', why: 'SWIG output' },
      { match: /\/gpg\/.*\.py$/, label: 'plain', kind: 'tiny-functions', why: 'gpg bindings, hand-written' },
    ],
  },
  {
    name: 'jdk-src',
    rules: [
      { match: /^java\.base\/java\/nio\/(?:(?:Heap|Direct)[A-Za-z]*Buffer[A-Za-z]*|ByteBufferAs[A-Za-z]+|(?:Byte|Char|Short|Int|Long|Float|Double)Buffer)\.java$/, label: 'dense', kind: 'generated-java', why: 'written from X-Buffer templates by the JDK build (gensrc)', cap: 20 },
      { match: /^java\.base\/java\/lang\/CharacterData(?:Latin1|00|01|02|03|0E)\.java$/, label: 'dense', kind: 'unicode-table', why: 'written by GenerateCharacter in the JDK build' },
      { match: /^java\.base\/sun\/nio\/cs\/(?:IBM[0-9]+|ISO_8859_(?:[2-9]|1[1-6])|KOI8_[RU]|MS125[0-9]|TIS_620)\.java$/, label: 'dense', kind: 'generated-java', why: 'written from charset mapping tables by the JDK build', cap: 20 },
      { match: /^java\.base\/java\/(?:util|lang)\/[A-Z][A-Za-z]*\.java$/, label: 'plain', kind: 'hand-written', why: 'java.base, hand-written', cap: 80 },
    ],
  },
];

export interface SetFile {
  readonly package: string;
  /** Path relative to the package's files/ folder. */
  readonly file: string;
  readonly abs: string;
  readonly label: Label;
  readonly kind: string;
  readonly why: string;
  readonly heldOut: boolean;
  /** 1-based inclusive line spans that are dense; undefined for a whole dense file or a plain one. */
  readonly regions?: readonly (readonly [number, number])[];
}

/** Larger files are not checked by the extension (maxFileSizeKB up to this) and slow the benchmark. */
const MAX_BYTES = 8 * 1024 * 1024;

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** Evenly spaced picks, so a cap samples the whole package rather than its first folder. */
function spread<T>(items: readonly T[], cap: number | undefined): T[] {
  if (cap === undefined || items.length <= cap) return [...items];
  return Array.from({ length: cap }, (_, i) => items[Math.floor((i * items.length) / cap)] as T);
}

function pemSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let start = -1;
  text.split('\n').forEach((line, i) => {
    if (start < 0 && /-----BEGIN [A-Z0-9 ]+-----/.test(line)) start = i + 1;
    if (start >= 0 && /-----END [A-Z0-9 ]+-----/.test(line)) {
      spans.push([start, i + 1]);
      start = -1;
    }
  });
  return spans;
}

/** The labelled set, from the fetched packages under `pkgsDir`; identical files are kept once. */
export function buildSet(pkgsDir: string): SetFile[] {
  const out: SetFile[] = [];
  const seen = new Set<string>();
  for (const pkg of PACKAGES) {
    const root = path.join(pkgsDir, pkg.name, 'files');
    let files: string[];
    try {
      files = walk(root).sort();
    } catch {
      throw new Error(`${root} is missing: run bash bench/density/fetch.sh`);
    }
    const byRule = new Map<Rule, string[]>();
    for (const f of files) {
      const rule = pkg.rules.find((r) => r.match.test(f));
      if (!rule || rule.label === 'skip') continue;
      const list = byRule.get(rule) ?? [];
      list.push(f);
      byRule.set(rule, list);
    }
    for (const [rule, list] of byRule) {
      const label = rule.label as Label;
      let candidates = list.filter((f) => {
        const size = statSync(path.join(root, f)).size;
        return size > 0 && size <= MAX_BYTES;
      });
      if (rule.regions === 'pem') candidates = candidates.filter((f) => pemSpans(readFileSync(path.join(root, f), 'utf8')).length > 0);
      for (const f of spread(candidates, rule.cap)) {
        const abs = path.join(root, f);
        const text = readFileSync(abs, 'utf8');
        const hash = createHash('sha256').update(text).digest('hex');
        if (seen.has(hash)) continue;
        seen.add(hash);
        out.push({ package: pkg.name, file: f, abs, label, kind: rule.kind, why: rule.why, heldOut: pkg.heldOut ?? false, ...(rule.regions === 'pem' ? { regions: pemSpans(text) } : {}) });
      }
    }
  }
  return out;
}
