/**
 * Typed arrays in SharedArrayBuffers: what a process loads once (the built-in model, the BPE tables) and hands to
 * its analysis workers, which read it without a copy of their own.
 */
export type ShareableArray = Int32Array | Uint32Array | Uint16Array | Float32Array;

/** The array itself when it already lives in shared memory, else a copy that does. */
export function inSharedMemory<T extends ShareableArray>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Type = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Type(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

/** A zeroed Int32Array in shared memory. */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}
