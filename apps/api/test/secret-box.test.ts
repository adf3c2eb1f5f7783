// The secret box on its own (no app): AES-256-GCM under a 32-byte key, bound to its row's id,
// stored as "v1.<iv>.<tag>.<body>". What it sealed in an earlier release must keep opening; a
// value in any other shape, for another row or under another key must never open.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox } from "../src/lib/secret-box.ts";

const fixedKey = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
/** Sealed for "user-1" under fixedKey by the v1 format (IV 07…07): a row as stored. */
const storedV1 = "v1.BwcHBwcHBwcHBwcH.Pgzzu-4RSGvmxPcxm8MmuQ.fA_VLwZgudmt-GqtQ_g";

describe("createSecretBox", () => {
  it.each([0, 16, 31, 33, 64])("refuses a key of %i bytes", (length) => {
    expect(() => createSecretBox(randomBytes(length))).toThrow(
      new Error("secret box key must be 32 bytes"),
    );
  });

  it("opens what it sealed, for the same row, whatever the text", () => {
    const box = createSecretBox(randomBytes(32));
    for (const plaintext of ["kFh7Y0Yx2bH5l9aV1n3Q8w==", "密钥 é ✓", ""]) {
      expect(box.open(box.seal(plaintext, "user-1"), "user-1")).toBe(plaintext);
    }
  });

  it('seals as "v1.<iv>.<tag>.<body>" with a fresh 12-byte IV each time', () => {
    const box = createSecretBox(randomBytes(32));
    const first = box.seal("session-key", "user-1");
    const second = box.seal("session-key", "user-1");
    expect(first).not.toBe(second);
    const [tag, iv, authTag, body, ...rest] = first.split(".");
    expect(tag).toBe("v1");
    expect(rest).toEqual([]);
    expect(Buffer.from(iv ?? "", "base64url")).toHaveLength(12);
    expect(Buffer.from(authTag ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(body ?? "", "base64url")).toHaveLength("session-key".length);
    expect(first).not.toContain("session-key");
    expect(iv).not.toBe(second.split(".")[1]);
  });

  it("opens a value stored by an earlier release (the v1 format is stable)", () => {
    expect(createSecretBox(fixedKey).open(storedV1, "user-1")).toBe("session-key-é");
  });

  it("does not open a value for another row, under another key, or tampered with", () => {
    const box = createSecretBox(fixedKey);
    expect(() => box.open(storedV1, "user-2")).toThrow();
    expect(() => box.open(storedV1, "")).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(storedV1, "user-1")).toThrow();
    const [tag, iv, authTag, body] = storedV1.split(".") as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, "base64url");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString("base64url");
    };
    for (const tampered of [
      [tag, flip(iv), authTag, body],
      [tag, iv, flip(authTag), body],
      [tag, iv, authTag, flip(body)],
    ]) {
      expect(() => box.open(tampered.join("."), "user-1")).toThrow();
    }
  });

  it("refuses any other shape as an unknown format, before decrypting", () => {
    const box = createSecretBox(fixedKey);
    const [, iv, authTag, body] = storedV1.split(".") as [string, string, string, string];
    for (const sealed of [
      // A valid ciphertext under another version tag: a future format is not read as v1.
      `v2.${iv}.${authTag}.${body}`,
      `.${iv}.${authTag}.${body}`,
      `${iv}.${authTag}.${body}`,
      `v1..${authTag}.${body}`,
      `v1.${iv}..${body}`,
      `v1.${iv}.${authTag}`,
      "v1",
      "",
    ]) {
      expect(() => box.open(sealed, "user-1"), sealed).toThrow(
        new Error("sealed value has an unknown format"),
      );
    }
    // An empty body is a sealed empty string, not a missing part.
    expect(box.open(box.seal("", "user-1"), "user-1")).toBe("");
  });
});
