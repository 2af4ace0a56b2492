import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  assertEndpointAllowed,
  createLlmClient,
  detectProvider,
  isLoopbackHost,
  LlmEndpointError,
  parseEndpoint,
  parseProvider,
  RemoteEndpointError,
} from '../../src/engine/llm';
import { apiUrl } from '../../src/engine/llm/endpoint';

/**
 * The guard decides on the literal host as the URL parser leaves it: loopback IP literals and `localhost`
 * exactly. Spellings of 127.0.0.1 in decimal, octal or hex are IP literals too — the URL parser turns them
 * into 127.0.0.1 and the connection goes there without a lookup — so they pass; every other name is remote,
 * because a resolver (search domains, a hostile DNS) decides where it goes.
 */
const LOOPBACK_FORMS: readonly string[] = [
  'http://127.0.0.1:11434',
  'http://127.0.0.1',
  '127.0.0.1:11434',
  'http://127.1.2.3:8080',
  'http://127.255.255.254',
  'http://127.1', // short form of 127.0.0.1
  'http://2130706433:11434', // decimal
  'http://0177.0.0.1:11434', // octal
  'http://017700000001', // octal, one number
  'http://0x7f000001:11434', // hex
  'http://0x7f.1', // hex, short
  'http://127.0.0.1.:11434', // a trailing dot on an IP literal is dropped by the parser
  'http://localhost:8080/v1',
  'http://LOCALHOST:8080', // case does not matter
  'http://LocalHost',
  'http://[::1]:1234',
  'http://[0:0:0:0:0:0:0:1]:1234',
  'http://[::ffff:127.0.0.1]:8080', // IPv4-mapped 127.0.0.1
  'http://[::ffff:7f00:1]:8080',
  'https://user:pw@127.0.0.1:8443/v1', // credentials for a loopback server
  'http://evil.example@127.0.0.1:11434', // the host is what follows the @
  'http://127.0.0.1:65535',
  'HTTP://127.0.0.1:11434',
];

const REMOTE_FORMS: readonly [string, string][] = [
  ['http://evil.localhost:18080', 'evil.localhost'],
  ['http://localhost.:18080', 'localhost.'],
  ['https://LOCALHOST./', 'localhost.'],
  ['http://localhost.localdomain:11434', 'localhost.localdomain'],
  ['http://127.0.0.1.nip.io:11434', '127.0.0.1.nip.io'],
  ['http://127.0.0.1@evil.com:11434', 'evil.com'], // the userinfo is 127.0.0.1; the host is evil.com
  ['http://127.0.0.1:80@evil.com', 'evil.com'],
  ['http://192.168.1.20:11434', '192.168.1.20'],
  ['http://10.0.0.1', '10.0.0.1'],
  ['http://128.0.0.1', '128.0.0.1'],
  ['http://126.255.255.255', '126.255.255.255'],
  ['http://[2001:db8::1]:8080', '[2001:db8::1]'],
  ['http://[::ffff:192.168.0.1]:8080', '[::ffff:c0a8:1]'],
  ['http://[::127.0.0.1]', '[::7f00:1]'], // IPv4-compatible (deprecated), not a loopback address
  ['http://[::ffff:0:7f00:1]', '[::ffff:0:7f00:1]'],
  ['http://[::2]', '[::2]'],
  ['http://gpu-box.lan:11434', 'gpu-box.lan'],
  ['https://api.example.com/v1', 'api.example.com'],
  ['http://xn--localhost-:1234', 'xn--localhost-'],
  ['http://localhost-evil.com', 'localhost-evil.com'],
  ['http://ip6-localhost', 'ip6-localhost'],
];

test('endpoint: loopback literals and `localhost` exactly are allowed by default', () => {
  for (const e of LOOPBACK_FORMS) assert.doesNotThrow(() => assertEndpointAllowed(e, { allowRemote: false }), e);
});

test('endpoint: every other name is remote, even one a resolver might send to this machine', () => {
  for (const [e, host] of REMOTE_FORMS) {
    assert.throws(() => assertEndpointAllowed(e, { allowRemote: false }), (err: unknown) => err instanceof RemoteEndpointError && err.host === host, e);
  }
  assert.ok(LOOPBACK_FORMS.length + REMOTE_FORMS.length >= 40);
  // Hosts as URL gives them: only the literal forms pass.
  for (const h of ['localhost', '127.0.0.1', '[::1]', '[::ffff:7fff:ffff]']) assert.ok(isLoopbackHost(h), h);
  for (const h of ['localhost.', 'a.localhost', '127.0.0.1.', '[::1%lo]', '127.0.0', '0x7f.1', '[::ffff:8000:1]', '']) assert.ok(!isLoopbackHost(h), h);
});

test('endpoint: forms the URL parser refuses are refused as invalid, not sent anywhere', () => {
  for (const e of ['http://[::1%25lo]:11434', 'http://256.0.0.1', 'http://127.0.0.1.1', 'http://local host', 'http://localhost%00.evil.com']) {
    assert.throws(() => assertEndpointAllowed(e, { allowRemote: false }), LlmEndpointError, e);
  }
  // A fragment or query could hide the real host from a reader: refused outright.
  assert.throws(() => assertEndpointAllowed('http://127.0.0.1#@evil.com', { allowRemote: false }), /query string or fragment/);
  assert.throws(() => assertEndpointAllowed('http://0:11434', { allowRemote: false }), /listen on/);
});

test('endpoint: remote hosts are refused with a message naming the host, unless allowed', () => {
  for (const [e, host] of [
    ['http://192.168.1.20:11434', '192.168.1.20'],
    ['https://api.example.com/v1', 'api.example.com'],
    ['http://127.0.0.1.nip.io:11434', '127.0.0.1.nip.io'],
    ['http://[2001:db8::1]:8080', '[2001:db8::1]'],
    ['http://10.0.0.1', '10.0.0.1'],
  ] as const) {
    assert.throws(
      () => assertEndpointAllowed(e, { allowRemote: false }),
      (err: unknown) => err instanceof RemoteEndpointError && err.host === host && err.message.includes(`(${host})`) && err.message.includes('allow remote endpoints'),
      e,
    );
    assert.doesNotThrow(() => assertEndpointAllowed(e, { allowRemote: true }), e);
  }
  assert.throws(() => createLlmClient({ endpoint: 'http://gpu-box.lan:11434' }), RemoteEndpointError);
});

test('endpoint: 0.0.0.0 (a listen address) is refused with the loopback URL to use instead', () => {
  assert.throws(() => assertEndpointAllowed('http://0.0.0.0:11434', { allowRemote: false }), (e: unknown) => e instanceof LlmEndpointError && e.message.includes('use http://127.0.0.1:11434'));
});

test('endpoint: invalid URLs and schemes are refused clearly', () => {
  assert.throws(() => parseEndpoint(''), LlmEndpointError);
  assert.throws(() => parseEndpoint('ftp://127.0.0.1/'), /only http:\/\/ and https:\/\//);
  assert.throws(() => parseEndpoint('http://127.0.0.1:11434/?x=1'), /query string/);
  assert.throws(() => parseEndpoint('http://exa mple'), /not a URL/);
  assert.equal(parseEndpoint('localhost:11434/').href, 'http://localhost:11434/');
  assert.ok(isLoopbackHost('127.255.255.254'));
  assert.ok(!isLoopbackHost('128.0.0.1'));
});

test('endpoint: the provider is detected from path, then port, and can be overridden', () => {
  assert.equal(detectProvider('http://127.0.0.1:11434').provider, 'ollama');
  assert.equal(detectProvider('http://127.0.0.1:11434/v1').provider, 'openai'); // Ollama's own OpenAI-compatible API
  assert.equal(detectProvider('http://127.0.0.1:9999/api').provider, 'ollama');
  assert.equal(detectProvider('http://127.0.0.1:8080').provider, 'openai');
  assert.equal(detectProvider('http://127.0.0.1:1234').provider, 'openai');
  assert.equal(detectProvider('http://127.0.0.1:8000/v1').provider, 'openai');
  assert.match(detectProvider('http://127.0.0.1:11434').reason, /11434/);
  assert.equal(createLlmClient({ endpoint: 'http://127.0.0.1:11434' }).provider, 'ollama');
  assert.equal(createLlmClient({ endpoint: 'http://127.0.0.1:11434', provider: 'openai' }).provider, 'openai');
  assert.equal(createLlmClient({}).endpoint, 'http://127.0.0.1:11434');
  assert.equal(createLlmClient({ provider: 'openai' }).endpoint, 'http://127.0.0.1:8080');
  assert.equal(parseProvider(' Ollama '), 'ollama');
  assert.equal(parseProvider('lmstudio'), undefined);
});

test('endpoint: API paths work from the server root or from the API base', () => {
  assert.equal(apiUrl(parseEndpoint('http://h:8080'), 'openai', '/chat/completions').href, 'http://h:8080/v1/chat/completions');
  assert.equal(apiUrl(parseEndpoint('http://h:8080/v1/'), 'openai', '/models').href, 'http://h:8080/v1/models');
  assert.equal(apiUrl(parseEndpoint('http://h:11434'), 'ollama', '/chat').href, 'http://h:11434/api/chat');
  assert.equal(apiUrl(parseEndpoint('http://h/proxy/ollama/api'), 'ollama', '/tags').href, 'http://h/proxy/ollama/api/tags');
});
