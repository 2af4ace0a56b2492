let table: Float32Array | undefined;

/** Every IEEE 754 half-precision bit pattern's value (65,536 entries, 256 KB, built on first use). */
function halfTable(): Float32Array {
  if (table) return table;
  table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    table[bits] =
      exponent === 0
        ? sign * fraction * 2 ** -24 // subnormal
        : exponent === 31
          ? fraction
            ? Number.NaN
            : sign * Number.POSITIVE_INFINITY
          : sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return table;
}

/** Half-precision values (as their bit patterns) widened to float32, by table lookup. */
export function halfToFloat(halves: Uint16Array): Float32Array {
  const lookup = halfTable();
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = lookup[halves[i]!]!;
  return out;
}
