import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeRedaction, isSecretName, redactSecrets, redactText } from '../../src/engine/secrets';

// Fake secrets are assembled at run time so that this file itself never trips a secret scanner.
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function fake(n: number, seed: number, alphabet = ALNUM): string {
  let s = '';
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += alphabet[x % alphabet.length];
  }
  return s;
}
const B64 = `${ALNUM}+/`;
const pemBody = Array.from({ length: 6 }, (_, i) => fake(64, 100 + i, B64)).join('\n');
const BEGIN = (t: string): string => `-----BEGIN ${t}PRIVATE KEY-----`;
const END = (t: string): string => `-----END ${t}PRIVATE KEY-----`;

const secrets = {
  aws: 'AKIA' + fake(16, 1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
  ghp: 'ghp_' + fake(36, 2),
  githubPat: 'github_pat_' + fake(22, 3) + '_' + fake(59, 4),
  openaiProj: 'sk-proj-' + fake(40, 5) + '_' + fake(40, 6) + '-' + fake(20, 7),
  openaiLegacy: 'sk-' + fake(48, 8),
  anthropic: 'sk-ant-api03-' + fake(93, 9) + 'AA',
  slack: 'xoxb-' + '2' + fake(11, 10, '0123456789') + '-' + fake(13, 11, '0123456789') + '-' + fake(24, 12),
  google: 'AIza' + fake(35, 13, ALNUM + '-_'),
  jwt: 'eyJ' + fake(33, 14, ALNUM + '-_') + '.eyJ' + fake(60, 15, ALNUM + '-_') + '.' + fake(43, 16, ALNUM + '-_'),
};

test('redact: each well-known token format is replaced by its marker', () => {
  const cases: [string, string][] = [
    [secrets.aws, 'aws-access-key'],
    [secrets.ghp, 'github-token'],
    [secrets.githubPat, 'github-token'],
    [secrets.openaiProj, 'openai-key'],
    [secrets.openaiLegacy, 'openai-key'],
    [secrets.anthropic, 'anthropic-key'],
    [secrets.slack, 'slack-token'],
    [secrets.google, 'google-api-key'],
    [secrets.jwt, 'jwt'],
  ];
  for (const [secret, kind] of cases) {
    const r = redactSecrets(`client.login(${JSON.stringify(secret)});\n`);
    assert.equal(r.text, `client.login("«redacted:${kind}»");\n`, kind);
    assert.equal(r.count, 1, kind);
    assert.deepEqual(r.kinds, { [kind]: 1 });
  }
});

test('redact: private key blocks, in a PEM file, in a string literal, and cut without END', () => {
  const pem = `${BEGIN('RSA ')}\n${pemBody}\n${END('RSA ')}\n`;
  // The marker keeps the key's line count, so every line number after it stays true.
  assert.equal(redactSecrets(`key:\n${pem}after`).text, `key:\n«redacted:private-key»${'\n'.repeat(pem.split('\n').length - 1)}after`);

  const jsLines = pemBody.split('\n').map((l) => `  "${l}\\n" +`).join('\n');
  const js = `const key =\n  "${BEGIN('')}\\n" +\n${jsLines}\n  "${END('')}\\n";\nsign(key);\n`;
  const r = redactSecrets(js);
  assert.equal(r.text, `const key =\n  "«redacted:private-key»${'\n'.repeat(js.split('\n').length - 4)}\\n";\nsign(key);\n`);
  assert.equal(r.text.split('\n').length, js.split('\n').length);
  assert.equal(r.count, 1);

  const openssh = `${BEGIN('OPENSSH ')}\n${pemBody}\n${END('OPENSSH ')}`;
  assert.equal(redactSecrets(openssh).text, `«redacted:private-key»${'\n'.repeat(openssh.split('\n').length - 1)}`);

  const cut = `${BEGIN('EC ')}\n${pemBody.split('\n').slice(0, 3).join('\n')}\n// …elided…\nfunction next() {}\n`;
  assert.equal(redactSecrets(cut).text, '«redacted:private-key»\n\n\n\n// …elided…\nfunction next() {}\n');
});

test('redact: .env assignments and secret-named string literals', () => {
  const env = [
    '# database',
    'DB_HOST=localhost',
    `DB_PASSWORD=${fake(12, 20)}`,
    `export STRIPE_SECRET_KEY="rk_live_${fake(24, 21)}"`,
    `SESSION_SECRET='${fake(16, 22)}' # rotate monthly`,
    'GITHUB_TOKEN=$GH_TOKEN',
    'API_KEY=${API_KEY}',
    'LOG_LEVEL=debug',
  ].join('\n');
  const r = redactSecrets(env);
  assert.equal(
    r.text,
    [
      '# database',
      'DB_HOST=localhost',
      'DB_PASSWORD=«redacted:password»',
      'export STRIPE_SECRET_KEY="«redacted:stripe-key»"',
      "SESSION_SECRET='«redacted:secret»' # rotate monthly",
      'GITHUB_TOKEN=$GH_TOKEN',
      'API_KEY=${API_KEY}',
      'LOG_LEVEL=debug',
    ].join('\n'),
  );
  assert.equal(r.count, 3);

  const code = [
    `const config = { apiKey: "${fake(20, 30)}", region: "eu-west-1" };`,
    `  "client_secret": "GOCSPX-${fake(28, 31)}",`,
    `db.password = 'Tr0ub4dor&3x';`,
    `OPENAI_API_KEY = "${secrets.openaiLegacy}"`,
  ].join('\n');
  const c = redactSecrets(code);
  assert.equal(
    c.text,
    [
      'const config = { apiKey: "«redacted:api-key»", region: "eu-west-1" };',
      '  "client_secret": "«redacted:google-client-secret»",',
      "db.password = '«redacted:password»';",
      'OPENAI_API_KEY = "«redacted:openai-key»"',
    ].join('\n'),
  );
  assert.deepEqual(c.kinds, { 'api-key': 1, 'google-client-secret': 1, password: 1, 'openai-key': 1 });
  assert.equal(describeRedaction(c), '4 secrets redacted (1 api-key, 1 google-client-secret, 1 password, 1 openai-key)');
});

test('redact: ordinary code that talks about keys, tokens and passwords is left alone', () => {
  const code = String.raw`
import os
from tokenizers import Tokenizer

EOS_TOKEN = "<|endoftext|>"
PAD_TOKEN="[PAD]"
BOS_TOKEN = "<s>"
TOKEN_URL = "https://oauth2.googleapis.com/token"
SECRET_KEY = os.environ.get("SECRET_KEY")
AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
max_tokens = 1024
digest = "2b0496514337a3d5901f1d253d01726c890b721e891335a56d6e08cedf3e2cb0"
test_password = "correct horse battery staple"

def login(request):
    password = request.form['password']
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if len(password) < 8:
        raise ValueError("password too short")
    return verify(token)

class PemReader:
    BEGIN = "-----BEGIN RSA PRIVATE KEY-----"
    END = "-----END RSA PRIVATE KEY-----"
    def read(self, text):
        start = text.index(self.BEGIN) + len(self.BEGIN)
        return base64.b64decode(text[start:text.index(self.END)])
`;
  const ts = String.raw`
export interface Credentials { apiKey: string; token?: string }
const API_KEY = process.env.OPENAI_API_KEY ?? '';
const tokenType = 'Bearer';
const passwordRegex = /^(?=.*[A-Z])(?=.*\d).{8,}$/;
const hashedPassword = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
const icon = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const id = "3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";
const schema = { "token": "string", "password": { "type": "string", "minLength": 12 } };
document.body.className = "sk-loading-spinner-container-large";
const msg = "AKIA is the prefix of AWS access key ids";
const header = "eyJhbGciOiJIUzI1NiJ9"; // just a JWT header, not a token
export function getToken(): string { return this._token; }
export const SECRET_NAME = "prod/db/credentials";
`;
  const shell = [
    '#!/bin/sh',
    'export GITHUB_TOKEN=$(gh auth token)',
    'API_KEY="${API_KEY:-}"',
    'PWD=/home/user/project',
    'PASSWORD=',
    '',
  ].join('\n');
  for (const [name, text] of [['python', code], ['typescript', ts], ['shell', shell]] as const) {
    const r = redactSecrets(text);
    assert.equal(r.count, 0, `${name}: ${JSON.stringify(r.kinds)}`);
    assert.equal(r.text, text, name);
  }
});

test('redact: secret-looking names', () => {
  for (const n of ['GITHUB_TOKEN', 'apiKey', 'client_secret', 'DB_PASSWORD', 'SECRET_KEY', 'privateKey', 'x-api-key', 'config.password', 'accessToken'])
    assert.ok(isSecretName(n), n);
  for (const n of ['TOKEN_URL', 'tokenType', 'PRIMARY_KEY', 'cacheKey', 'password_validators', 'SECRET_NAME', 'max_tokens', 'PWD'])
    assert.ok(!isSecretName(n), n);
  assert.equal(describeRedaction(redactSecrets('nothing here')), '');
});

test('redact: ordinary identifiers as values are not secrets', () => {
  const enums = 'export const ACCESS_TOKEN = "AccessToken";\nconst x = { GetToken: "GetToken", refreshToken: "acquireTokenByRefreshToken2" };\n';
  assert.equal(redactSecrets(enums).count, 0);
});

// Inputs built to make a backtracking rule quadratic or worse. Each finishes well inside the test's bound
// (a hang fails the test by its timeout; how fast it runs is measured in bench/, not asserted here).
test('redact: pathological input of every rule\'s shape ends', { timeout: 60_000 }, async () => {
  const N = 200_000;
  const inputs: [string, string][] = [
    ['x.pem', `${BEGIN('')}\n`.repeat(N / 28)],
    ['x.ts', `${'x.'.repeat(N / 2)}= "a1B2c3D4"`],
    ['x.py', `password = ${'"'.repeat(N)}`],
    ['x.ts', 'a'.repeat(N)],
    ['x.ts', 'http://' + 'u:'.repeat(N / 2)],
    ['x.js', '"a" + '.repeat(N / 6)],
    ['x.txt', ';password='.repeat(N / 10)],
    ['x.json', '"token": "'.repeat(N / 10)],
    ['x.yaml', `api_token: ${'a b '.repeat(N / 4)}`],
    ['x.yaml', `kind: Secret\ndata:\n${'  a: b\n'.repeat(N / 7)}`],
    ['x.sh', `curl ${' -u'.repeat(N / 3)}`],
    ['x.xml', '<password>'.repeat(N / 10)],
    ['x.ts', `mailgun ${'a'.repeat(N)}`],
  ];
  for (const [file, text] of inputs) {
    const r = await redactText(text, file);
    assert.equal(r.text.split('\n').length, text.split('\n').length, file);
  }
});
