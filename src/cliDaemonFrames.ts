// The background process's replies (cliDaemon.ts → cliDaemonClient.ts): frames of a kind byte, a 32-bit length
// and the bytes, so that 16 MB of JSON output crosses the socket as it is, not escaped into JSON lines again.

export const enum FrameKind {
  Out = 0,
  Err = 1,
  /** The run's exit status, as the frame's 32-bit payload. */
  Exit = 2,
}

const HEAD = 5;

export function frame(kind: FrameKind, payload: Buffer): Buffer {
  const head = Buffer.allocUnsafe(HEAD);
  head.writeUInt8(kind, 0);
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

export function textFrame(kind: FrameKind.Out | FrameKind.Err, text: string): Buffer {
  return frame(kind, Buffer.from(text, 'utf8'));
}

export function exitFrame(code: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeInt32BE(code, 0);
  return frame(FrameKind.Exit, payload);
}

/** Splits a byte stream into frames as they complete (chunks may cut a frame anywhere). */
export class FrameReader {
  private pending: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer, onFrame: (kind: FrameKind, payload: Buffer) => void): void {
    this.pending.push(chunk);
    this.size += chunk.length;
    for (;;) {
      if (this.size < HEAD) return;
      if (this.pending[0]!.length < HEAD) this.pending = [Buffer.concat(this.pending)];
      const length = this.pending[0]!.readUInt32BE(1);
      // Joined only once the whole frame is here: a 16 MB frame comes in hundreds of chunks.
      if (this.size < HEAD + length) return;
      const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
      onFrame(all.readUInt8(0) as FrameKind, all.subarray(HEAD, HEAD + length));
      const rest = all.subarray(HEAD + length);
      this.pending = rest.length > 0 ? [rest] : [];
      this.size = rest.length;
    }
  }
}
