/**
 * Tokens whose format says what they are, wherever they appear: a documented prefix and a body of a known
 * alphabet and length. These need no variable name around them.
 */
import { looksRandom } from './names';
import { E, type RegexRule } from './regexRule';

const HEX = '[0-9a-fA-F]';
const B64URL = '[A-Za-z0-9_-]';

/** A token rule: the pattern starts with its literal prefix; the boundary before it is checked by the runner. */
function rule(kind: string, pattern: string, accept?: RegexRule['accept'], needs?: RegExp): RegexRule {
  return { kind, re: new RegExp(pattern, 'gd'), boundary: true, ...(accept ? { accept } : {}), ...(needs ? { needs } : {}) };
}

export const TOKEN_RULES: readonly RegexRule[] = [
  rule('jwt', `eyJ${B64URL}{8,}\\.eyJ${B64URL}{8,}\\.${B64URL}*`),
  rule('aws-access-key', `(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[A-Z2-7]{16}${E}`),
  rule('github-token', `(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{40,251})${E}`),
  rule('gitlab-token', `(?:glpat|gldt|glrt|glptt|glsoat|glft|glimt|glagent|gloas)-[A-Za-z0-9_-]{20,64}${E}`),
  rule('gitlab-token', `GR1348941[A-Za-z0-9_-]{20,}${E}`),
  rule('huggingface-token', `(?:hf_|api_org_)[A-Za-z0-9]{30,40}${E}`, (s) => looksRandom(s.slice(3), 2)),
  rule('anthropic-key', `sk-ant-[a-z]{2,8}\\d{0,3}-${B64URL}{20,}`),
  // sk- plus a long random tail; the mixed-case-and-digit check keeps "sk-some-long-css-class-name" out.
  rule('openai-key', `sk-(?:proj-|svcacct-|admin-|None-)?${B64URL}{20,}`, (s) => !s.startsWith('sk-ant-') && looksRandom(s.slice(3), 3)),
  rule('stripe-key', `(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{16,247}${E}`),
  rule('stripe-key', `whsec_[A-Za-z0-9]{24,}${E}`),
  rule('slack-token', `xox[abposr]-[0-9A-Za-z-]{10,250}`, (s) => /\d/.test(s)),
  rule('slack-token', `xoxe(?:\\.xox[bp])?-\\d-[A-Za-z0-9-]{40,250}`),
  rule('slack-token', `xapp-\\d-[A-Z0-9]+-\\d+-[a-f0-9]{32,}`),
  rule('slack-webhook', `https?://hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<s>[A-Za-z0-9_/+-]{20,200})`),
  rule('discord-webhook', `https?://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/(?<s>\\d{5,25}/${B64URL}{20,100})`),
  rule('discord-token', `[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}${E}`, (s) => looksRandom(s.slice(0, s.indexOf('.')), 3)),
  rule('telegram-bot-token', `(?<![A-Za-z0-9_:])\\d{8,10}:AA[A-Za-z0-9_-]{33}${E}`),
  rule('twilio-key', `SK${HEX}{32}${E}`),
  rule('mailgun-key', `key-${HEX}{32}${E}`),
  // The newer Mailgun key is bare hex: only where Mailgun is named.
  rule('mailgun-key', `${HEX}{32}-${HEX}{8}-${HEX}{8}${E}`, undefined, /mailgun/i),
  rule('doppler-token', `dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}${E}`),
  rule('linear-key', `lin_(?:api|oauth)_[A-Za-z0-9]{40}${E}`),
  rule('sendgrid-key', `SG\\.${B64URL}{22}\\.${B64URL}{43}${E}`),
  rule('npm-token', `npm_[A-Za-z0-9]{36}${E}`),
  rule('pypi-token', `pypi-AgEIcHlwaS5vcmc${B64URL}{50,}`),
  rule('google-api-key', `AIza[0-9A-Za-z_-]{35}${E}`),
  rule('google-client-secret', `GOCSPX-${B64URL}{28}${E}`),
  rule('digitalocean-token', `do[opr]_v1_${HEX}{64}${E}`),
  rule('shopify-token', `shp(?:at|ca|pa|ss)_${HEX}{32}${E}`),
  rule('postman-key', `PMAK-${HEX}{24}-${HEX}{34}${E}`),
  rule('age-secret-key', `AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}${E}`),
  rule('databricks-token', `dapi${HEX}{32}(?:-\\d)?${E}`),
  rule('azure-client-secret', `(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`),
  rule('grafana-token', `glsa_[A-Za-z0-9]{32}_${HEX}{8}${E}`),
  rule('vault-token', `hv[sb]\\.[A-Za-z0-9_-]{24,}${E}`),
];
