/**
 * Credentials inside URLs and connection strings: the password of `scheme://user:password@host` (postgres,
 * mysql, mongodb+srv, redis, amqp, http basic auth…), a token given as the user, secret query parameters
 * (`password=`, `sig=` of an Azure SAS, `access_token=`), and `Key=value;` connection strings (ADO.NET, Azure
 * storage and Service Bus). Only the secret part is hidden, so the host and database stay readable.
 */
import { isPlaceholder, looksRandom } from './names';
import type { RegexRule } from './regexRule';

const notPlaceholder = (s: string): boolean => !isPlaceholder(decodeURIComponentSafe(s));

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export const URL_RULES: readonly RegexRule[] = [
  {
    kind: 'url-password',
    // The user may be empty (redis://:password@host). Both parts stop at characters a URL must encode.
    re: /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,30}:\/\/[^\s:@/"'`<>]{0,200}:(?<s>[^\s@/"'`<>]{1,300})@(?=[A-Za-z0-9[_-])/dgi,
    accept: (s) => notPlaceholder(s) && !/^\d{1,5}$/.test(s),
    needs: /:\/\/[^\s/]{0,300}@/,
  },
  {
    kind: 'url-token',
    // https://<token>@github.com: a token given as the user name alone.
    re: /(?<![A-Za-z0-9+.-])(?:https?|git|ssh):\/\/(?<s>[A-Za-z0-9_-]{20,300})@(?=[A-Za-z0-9[_-])/dgi,
    accept: (s) => looksRandom(s, 3),
    needs: /:\/\/[^\s/]{0,300}@/,
  },
  {
    kind: 'url-password',
    re: /[?&;](?:password|passwd|pwd|pass|access_token|accesstoken|api_key|apikey|api-key|auth_token|client_secret|secret|token)=(?<s>[^&\s"'`;<>]{3,500})/dgi,
    accept: notPlaceholder,
    needs: /[?&;](?:pass|pwd|access|api|auth|client|secret|token)/i,
  },
  { kind: 'azure-sas', re: /[?&](?:sig|signature)=(?<s>[A-Za-z0-9%+/=_-]{16,500})/dg, needs: /[?&](?:sig|signature)=/ },
  {
    kind: 'connection-password',
    re: /(?<=[;"'`][ \t]?)(?:password|pwd|user password)\s*=\s*(?<s>[^;"'`\s<>]{3,500})/dgim,
    // Part of a Key=value list: a semicolon before or after it (the shell variable PWD, a folder, stands alone).
    accept: (s, text, at) => notPlaceholder(s) && (text[at + s.length] === ';' || /;[^;=]{0,40}=\s*$/.test(text.slice(Math.max(0, at - 60), at))),
    needs: /password|pwd/i,
  },
  {
    kind: 'azure-key',
    re: /(?<=[;"'`][ \t]?)(?:AccountKey|SharedAccessKey|SharedAccessSignature|SharedSecretValue|ClientSecret)\s*=\s*(?<s>[^;"'`\s<>]{8,500})/dgim,
    accept: notPlaceholder,
    needs: /AccountKey|SharedAccess|SharedSecret|ClientSecret/i,
  },
  // A Basic auth header value written out in base64 after "user:password" was encoded elsewhere.
  { kind: 'basic-auth', re: /Basic\s+(?<s>[A-Za-z0-9+/]{12,500}={0,2})(?![A-Za-z0-9+/=])/dg, boundary: true, accept: (s) => isBase64UserPass(s) },
];

/** "dXNlcjpwYXNz" is "user:pass": a Basic credential, not a word that happens to follow "Basic". */
function isBase64UserPass(s: string): boolean {
  const decoded = Buffer.from(s, 'base64').toString('utf8');
  return /^[^\s:]{1,200}:[^\s]{1,200}$/.test(decoded);
}
