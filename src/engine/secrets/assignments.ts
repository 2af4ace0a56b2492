/**
 * Values given to secret-named keys, in each syntax that names them: `.env` and shell lines, INI and
 * `.properties` (AWS credentials, .pypirc, .npmrc), YAML, XML elements and attributes, JSON, and string
 * literals or `#define`s in code. In configuration any real value is the secret; in code it must also look
 * generated (see looksLikeSecretLiteral), because code reuses the names for everything.
 */
import { isConfigKind, type FileKind } from './fileKind';
import { kindForName } from './kindForName';
import { isPlaceholder, isSecretName, looksLikeSecretLiteral } from './names';
import type { SecretFinding } from './types';

type Accept = (value: string) => boolean;

interface NamedOptions {
  /** Whether the name holds a secret (default: isSecretName). */
  readonly nameCheck?: (name: string) => boolean;
  /** The marker's kind (default: from the name). */
  readonly kind?: string;
}

/** Pushes the group "v" of each match whose group "name" is secret-named and whose value passes `accept`. */
function scanNamed(text: string, re: RegExp, accept: Accept, out: SecretFinding[], options: NamedOptions = {}): void {
  const nameCheck = options.nameCheck ?? isSecretName;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const name = (m.groups?.name ?? '').replace(/[("'`\s]/g, '');
    const span = m.indices?.groups?.v;
    const raw = m.groups?.v;
    if (!span || raw === undefined || !nameCheck(name)) continue;
    // Trim quotes and spaces around the value; hide only what is inside them.
    const lead = raw.length - raw.trimStart().length;
    let value = raw.trim();
    let start = span[0] + lead;
    const q = value[0];
    if ((q === '"' || q === "'" || q === '`') && value.length >= 2 && value.endsWith(q)) {
      value = value.slice(1, -1);
      start++;
    }
    if (!value || !accept(value)) continue;
    out.push({ start, end: start + value.length, kind: options.kind ?? kindForName(name) });
  }
}

const configValue: Accept = (v) => !isPlaceholder(v);
const codeValue: Accept = (v) => looksLikeSecretLiteral(v);
/** One word, no spaces: JSON and XML values with spaces are prose ("description"-like), not credentials. */
const configWord: Accept = (v) => !/\s/.test(v) && !isPlaceholder(v);

// Line-based syntaxes. The value is the rest of the line up to a comment; bounded so nothing can backtrack far.
const ENV_LINE = /^[ \t]*(?:export[ \t]+)?(?<name>[A-Za-z_][A-Za-z0-9_.]{0,100})=(?<v>"[^"\n]{0,1000}"|'[^'\n]{0,1000}'|[^\s#'"][^\s#]{0,1000})(?=[ \t]*(?:#.*)?$)/dgm;
const ENV_LINE_UPPER = /^[ \t]*(?:export[ \t]+)?(?<name>[A-Z][A-Z0-9_]{0,100})=(?<v>"[^"\n]{0,1000}"|'[^'\n]{0,1000}'|[^\s#'"][^\s#]{0,1000})(?=[ \t]*(?:#.*)?$)/dgm;
const INI_LINE = /^[ \t]*(?<name>[A-Za-z0-9_.\-/:@]{1,200})[ \t]*[=:][ \t]*(?<v>[^\n]{1,1000}?)[ \t]*(?:[ \t][#;][^\n]*)?$/dgm;
const YAML_LINE = /^[ \t]*(?:-[ \t]+)?(?<name>[A-Za-z0-9_.-]{1,200}|"[^"\n]{1,200}"|'[^'\n]{1,200}')[ \t]*:[ \t]+(?<v>[^\n]{1,1000}?)[ \t]*(?:[ \t]#[^\n]*)?$/dgm;
const XML_ELEMENT = /<(?<name>[A-Za-z_][\w:.-]{0,100})(?:\s[^<>]{0,300})?>(?<v>[^<\n]{1,500})<\/\k<name>\s*>/dg;
const XML_ATTRIBUTE = /(?<![\w:.-])(?<name>[A-Za-z_][\w:.-]{0,100})\s*=\s*(?<v>"[^"\n]{1,500}"|'[^'\n]{1,500}')/dg;
const XML_KEY_VALUE = /\b(?:key|name)\s*=\s*"(?<name>[^"\n]{1,100})"\s+value\s*=\s*(?<v>"[^"\n]{1,500}")/dgi;
const JSON_PAIR = /(?<name>"[^"\n]{1,100}")\s*:\s*(?<v>"(?:[^"\\\n]|\\.){1,2000}")/dg;
const DEFINE = /^[ \t]*#[ \t]*define[ \t]+(?<name>\w{1,100})[ \t]+(?<v>"[^"\n]{1,500}"|[^\s"]{1,500})/dgm;
// name = "value", name: 'value', name := `value`, name => "value", also through a conversion such as
// []byte("…") or String("…"); the name starts at a boundary so a long dotted chain cannot make this quadratic.
const CODE_LITERAL = /(?<![A-Za-z0-9_$.-])(?<name>["']?[A-Za-z_][A-Za-z0-9_.-]{0,100}["']?)[ \t]*(?::=|=>|:|=|\?\?=)[ \t]*(?:(?:\[\])?[A-Za-z_][\w.]{0,40}\([ \t]*)?(?<v>"[^"\n\\]{1,500}"|'[^'\n\\]{1,500}'|`[^`\n\\$]{1,500}`)/dg;
// setPassword("…"), withApiKey("…"), headers.put("X-Token", "…") name the secret by the call.
const SETTER_CALL = /(?:set|with|put|add)(?<name>[A-Z][A-Za-z]{0,60}|\(\s*"[^"\n]{1,60}")\s*(?:\(|,)\s*(?<v>"[^"\n\\]{1,500}")/dg;
// Docker's config.json keeps "user:password" in base64 under "auth"; .npmrc has "_auth" the same way.
const DOCKER_AUTH = /"(?<name>auth|identitytoken|registrytoken)"\s*:\s*(?<v>"[A-Za-z0-9+/=._-]{8,4000}")/dg;
const NPMRC_AUTH = /^[ \t]*(?<name>(?:\/\/[^\s=]{1,200}:)?_(?:auth|authToken|password))[ \t]*=[ \t]*(?<v>[^\s#;]{1,2000})/dgm;
const NETRC_PASSWORD = /(?<![\w-])(?<name>password|passwd)[ \t]+(?<v>[^\s=:]{3,500})/dg;

/** Every secret name contains one of these; lines without any cannot match a rule below. */
const NAME_HINT = /secret|token|pass|pwd|pw|key|credential|sas|auth/gi;

/** The lines that name a secret, joined, with where each came from: the rules below are single-line. */
interface HintedLines {
  readonly text: string;
  /** Offset in `text` → offset in the original. */
  toOriginal(offset: number): number;
}

/**
 * Most lines of code name no secret; scanning only the lines that do makes these rules cost a fraction of a
 * pass over the whole file.
 */
function hintedLines(full: string): HintedLines {
  const parts: string[] = [];
  const starts: number[] = []; // start of each kept line in the joined text
  const origins: number[] = []; // and in the original
  let at = 0;
  NAME_HINT.lastIndex = 0;
  for (let m = NAME_HINT.exec(full); m !== null; m = NAME_HINT.exec(full)) {
    const lineStart = full.lastIndexOf('\n', m.index) + 1;
    const nl = full.indexOf('\n', m.index);
    const lineEnd = nl === -1 ? full.length : nl;
    starts.push(at);
    origins.push(lineStart);
    parts.push(full.slice(lineStart, lineEnd));
    at += lineEnd - lineStart + 1;
    NAME_HINT.lastIndex = lineEnd;
  }
  return {
    text: parts.join('\n'),
    toOriginal(offset: number): number {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] ?? 0) <= offset) lo = mid;
        else hi = mid - 1;
      }
      return (origins[lo] ?? 0) + offset - (starts[lo] ?? 0);
    },
  };
}

export function scanAssignments(fullText: string, kind: FileKind, found: SecretFinding[]): void {
  const hinted = hintedLines(fullText);
  const text = hinted.text;
  const out: SecretFinding[] = [];
  const config = isConfigKind(kind);
  if (kind === 'env' || kind === 'shell') scanNamed(text, ENV_LINE, configValue, out);
  else scanNamed(text, ENV_LINE_UPPER, config ? configValue : codeValue, out);
  if (kind === 'ini' || kind === 'properties' || kind === 'toml') {
    scanNamed(text, INI_LINE, configValue, out);
    if (/_(?:auth|password)/.test(text)) scanNamed(text, NPMRC_AUTH, configValue, out, { nameCheck: () => true, kind: 'npm-token' });
    scanNamed(text, NETRC_PASSWORD, configValue, out);
  }
  if (kind === 'yaml') scanNamed(text, YAML_LINE, (v) => configValue(v) && !/^[|>&*!]/.test(v), out);
  if (kind === 'xml') {
    scanNamed(text, XML_ELEMENT, configValue, out);
    scanNamed(text, XML_ATTRIBUTE, configWord, out);
    scanNamed(text, XML_KEY_VALUE, configWord, out);
  }
  if (kind === 'json') scanNamed(text, JSON_PAIR, configWord, out);
  scanNamed(text, DOCKER_AUTH, (v) => !isPlaceholder(v), out, { nameCheck: () => true, kind: 'docker-auth' });
  if (text.includes('define')) scanNamed(text, DEFINE, codeValue, out);
  scanNamed(text, CODE_LITERAL, config ? configWord : codeValue, out);
  scanNamed(text, SETTER_CALL, codeValue, out);
  for (const f of out) {
    const start = hinted.toOriginal(f.start);
    found.push({ start, end: start + (f.end - f.start), kind: f.kind });
  }
}
