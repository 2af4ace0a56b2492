/** Keeps the code context on this machine unless the user explicitly allowed a remote endpoint. */
import { isIPv4, isIPv6 } from 'node:net';
import { parseEndpoint, displayEndpoint } from './endpoint';
import { LlmEndpointError, RemoteEndpointError } from './errors';

export interface EndpointPolicy {
  readonly allowRemote: boolean;
}

/**
 * True only for hosts that mean this machine without asking a resolver: an IPv4 literal in 127.0.0.0/8, the
 * IPv6 loopback ::1 (or its IPv4-mapped 127.x form), and the name `localhost` exactly. Any other name —
 * `evil.localhost`, `localhost.` (absolute, so search domains and resolvers decide), `127.0.0.1.nip.io` — is
 * remote, whatever it might resolve to. `hostname` is as the WHATWG URL parser gives it: lower case, IPv6 in
 * brackets, and IPv4 canonical, so the decimal, octal and hex spellings (2130706433, 0177.0.0.1, 0x7f.1) have
 * already become 127.0.0.1: they are IP literals, and the connection goes to that address with no lookup.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost') return true;
  if (isIPv4(h)) return h.startsWith('127.');
  if (!h.startsWith('[') || !h.endsWith(']')) return false;
  const v6 = h.slice(1, -1);
  if (!isIPv6(v6)) return false;
  if (v6 === '::1') return true;
  // URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1; the high 16 bits 7f00-7fff are 127.x.
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(v6);
}

/** Throws unless the endpoint is loopback or remote endpoints are allowed. Returns the parsed URL. */
export function assertEndpointAllowed(endpoint: string | URL, policy: EndpointPolicy): URL {
  const url = typeof endpoint === 'string' ? parseEndpoint(endpoint) : endpoint;
  if (isLoopbackHost(url.hostname) || policy.allowRemote) {
    return url;
  }
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') {
    // A listen address copied from OLLAMA_HOST: it is not a destination on every OS, and it is not loopback.
    throw new LlmEndpointError(displayEndpoint(url), `${url.hostname} is an address servers listen on, not one to connect to; use http://127.0.0.1${url.port ? `:${url.port}` : ''}.`);
  }
  throw new RemoteEndpointError(displayEndpoint(url), url.hostname);
}
