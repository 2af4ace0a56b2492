/**
 * Training and held-out sources of the built-in code model. Every entry is a permissively licensed
 * package fetched by name and pinned version with the ordinary clients (`npm pack`, `apt-get download`).
 * Each source is one repository: it goes whole to the training or the held-out split.
 *
 * RESERVED for the benchmark and never listed here: rxjs, zod, three, lodash, mobx, the Python stdlib,
 * golang-1.19-src, librust-tokio-dev, OpenJDK sources, nlohmann-json3-dev, sqlite3.
 */

import type { ModelSource } from '../../src/engine/encoder/builtinEncoder';

export type Lang = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'rust' | 'java' | 'c' | 'cpp';
export const LANGS: readonly Lang[] = ['typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp'];

export interface Source extends ModelSource {
  /** Language of `.h` files in folders without C or C++ sources. */
  readonly headers?: 'c' | 'cpp';
  /** Read `.d.ts` files (hand-written declarations); elsewhere they are build outputs. */
  readonly declarations?: boolean;
}

/** A source of one kind; its id (also the cache folder) is derived from the kind and the package name. */
const sourceOf =
  (kind: Source['kind']) =>
  (name: string, version: string, license: string, upstream: string, split: Source['split'], include: readonly string[], extra: Partial<Source> = {}): Source => ({
    id: kind === 'npm' ? `npm-${name.replace('@', '').replace('/', '-')}` : `deb-${name}`,
    kind,
    name,
    version,
    license,
    upstream,
    split,
    include,
    ...extra,
  });
const npm = sourceOf('npm');
const deb = sourceOf('deb');

const PY = 'usr/lib/python3/dist-packages/';
const GO = 'usr/share/gocode/src/';
const RS = 'usr/share/cargo/registry/';

export const SOURCES: readonly Source[] = [
  // TypeScript
  npm('effect', '4.1.0', 'MIT', 'Effect-TS/effect', 'train', ['src/']),
  npm('@trpc/server', '11.25.2', 'MIT', 'trpc/trpc', 'train', ['src/']),
  npm('@types/node', '20.19.43', 'MIT', 'DefinitelyTyped/DefinitelyTyped', 'train', [''], { declarations: true }),
  npm('@tanstack/query-core', '5.108.0', 'MIT', 'TanStack/query', 'heldout', ['src/']),
  npm('immer', '11.2.10', 'MIT', 'immerjs/immer', 'heldout', ['src/']),
  // TSX (these also carry TypeScript)
  npm('ra-ui-materialui', '5.15.4', 'MIT', 'marmelab/react-admin', 'train', ['src/']),
  npm('ra-core', '5.15.4', 'MIT', 'marmelab/react-admin', 'train', ['src/']),
  npm('@blueprintjs/core', '6.20.0', 'Apache-2.0', 'palantir/blueprint', 'train', ['src/']),
  npm('@tanstack/react-query', '5.108.0', 'MIT', 'TanStack/query', 'train', ['src/']),
  npm('@docusaurus/theme-classic', '3.10.2', 'MIT', 'facebook/docusaurus', 'heldout', ['src/']),
  // JavaScript
  npm('eslint', '9.39.5', 'MIT', 'eslint/eslint', 'train', ['lib/']),
  npm('webpack', '5.112.2', 'MIT', 'webpack/webpack', 'train', ['lib/']),
  npm('preact', '11.2.0', 'MIT', 'preactjs/preact', 'train', ['src/', 'hooks/src/', 'compat/src/']),
  npm('moment', '2.31.0', 'MIT', 'moment/moment', 'train', ['src/']),
  npm('jquery', '4.0.0', 'MIT', 'jquery/jquery', 'heldout', ['src/']),
  npm('express', '5.3.0', 'MIT', 'expressjs/express', 'heldout', ['lib/', 'index.js']),
  // Java (react-native also carries JavaScript, C++ and headers)
  npm('react-native', '0.71.19', 'MIT', 'facebook/react-native', 'train', ['ReactAndroid/src/main/java/', 'ReactCommon/', 'Libraries/'], { headers: 'cpp' }),
  npm('@capacitor/android', '8.5.2', 'MIT', 'ionic-team/capacitor', 'train', ['capacitor/src/']),
  npm('@react-native-firebase/app', '18.9.0', 'Apache-2.0', 'invertase/react-native-firebase', 'train', ['android/src/']),
  npm('react-native-svg', '13.14.1', 'MIT', 'software-mansion/react-native-svg', 'heldout', ['android/src/']),
  npm('cordova-android', '15.1.0', 'Apache-2.0', 'apache/cordova-android', 'heldout', ['framework/src/']),
  // Python
  deb('python3-django', '3:3.2.25-0+deb12u7', 'BSD-3-Clause', 'django/django', 'train', [`${PY}django/`]),
  deb('python3-sympy', '1.11.1-1', 'BSD-3-Clause', 'sympy/sympy', 'train', [`${PY}sympy/`]),
  deb('python3-pygments', '2.14.0+dfsg-1', 'BSD-2-Clause', 'pygments/pygments', 'train', [`${PY}pygments/`]),
  deb('python3-requests', '2.28.1+dfsg-1', 'Apache-2.0', 'psf/requests', 'train', [`${PY}requests/`]),
  deb('python3-flask', '2.2.2-3', 'BSD-3-Clause', 'pallets/flask', 'train', [`${PY}flask/`]),
  deb('python3-jinja2', '3.1.2-1+deb12u3', 'BSD-3-Clause', 'pallets/jinja', 'train', [`${PY}jinja2/`]),
  deb('python3-werkzeug', '2.2.2-3+deb12u1', 'BSD-3-Clause', 'pallets/werkzeug', 'train', [`${PY}werkzeug/`]),
  deb('python3-attr', '22.2.0-1', 'MIT', 'python-attrs/attrs', 'train', [`${PY}attr/`, `${PY}attrs/`]),
  deb('python3-yaml', '6.0-3+b2', 'MIT', 'yaml/pyyaml', 'train', [`${PY}yaml/`]),
  deb('python3-urllib3', '1.26.12-1+deb12u4', 'MIT', 'urllib3/urllib3', 'train', [`${PY}urllib3/`]),
  deb('python3-packaging', '23.0-1', 'Apache-2.0 OR BSD-2-Clause', 'pypa/packaging', 'train', [`${PY}packaging/`]),
  deb('python3-click', '8.1.3-2', 'BSD-3-Clause', 'pallets/click', 'heldout', [`${PY}click/`]),
  deb('python3-rich', '13.3.1-1', 'MIT', 'Textualize/rich', 'heldout', [`${PY}rich/`]),
  // Go
  deb('golang-golang-x-tools-dev', '1:0.5.0+ds-1', 'BSD-3-Clause', 'golang/tools', 'train', [GO]),
  deb('golang-golang-x-net-dev', '1:0.7.0+dfsg-1', 'BSD-3-Clause', 'golang/net', 'train', [GO]),
  deb('golang-golang-x-text-dev', '0.7.0-1', 'BSD-3-Clause', 'golang/text', 'train', [GO]),
  deb('golang-github-prometheus-client-golang-dev', '1.14.0-3', 'Apache-2.0', 'prometheus/client_golang', 'train', [GO]),
  deb('golang-github-spf13-cobra-dev', '1.6.1-1', 'Apache-2.0', 'spf13/cobra', 'train', [GO]),
  deb('golang-github-sirupsen-logrus-dev', '1.9.0-1', 'MIT', 'sirupsen/logrus', 'train', [GO]),
  deb('golang-github-stretchr-testify-dev', '1.8.1-1', 'MIT', 'stretchr/testify', 'train', [GO]),
  deb('golang-github-gorilla-mux-dev', '1.8.0-1', 'BSD-3-Clause', 'gorilla/mux', 'train', [GO]),
  deb('golang-github-spf13-pflag-dev', '1.0.6~git20210604-d5e0c0615ace-1', 'BSD-3-Clause', 'spf13/pflag', 'train', [GO]),
  deb('golang-github-gin-gonic-gin-dev', '1.8.1-1', 'MIT', 'gin-gonic/gin', 'heldout', [GO]),
  deb('golang-github-google-go-cmp-dev', '0.5.9-1', 'BSD-3-Clause', 'google/go-cmp', 'heldout', [GO]),
  // Rust
  deb('librust-serde-dev', '1.0.152-2', 'MIT OR Apache-2.0', 'serde-rs/serde', 'train', [RS]),
  deb('librust-syn-dev', '1.0.107-1', 'MIT OR Apache-2.0', 'dtolnay/syn', 'train', [RS]),
  deb('librust-regex-syntax-dev', '0.6.27-1', 'MIT OR Apache-2.0', 'rust-lang/regex', 'train', [RS]),
  deb('librust-rand-dev', '0.8.5-1', 'MIT OR Apache-2.0', 'rust-random/rand', 'train', [RS]),
  deb('librust-itertools-dev', '0.10.3-1', 'MIT OR Apache-2.0', 'rust-itertools/itertools', 'train', [RS]),
  deb('librust-clap-dev', '4.0.32-1', 'MIT OR Apache-2.0', 'clap-rs/clap', 'train', [RS]),
  deb('librust-hashbrown-dev', '0.12.3-1', 'MIT OR Apache-2.0', 'rust-lang/hashbrown', 'train', [RS]),
  deb('librust-rayon-core-dev', '1.10.1-1', 'MIT OR Apache-2.0', 'rayon-rs/rayon', 'train', [RS]),
  deb('librust-serde-json-dev', '1.0.87-1', 'MIT OR Apache-2.0', 'serde-rs/json', 'train', [RS]),
  deb('librust-futures-util-dev', '0.3.21-1', 'MIT OR Apache-2.0', 'rust-lang/futures-rs', 'train', [RS]),
  deb('librust-nom-dev', '7.1.1-1', 'MIT', 'rust-bakery/nom', 'heldout', [RS]),
  deb('librust-bytes-dev', '1.2.1-1', 'MIT', 'tokio-rs/bytes', 'heldout', [RS]),
  // C
  npm('libxmljs2', '0.37.0', 'MIT', 'GNOME/libxml2 (vendored)', 'train', ['vendor/libxml/'], { headers: 'c' }),
  npm('node-rdkafka', '3.6.1', 'BSD-2-Clause', 'confluentinc/librdkafka (vendored)', 'train', ['deps/librdkafka/src/', 'deps/librdkafka/src-cpp/', 'src/'], { headers: 'c' }),
  npm('ffi-napi', '4.0.3', 'MIT', 'libffi/libffi (vendored)', 'train', ['deps/libffi/src/', 'deps/libffi/include/', 'src/'], { headers: 'c' }),
  npm('tree-sitter', '0.25.1', 'MIT', 'tree-sitter/tree-sitter', 'train', ['vendor/tree-sitter/lib/', 'src/'], { headers: 'c' }),
  deb('libstb-dev', '0.0~git20220908.8b5f1f3+ds-1', 'MIT OR Unlicense', 'nothings/stb', 'train', ['usr/include/'], { headers: 'c' }),
  npm('node-expat', '2.4.1', 'MIT', 'libexpat/libexpat (vendored)', 'heldout', ['deps/libexpat/lib/'], { headers: 'c' }),
  npm('lmdb', '3.5.6', 'OLDAP-2.8', 'LMDB/lmdb (vendored)', 'heldout', ['dependencies/lmdb/libraries/liblmdb/'], { headers: 'c' }),
  // C++
  deb('libfmt-dev', '9.1.0+ds1-2', 'MIT', 'fmtlib/fmt', 'train', ['usr/include/'], { headers: 'cpp' }),
  deb('libspdlog-dev', '1:1.10.0+ds-0.4', 'MIT', 'gabime/spdlog', 'train', ['usr/include/'], { headers: 'cpp' }),
  deb('googletest', '1.12.1-0.2', 'BSD-3-Clause', 'google/googletest', 'train', ['usr/src/googletest/'], { headers: 'cpp' }),
  deb('pybind11-dev', '2.10.3-1', 'BSD-3-Clause', 'pybind/pybind11', 'train', ['usr/include/'], { headers: 'cpp' }),
  deb('rapidjson-dev', '1.1.0+dfsg2-7.1', 'MIT', 'Tencent/rapidjson', 'train', ['usr/include/'], { headers: 'cpp' }),
  deb('doctest-dev', '2.4.9~ds-1', 'MIT', 'doctest/doctest', 'train', ['usr/include/'], { headers: 'cpp' }),
  deb('libcereal-dev', '1.3.2+dfsg-4', 'BSD-3-Clause', 'USCiLab/cereal', 'train', ['usr/include/'], { headers: 'cpp' }),
  deb('catch2', '2.13.10-1', 'BSL-1.0', 'catchorg/Catch2', 'train', ['usr/include/'], { headers: 'cpp' }),
  deb('libasio-dev', '1:1.22.1-1', 'BSL-1.0', 'chriskohlhoff/asio', 'train', ['usr/include/'], { headers: 'cpp' }),
  deb('libcli11-dev', '2.1.2+ds-1', 'BSD-3-Clause', 'CLIUtils/CLI11', 'heldout', ['usr/include/'], { headers: 'cpp' }),
  deb('libglm-dev', '0.9.9.8+ds-6', 'MIT', 'g-truc/glm', 'heldout', ['usr/include/'], { headers: 'cpp' }),
];

const EXT: Readonly<Record<string, Lang | 'header'>> = {
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'tsx',
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.py': 'python', '.go': 'go', '.rs': 'rust', '.java': 'java', '.c': 'c',
  '.cc': 'cpp', '.cpp': 'cpp', '.cxx': 'cpp', '.hpp': 'cpp', '.hh': 'cpp', '.hxx': 'cpp', '.ipp': 'cpp', '.inl': 'cpp', '.tcc': 'cpp',
  '.h': 'header',
};

/** Language of a file by extension; `.h` is resolved by the caller from its folder. */
export function extLanguage(path: string): Lang | 'header' | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base.endsWith('.d.ts') || base.endsWith('.d.mts') || base.endsWith('.d.cts')) return 'typescript';
  const dot = base.lastIndexOf('.');
  return dot < 0 ? undefined : EXT[base.slice(dot).toLowerCase()];
}
