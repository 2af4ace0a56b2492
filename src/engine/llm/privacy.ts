/** Keeps the code context on this machine unless the user explicitly allowed a remote endpoint. */
import { parseEndpoint, displayEndpoint } from './endpoint';
import { LlmEndpointError, RemoteEndpointError } from './errors';

export interface EndpointPolicy {
  readonly allowRemote: boolean;
}

/**
 * True for names and addresses that always mean this machine: localhost, 127.0.0.0/8, ::1 and the
 * IPv4-mapped form of 127.x. `hostname` is as URL gives it (IPv6 in brackets, IPv4 already canonical,
 * so "0x7f.1" has become "127.0.0.1" and "127.0.0.1.example.com" stays a domain name).
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (h === '[::1]') return true;
  // URL writes ::ffff:127.0.0.1 as [::ffff:7f00:1]; the high 16 bits 7f00-7fff are 127.x.
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(h);
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
