// The phone number library on its own (no app): normalising the platform's phone JSON and
// address book telephones, masking, and the keys behind the stored number. The lookup hash is
// pinned: every stored phoneHash was computed this way, and must keep matching.
import { randomBytes } from "node:crypto";
import Fastify from "fastify";
import fp from "fastify-plugin";
import { describe, expect, it } from "vitest";
import {
  createPhoneVault,
  deriveKey,
  keyedHash,
  maskDigits,
  normalisePhone,
  normaliseTelephone,
} from "../src/lib/phone-number.ts";
import phonesPlugin from "../src/plugins/app/phones.ts";

const master = Buffer.from(Array.from({ length: 32 }, (_, i) => 255 - i));

describe("phone number helpers", () => {
  it("masks all but the first 3 and last 4 digits, and more of short numbers", () => {
    expect(maskDigits("13812345678")).toBe("138****5678");
    expect(maskDigits("912345678")).toBe("912**5678");
    expect(maskDigits("12345678")).toBe("123*5678");
    expect(maskDigits("1234567")).toBe("*****67");
    expect(maskDigits("12345")).toBe("***45");
  });

  it("normalises numbers to +<country><national>, refusing what is not one", () => {
    expect(
      normalisePhone({ phoneNumber: "138 1234 5678", purePhoneNumber: "", countryCode: "+86" }),
    ).toEqual({
      countryCode: "86",
      national: "13812345678",
      e164: "+8613812345678",
      masked: "138****5678",
    });
    expect(normalisePhone({ phoneNumber: "+1 (415) 555-0100", countryCode: 1 })?.e164).toBe(
      "+14155550100",
    );
    for (const bad of [
      {},
      { phoneNumber: 13812345678 },
      { phoneNumber: "1234" },
      { phoneNumber: "13812345678", countryCode: "86-1" },
      { phoneNumber: "1234567890123456" },
      { phoneNumber: "+44 20 7946 0000", countryCode: "86" },
    ]) {
      expect(normalisePhone(bad)).toBeUndefined();
    }
  });

  it("reads address book telephones, landlines included", () => {
    expect(normaliseTelephone(" 010-6552  1234 ")).toEqual({
      text: "010-6552 1234",
      canonical: "01065521234",
      masked: "010****1234",
    });
    expect(normaliseTelephone("+86 139 1234 5678")?.canonical).toBe("+8613912345678");
    expect(normaliseTelephone("12-34")).toBeUndefined();
    expect(normaliseTelephone("1".repeat(21))).toBeUndefined();
  });
});

describe("normalisePhone, edge cases", () => {
  it("prefers purePhoneNumber, and falls back to phoneNumber only when it is absent or empty", () => {
    expect(normalisePhone({ purePhoneNumber: "13812345678" })?.e164).toBe("+8613812345678");
    expect(
      normalisePhone({ phoneNumber: "not a number", purePhoneNumber: "13812345678" })?.e164,
    ).toBe("+8613812345678");
    expect(normalisePhone({ phoneNumber: "13812345678", purePhoneNumber: 13900000000 })?.e164).toBe(
      "+8613812345678",
    );
  });

  it("reads a country code with spaces or a leading +, and no other +", () => {
    for (const countryCode of ["852", " 852 ", "+852", " +852", 852]) {
      expect(
        normalisePhone({ purePhoneNumber: "91234567", countryCode }),
        String(countryCode),
      ).toMatchObject({ countryCode: "852", e164: "+85291234567" });
    }
    for (const countryCode of ["85+2", "852+", "++852", "+ 852"]) {
      expect(normalisePhone({ purePhoneNumber: "91234567", countryCode }), countryCode).toBe(
        undefined,
      );
    }
  });

  it("refuses a national number with anything but digits around it", () => {
    for (const purePhoneNumber of [
      "13812345678x",
      "x13812345678",
      "13812345678+",
      "1381234567８",
    ]) {
      expect(normalisePhone({ purePhoneNumber }), purePhoneNumber).toBeUndefined();
    }
  });

  it("takes at most 15 digits with the country code (E.164)", () => {
    expect(normalisePhone({ purePhoneNumber: "1".repeat(13), countryCode: "86" })?.e164).toBe(
      `+86${"1".repeat(13)}`,
    );
    expect(normalisePhone({ purePhoneNumber: "1".repeat(14), countryCode: "86" })).toBeUndefined();
    expect(normalisePhone({ purePhoneNumber: "1".repeat(14), countryCode: "1" })?.e164).toBe(
      `+1${"1".repeat(14)}`,
    );
    expect(
      normalisePhone({ purePhoneNumber: "1".repeat(12), countryCode: "1234" }),
    ).toBeUndefined();
  });
});

describe("normaliseTelephone, edge cases", () => {
  it("refuses text around the number", () => {
    for (const value of ["tel 13812345678", "13812345678 ext", "a12345", "12345a"]) {
      expect(normaliseTelephone(value), value).toBeUndefined();
    }
  });

  it("takes 5 to 20 digits", () => {
    expect(normaliseTelephone("1234")).toBeUndefined();
    expect(normaliseTelephone("12345")).toEqual({
      text: "12345",
      canonical: "12345",
      masked: "***45",
    });
    expect(normaliseTelephone("1".repeat(20))?.canonical).toBe("1".repeat(20));
    expect(normaliseTelephone("1".repeat(21))).toBeUndefined();
  });
});

describe("the keys behind a stored number", () => {
  it("derives a 32-byte key per label with HKDF-SHA256 (pinned)", () => {
    const lookup = deriveKey(master, "phone-lookup/v1");
    expect(lookup.toString("hex")).toBe(
      "f6cdab8bed946ac7076b6a3da19ea63497cf8b2aa10458115e9c1db30e43ecdb",
    );
    expect(deriveKey(master, "phone-lookup/v2").equals(lookup)).toBe(false);
    expect(deriveKey(randomBytes(32), "phone-lookup/v1").equals(lookup)).toBe(false);
  });

  it("hashes with HMAC-SHA256 over the UTF-8 text, in hex (pinned)", () => {
    expect(keyedHash(master, "电话 +86")).toBe(
      "0ace6630bb7599346acc4faffa0d0b7239e6827dd852dd2e7849bfe017263b8c",
    );
  });

  it("looks a number up by a hash under the derived key, never the master key (pinned)", () => {
    const vault = createPhoneVault(master);
    const hash = vault.lookupHash("+8613812345678");
    expect(hash).toBe("d872102a662be266abb53a8d9a7300713d7d2b5ee68909bd29c98b9dcefce3db");
    expect(hash).toBe(keyedHash(deriveKey(master, "phone-lookup/v1"), "+8613812345678"));
    expect(hash).not.toBe(keyedHash(master, "+8613812345678"));
    expect(vault.lookupHash("+8613812345679")).not.toBe(hash);
    expect(createPhoneVault(randomBytes(32)).lookupHash("+8613812345678")).not.toBe(hash);
  });

  it("seals a number for its user only", () => {
    const vault = createPhoneVault(master);
    const sealed = vault.seal("+8613812345678", "user-a");
    expect(sealed).not.toContain("13812345678");
    expect(vault.open(sealed, "user-a")).toBe("+8613812345678");
    expect(() => vault.open(sealed, "user-b")).toThrow();
    // The same key in another process (a restart, another instance) opens it.
    expect(createPhoneVault(master).open(sealed, "user-a")).toBe("+8613812345678");
  });
});

describe("the phones plugin", () => {
  const config = fp(
    async (app) => {
      app.decorate("config", { phone: { encryptionKey: master } } as never);
    },
    { name: "config" },
  );

  it("refuses to load before config and db", async () => {
    const alone = Fastify();
    alone.register(phonesPlugin);
    await expect(alone.ready()).rejects.toThrow(
      "The dependency 'config' of plugin 'phones' is not registered",
    );
    const withConfig = Fastify();
    withConfig.register(config);
    withConfig.register(phonesPlugin);
    await expect(withConfig.ready()).rejects.toThrow(
      "The dependency 'db' of plugin 'phones' is not registered",
    );
  });
});
