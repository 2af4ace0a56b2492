/**
 * Removes secrets from the context before it is sent anywhere. Each rule matches a documented token format
 * or an assignment to a secret-named variable with a secret-looking value; ordinary code must pass untouched,
 * because every false positive costs the model information.
 */

export type SecretKind =
  | 'private-key'
  | 'aws-access-key'
  | 'github-token'
  | 'anthropic-key'
  | 'openai-key'
  | 'slack-token'
  | 'google-api-key'
  | 'jwt'
  | 'secret-assignment';

export interface RedactionResult {
  readonly text: string;
  readonly count: number;
  /** How many of each kind were redacted; kinds not found are absent. */
  readonly kinds: Partial<Record<SecretKind, number>>;
}

export function redactionMarker(kind: SecretKind): string {
  return `[REDACTED:${kind}]`;
}

/** Not preceded by a token character: keeps "sk-" inside "task-…" or "AKIA" inside a longer word from matching. */
const B = '(?<![A-Za-z0-9_-])';
/** Not followed by a token character. */
const E = '(?![A-Za-z0-9_-])';

interface TokenRule {
  readonly kind: SecretKind;
  readonly re: RegExp;
  /** Extra check on the match, for formats whose prefix alone is too weak. */
  readonly accept?: (match: string) => boolean;
}

const tokenRules: readonly TokenRule[] = [
  { kind: 'jwt', re: new RegExp(`${B}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`, 'g') },
  { kind: 'aws-access-key', re: new RegExp(`${B}(?:AKIA|ASIA)[A-Z0-9]{16}${E}`, 'g') },
  { kind: 'github-token', re: new RegExp(`${B}(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{40,251})${E}`, 'g') },
  { kind: 'anthropic-key', re: new RegExp(`${B}sk-ant-[a-z]+\\d*-[A-Za-z0-9_-]{20,}`, 'g') },
  // sk- plus a long random tail; the mixed-case-and-digit check keeps "sk-some-long-css-class-name" out.
  { kind: 'openai-key', re: new RegExp(`${B}sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`, 'g'), accept: (m) => looksRandom(m.slice(3), 3) },
  { kind: 'slack-token', re: new RegExp(`${B}xox[abpr]-\\d{6,}-[A-Za-z0-9-]{8,}`, 'g') },
  { kind: 'google-api-key', re: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`, 'g') },
];

export function redactSecrets(text: string): RedactionResult {
  const kinds: Partial<Record<SecretKind, number>> = {};
  const note = (kind: SecretKind): string => {
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    return redactionMarker(kind);
  };

  let out = redactPrivateKeys(text, note);
  for (const rule of tokenRules) {
    out = out.replace(rule.re, (m) => (rule.accept && !rule.accept(m) ? m : note(rule.kind)));
  }
  out = redactEnvAssignments(out, note);
  out = redactLiteralAssignments(out, note);
  const count = Object.values(kinds).reduce((a, b) => a + (b ?? 0), 0);
  return { text: out, count, kinds };
}

/** "3 secrets redacted (2 github-token, 1 jwt)", or "" when there were none. */
export function describeRedaction(result: RedactionResult): string {
  if (result.count === 0) return '';
  const parts = Object.entries(result.kinds).map(([k, n]) => `${n} ${k}`);
  return `${result.count} secret${result.count === 1 ? '' : 's'} redacted (${parts.join(', ')})`;
}

// ---- private keys ---------------------------------------------------------------------------------------

const MAX_KEY_BODY = 16_384;
const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;

/**
 * A BEGIN marker counts only when base64 follows it: PEM parsers and docs mention the markers without a key.
 * A key embedded in a string literal ("…\n" + "…") is unwrapped before the check. A key without its END
 * line (cut by the compressor) is redacted up to the end of its base64 lines.
 */
function redactPrivateKeys(text: string, note: (k: SecretKind) => string): string {
  let out = '';
  let last = 0;
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m !== null; m = PEM_BEGIN.exec(text)) {
    const bodyStart = m.index + m[0].length;
    const end = findPemEnd(text, bodyStart, m[1] ?? '', m[2] ?? '');
    if (end === undefined) continue;
    out += text.slice(last, m.index) + note('private-key');
    last = end;
    PEM_BEGIN.lastIndex = end;
  }
  return out + text.slice(last);
}

function findPemEnd(text: string, bodyStart: number, type: string, block: string): number | undefined {
  const endMarker = `-----END ${type}PRIVATE KEY${block}-----`;
  // A real key body is a few KB at most; an END marker far away belongs to something else. Searching only
  // that far also keeps many BEGIN markers without an END linear instead of quadratic.
  let window = text.slice(bodyStart, bodyStart + MAX_KEY_BODY + endMarker.length);
  const nextBegin = window.indexOf('-----BEGIN ');
  if (nextBegin !== -1) window = window.slice(0, nextBegin); // a key body never holds another PEM block
  const endAt = window.indexOf(endMarker);
  if (endAt !== -1 && isKeyBody(window.slice(0, endAt))) return bodyStart + endAt + endMarker.length;

  // No END: take the base64 lines that follow (within the same bound).
  let pos = 0;
  let base64Chars = 0;
  const lineRe = /[^\n]*\n?/y;
  for (;;) {
    lineRe.lastIndex = pos;
    const line = lineRe.exec(window)?.[0] ?? '';
    if (!line) break;
    const cleaned = unwrapLiteral(line);
    const isHeader = /^\s*[A-Za-z-]+: /.test(line);
    if (!isHeader && cleaned.length > 0 && !/^[A-Za-z0-9+/=]+$/.test(cleaned)) break;
    base64Chars += isHeader ? 0 : cleaned.length;
    pos += line.length;
  }
  if (base64Chars < 64) return undefined;
  // Keep the newline that ended the key's last line, so the next line stays a line of its own.
  return bodyStart + (window[pos - 1] === '\n' ? pos - 1 : pos);
}

function isKeyBody(body: string): boolean {
  const lines = body.replace(/\\[nr]/g, '\n').split('\n').filter((l) => !/^\s*[A-Za-z-]+: /.test(l));
  const cleaned = lines.map(unwrapLiteral).join('');
  return cleaned.length >= 64 && /^[A-Za-z0-9+/=]+$/.test(cleaned);
}

/** Strips what wraps a base64 line inside source code: quotes, "\n" escapes, concatenation, commas. */
function unwrapLiteral(line: string): string {
  return line.replace(/\\[nr]/g, '').replace(/[\s"'`+,;]/g, '');
}

// ---- assignments ----------------------------------------------------------------------------------------

const KEY_QUALIFIERS = new Set(['api', 'secret', 'private', 'access', 'auth', 'signing', 'encryption', 'master', 'client']);

/** Secret-named: the last word is secret/token/password, or "<api|secret|private|…> key". */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const lastWord = words[words.length - 1];
  if (lastWord === undefined) return false;
  if (['secret', 'token', 'password', 'passwd', 'apikey', 'secretkey', 'passphrase'].includes(lastWord)) return true;
  const prev = words[words.length - 2];
  return lastWord === 'key' && prev !== undefined && KEY_QUALIFIERS.has(prev);
}

/** Values that are not secrets even when assigned to a secret name. */
function isNonSecretValue(value: string): boolean {
  const v = value.trim();
  return (
    v.length < 4 ||
    v.startsWith('[REDACTED:') ||
    v.includes('$') || // $VAR, ${VAR}: a reference to the secret, not the secret
    /^(true|false|null|none|nil|undefined)$/i.test(v) ||
    /^<.*>$|^\[.*\]$|^\{.*\}$/.test(v) || // <your-token>, [PAD], {placeholder}
    /[()[\]{}]/.test(v) // code, not a value
  );
}

/**
 * `.env` and shell style: NAME=value at the start of a line, no spaces around "=" (shell does not allow them),
 * upper-case name. Any value counts, even a weak one: in a .env file it is the real secret.
 */
function redactEnvAssignments(text: string, note: (k: SecretKind) => string): string {
  const re = /^([ \t]*(?:export[ \t]+)?)([A-Z][A-Z0-9_]*)=(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"]+))(?=[ \t]*(?:#.*)?$)/gm;
  return text.replace(re, (m, lead: string, name: string, dq?: string, sq?: string, bare?: string) => {
    const value = dq ?? sq ?? bare ?? '';
    if (!isSecretName(name) || isNonSecretValue(value)) return m;
    const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
    return `${lead}${name}=${quote}${note('secret-assignment')}${quote}`;
  });
}

/**
 * In code and config: a secret-named key or variable given a string literal (`apiKey: "…"`, `PASSWORD = '…'`,
 * `"client_secret": "…"`). Code names tokens of all sorts ("<|endoftext|>", "Bearer", enum values such as
 * ACCESS_TOKEN: "AccessToken"), so the value must look generated: see looksLikeSecretLiteral.
 */
function redactLiteralAssignments(text: string, note: (k: SecretKind) => string): string {
  // The name starts only at a boundary and is bounded, so a long dotted chain cannot make this quadratic.
  const re = /(?<![A-Za-z0-9_$.-])(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,100})\1([ \t]*(?::=|=>|:|=)[ \t]*)(["'`])([^"'`\n\\]{0,500})\4/g;
  return text.replace(re, (m, kq: string, name: string, op: string, q: string, value: string) => {
    if (!isSecretName(name) || isNonSecretValue(value) || !looksLikeSecretLiteral(value)) return m;
    return `${kq}${name}${kq}${op}${q}${note('secret-assignment')}${q}`;
  });
}

/**
 * Letters and digits mixed, no spaces, not a URL or path, and not an identifier made of words
 * ("AccessToken", "refreshToken2"): a random 20-character key lacks a digit only 3% of the time.
 */
function looksLikeSecretLiteral(value: string): boolean {
  return (
    looksRandom(value, 2) &&
    /\d/.test(value) &&
    /[A-Za-z]/.test(value) &&
    !/^[a-z]+:\/\/|^\.{0,2}\//i.test(value) &&
    !/^[A-Za-z][a-z]+(?:[A-Z][a-z]+)*\d*$/.test(value)
  );
}

/** At least 8 non-space characters drawn from `minClasses` of: lower case, upper case, digits. */
function looksRandom(value: string, minClasses: number): boolean {
  if (value.length < 8 || /\s/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(value)).length;
  return classes >= minClasses;
}
