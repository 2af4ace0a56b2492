/** Reading an HTTP reply whose size a server (or a mirror, or a proxy) decides: never more than the caller allows. */

export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number, readonly declared?: number) {
    super(declared !== undefined ? `the reply is ${declared} bytes, over the ${maxBytes}-byte limit` : `the reply exceeds the ${maxBytes}-byte limit`);
    this.name = 'BodyTooLargeError';
  }
}

/** The body as UTF-8; throws BodyTooLargeError as soon as it declares or sends more than maxBytes (the rest unread). */
export async function readCappedText(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new BodyTooLargeError(maxBytes, declared);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(maxBytes);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8');
}
