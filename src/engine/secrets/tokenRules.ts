/**
 * Tokens whose format says what they are, wherever they appear: a documented prefix and a body of a known
 * alphabet and length. These need no variable name around them.
 */
import { looksRandom } from './names';
import { E, type RegexRule } from './regexRule';

const HEX = '[0-9a-fA-F]';
const B64URL = '[A-Za-z0-9_-]';

/** A token rule: the pattern starts with its literal prefix; the boundary before it is checked by the runner. */
function rule(kind: string, pattern: string, accept?: RegexRule['accept'], needs?: RegexRule['needs']): RegexRule {
  return { kind, re: new RegExp(pattern, 'gd'), boundary: true, ...(accept ? { accept } : {}), ...(needs ? { needs } : {}) };
}

export const TOKEN_RULES: readonly RegexRule[] = [
  rule('jwt', `eyJ${B64URL}{8,}\\.eyJ${B64URL}{8,}\\.${B64URL}*`, undefined, ['eyJ']),
  rule('aws-access-key', `(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[A-Z2-7]{16}${E}`, undefined, ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AROA', 'AIDA']),
  rule('github-token', `(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{40,251})${E}`, undefined, ['gh', 'github_pat_']),
  rule('gitlab-token', `(?:glpat|gldt|glrt|glptt|glsoat|glft|glimt|glagent|gloas)-[A-Za-z0-9_-]{20,64}${E}`, undefined, ['gl']),
  rule('gitlab-token', `GR1348941[A-Za-z0-9_-]{20,}${E}`, undefined, ['GR1348941']),
  rule('huggingface-token', `(?:hf_|api_org_)[A-Za-z0-9]{30,40}${E}`, (s) => looksRandom(s.slice(3), 2), ['hf_', 'api_org_']),
  rule('anthropic-key', `sk-ant-[a-z]{2,8}\\d{0,3}-${B64URL}{20,}`, undefined, ['sk-ant-']),
  // sk- plus a long random tail; the mixed-case-and-digit check keeps "sk-some-long-css-class-name" out.
  rule('openai-key', `sk-(?:proj-|svcacct-|admin-|None-)?${B64URL}{20,}`, (s) => !s.startsWith('sk-ant-') && looksRandom(s.slice(3), 3), ['sk-']),
  rule('stripe-key', `(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{16,247}${E}`, undefined, ['_live_', '_test_', '_prod_']),
  rule('stripe-key', `whsec_[A-Za-z0-9]{24,}${E}`, undefined, ['whsec_']),
  rule('slack-token', `xox[abposr]-[0-9A-Za-z-]{10,250}`, (s) => /\d/.test(s), ['xox']),
  rule('slack-token', `xoxe(?:\\.xox[bp])?-\\d-[A-Za-z0-9-]{40,250}`, undefined, ['xoxe']),
  rule('slack-token', `xapp-\\d-[A-Z0-9]+-\\d+-[a-f0-9]{32,}`, undefined, ['xapp-']),
  rule('slack-webhook', `https?://hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<s>[A-Za-z0-9_/+-]{20,200})`, undefined, ['hooks.slack.com']),
  rule('discord-webhook', `https?://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/(?<s>\\d{5,25}/${B64URL}{20,100})`, undefined, ['/api/webhooks/']),
  rule('discord-token', `[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}${E}`, (s) => looksRandom(s.slice(0, s.indexOf('.')), 3)),
  rule('telegram-bot-token', `(?<![A-Za-z0-9_:])\\d{8,10}:AA[A-Za-z0-9_-]{33}${E}`, undefined, [':AA']),
  rule('twilio-key', `SK${HEX}{32}${E}`, undefined, ['SK']),
  rule('mailgun-key', `key-${HEX}{32}${E}`, undefined, ['key-']),
  // The newer Mailgun key is bare hex: only where Mailgun is named.
  rule('mailgun-key', `${HEX}{32}-${HEX}{8}-${HEX}{8}${E}`, undefined, /mailgun/i),
  rule('doppler-token', `dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}${E}`, undefined, ['dp.']),
  rule('linear-key', `lin_(?:api|oauth)_[A-Za-z0-9]{40}${E}`, undefined, ['lin_']),
  rule('sendgrid-key', `SG\\.${B64URL}{22}\\.${B64URL}{43}${E}`, undefined, ['SG.']),
  rule('npm-token', `npm_[A-Za-z0-9]{36}${E}`, undefined, ['npm_']),
  rule('pypi-token', `pypi-AgEIcHlwaS5vcmc${B64URL}{50,}`, undefined, ['pypi-']),
  rule('google-api-key', `AIza[0-9A-Za-z_-]{35}${E}`, undefined, ['AIza']),
  rule('google-client-secret', `GOCSPX-${B64URL}{28}${E}`, undefined, ['GOCSPX-']),
  rule('digitalocean-token', `do[opr]_v1_${HEX}{64}${E}`, undefined, ['_v1_']),
  rule('shopify-token', `shp(?:at|ca|pa|ss)_${HEX}{32}${E}`, undefined, ['shp']),
  rule('postman-key', `PMAK-${HEX}{24}-${HEX}{34}${E}`, undefined, ['PMAK-']),
  rule('age-secret-key', `AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}${E}`, undefined, ['AGE-SECRET-KEY-1']),
  rule('databricks-token', `dapi${HEX}{32}(?:-\\d)?${E}`, undefined, ['dapi']),
  rule('azure-client-secret', `(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`, undefined, ['Q~']),
  rule('grafana-token', `glsa_[A-Za-z0-9]{32}_${HEX}{8}${E}`, undefined, ['glsa_']),
  rule('vault-token', `hv[sb]\\.[A-Za-z0-9_-]{24,}${E}`, undefined, ['hvs.', 'hvb.']),
];
