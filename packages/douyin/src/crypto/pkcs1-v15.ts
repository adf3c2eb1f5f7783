/** PKCS#1 v1.5 needs at least 8 random non-zero padding bytes (RFC 8017, 7.2.2). */
const MIN_PADDING_BYTES = 8;

/**
 * Removes the PKCS#1 v1.5 encryption padding from a raw RSA block: `00 02 PS 00 M`, PS being at
 * least 8 non-zero bytes. Returns undefined when the structure is wrong.
 *
 * The whole block is scanned whatever it holds, and the verdict is folded into one flag with
 * arithmetic instead of early returns, so the time taken does not reveal where the structure
 * broke (that is the Bleichenbacher padding oracle). JavaScript gives no hard guarantee, hence
 * "constant-time-ish"; the one branch left is on the final verdict.
 */
export function removePkcs1v15Padding(block: Uint8Array): Uint8Array | undefined {
  // Stryker disable next-line ConditionalExpression,ArithmeticOperator: equivalent below 11 bytes, the separator check (separator >= 10) refuses every shorter block too; this is an early exit on the public length
  if (block.length < MIN_PADDING_BYTES + 3) return undefined; // length is public
  let bad = isNonZero(block[0] as number) | isNonZero((block[1] as number) ^ 0x02);
  let separator = 0; // index of the first zero byte after the header, 0 while not found
  let found = 0;
  for (let i = 2; i < block.length; i += 1) {
    const zero = isNonZero(block[i] as number) ^ 1;
    const first = zero & (found ^ 1);
    separator |= -first & i; // -1 & i === i, 0 & i === 0
    found |= zero;
  }
  bad |= found ^ 1;
  // The separator must come after at least 8 padding bytes: separator >= 2 + 8.
  bad |= ((separator - (2 + MIN_PADDING_BYTES)) >>> 31) & 1;
  if (bad !== 0) return undefined;
  return block.subarray(separator + 1);
}

/** 1 when the byte is not 0, else 0 (no branch). */
function isNonZero(byte: number): number {
  return (-byte >>> 31) & 1;
}
