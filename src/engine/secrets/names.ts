/** Which names hold secrets, and which values are only stand-ins for one. */
import { isMarker } from './apply';

const KEY_QUALIFIERS = new Set(['api', 'secret', 'private', 'access', 'auth', 'signing', 'encryption', 'master', 'client', 'account', 'shared', 'storage', 'license', 'app', 'consumer', 'webhook']);
const SECRET_WORDS = new Set(['secret', 'token', 'password', 'passwd', 'apikey', 'secretkey', 'passphrase', 'accountkey', 'sharedaccesskey', 'authtoken', 'accesstoken', 'credential', 'credentials', 'privatekey', 'clientsecret', 'sas']);
/** Short forms that are secrets only after a qualifier ("db_pass", "smtp_pwd"), never alone ("PWD" is the shell's folder). */
const QUALIFIED_WORDS = new Set(['pwd', 'pass', 'pw']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Secret-named: the last word is secret/token/password…, or "<api|secret|private|…> key". */
export function isSecretName(name: string): boolean {
  const w = words(name);
  const last = w[w.length - 1];
  if (last === undefined) return false;
  if (SECRET_WORDS.has(last)) return true;
  const prev = w[w.length - 2];
  if (QUALIFIED_WORDS.has(last)) return prev !== undefined;
  return last === 'key' && prev !== undefined && KEY_QUALIFIERS.has(prev);
}

/** Values that are not secrets even when assigned to a secret name: references, placeholders, literals of code. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  return (
    v.length < 3 ||
    isMarker(v) ||
    v.includes('$') || // $VAR, ${VAR}: a reference to the secret, not the secret
    /^%\(?[\w.]+\)?s?%?$|^\{\{.*\}\}$|^#\{.*\}$|^@[\w.]+@$/.test(v) || // %(x)s, {{ x }}, #{x}, @x@ templating
    /^(true|false|null|none|nil|undefined|yes|no|on|off|string|required|optional|secret|password|token|\*+|x+|\.{3}|…)$/i.test(v) ||
    /^<.*>$|^\[.*\]$|^\{.*\}$/.test(v) || // <your-token>, [PAD], {placeholder}
    /^(your|example|dummy|placeholder|sample|fake)[-_ ]|^(changeme|change[-_]me|replaceme|replace[-_]me|todo|tbd|redacted)$/i.test(v)
  );
}

/** At least 8 non-space characters drawn from `minClasses` of: lower case, upper case, digits. */
export function looksRandom(value: string, minClasses: number): boolean {
  if (value.length < 8 || /\s/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(value)).length;
  return classes >= minClasses;
}

/**
 * For values in code, where names are reused for all sorts of things ("<|endoftext|>", "Bearer", enum values
 * such as ACCESS_TOKEN: "AccessToken"): letters and digits mixed, no spaces, not a URL or path, and not an
 * identifier made of words. A random 20-character key lacks a digit only 3% of the time.
 */
export function looksLikeSecretLiteral(value: string): boolean {
  return (
    looksRandom(value, 2) &&
    /\d/.test(value) &&
    /[A-Za-z]/.test(value) &&
    !/[()[\]{}]/.test(value) &&
    !/^[a-z]+:\/\/|^\.{0,2}\//i.test(value) &&
    !/^[A-Za-z][a-z]+(?:[A-Z][a-z]+)*\d*$/.test(value) &&
    !/^\d+(\.\d+)*$/.test(value) &&
    !isPlaceholder(value)
  );
}
