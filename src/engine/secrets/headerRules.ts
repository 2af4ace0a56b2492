/** Credentials in HTTP headers and command lines: Authorization, API-key headers, `curl -u user:password`. */
import { isPlaceholder, looksLikeSecretLiteral } from './names';
import type { RegexRule } from './regexRule';

export const HEADER_RULES: readonly RegexRule[] = [
  {
    kind: 'bearer-token',
    // Authorization: Bearer <token>, in a header line, a curl -H, or a string literal of code.
    re: /(?:Bearer|Token|Bot|token)\s+(?<s>[A-Za-z0-9._~+/=-]{12,2000})(?![A-Za-z0-9._~+/=-])/dg,
    accept: (s, text, at) => !isPlaceholder(s) && (looksLikeSecretLiteral(s) || /authorization/i.test(text.slice(Math.max(0, at - 60), at))),
    boundary: true,
  },
  {
    kind: 'api-key-header',
    re: /(?:x-api-key|api-key|x-auth-token|x-access-token|private-token|x-goog-api-key|ocp-apim-subscription-key|x-functions-key)["']?\s*[:=]\s*["']?(?<s>[A-Za-z0-9._~+/=-]{8,500})/dgi,
    accept: (s) => !isPlaceholder(s) && looksLikeSecretLiteral(s),
    boundary: true,
    needs: /api-?key|auth-token|access-token|private-token|subscription-key|functions-key/i,
  },
  {
    kind: 'basic-auth',
    // curl -u user:password, curl --user=user:password (any tool: the long form is specific enough).
    re: /(?:\bcurl\b[^\n]{0,400}?\s-u|\s--user|\s--proxy-user)(?:\s+|=)["']?[^\s:"']{1,100}:(?<s>[^\s"']{1,200})/dg,
    // The value as written in prose ("user:password,") ends at punctuation; a placeholder is no secret.
    accept: (s) => !isPlaceholder(s.replace(/[.,;:)`]+$/, '')),
    needs: /\s-u|--user|--proxy-user/,
  },
  {
    kind: 'password-option',
    re: /\s--(?:password|http-password|ftp-password|db-password|pass)(?:\s+|=)["']?(?<s>[^\s"'$-][^\s"']{2,200})/dg,
    accept: (s) => !isPlaceholder(s.replace(/[.,;:)`]+$/, '')),
    needs: /--(?:password|http-password|ftp-password|db-password|pass)/,
  },
];
