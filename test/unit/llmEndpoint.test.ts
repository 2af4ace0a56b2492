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

test('endpoint: loopback addresses are allowed by default', () => {
  for (const e of ['http://127.0.0.1:11434', 'http://localhost:8080/v1', 'http://[::1]:1234', '127.0.0.1:11434', 'http://127.1.2.3', 'http://0x7f000001:11434', 'http://[::ffff:127.0.0.1]:8080', 'https://LOCALHOST./']) {
    assert.doesNotThrow(() => assertEndpointAllowed(e, { allowRemote: false }), e);
  }
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
