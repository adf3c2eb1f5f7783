const AES_BLOCK = 16;

/**
 * Removes PKCS#7 padding (Java's "PKCS5Padding" is the same for AES): the last byte n is 1..16
 * and the last n bytes all equal n. Returns undefined when the padding is wrong.
 * The check looks at all 16 last bytes whatever n is, and folds the result into one flag, so its
 * time does not tell where the padding went wrong (a padding oracle needs that). JavaScript gives
 * no hard guarantee: this is "constant-time-ish".
 */
export function removePkcs7Padding(plain: Buffer): Buffer | undefined {
  if (plain.length === 0 || plain.length % AES_BLOCK !== 0) return undefined;
  const n = plain[plain.length - 1] as number;
  // bad = 1 when n is 0 or above 16, computed without branching on n.
  let bad = isZero(n) | (((AES_BLOCK - n) >>> 31) & 1);
  for (let i = 1; i <= AES_BLOCK; i += 1) {
    const byte = plain[plain.length - i] as number;
    // Inside the padding (i <= n) a byte must equal n; outside it anything goes.
    const inside = ((n - i) >>> 31) ^ 1;
    bad |= inside & (isZero(byte ^ n) ^ 1);
  }
  if (bad !== 0) return undefined;
  return plain.subarray(0, plain.length - n);
}

/** 1 when the byte is 0, else 0. */
function isZero(byte: number): number {
  return ((byte - 1) >>> 31) & 1;
}
