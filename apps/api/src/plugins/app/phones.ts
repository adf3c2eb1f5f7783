import type { UserPhone } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Phone } from "../../domain/models.ts";
import { createPhoneVault, type NormalisedPhone, type PhoneVault } from "../../lib/phone-number.ts";
import type { UnitOfWork } from "../../lib/unit-of-work.ts";

/** "encrypted": the old AES flow; "code": get_phonenumber_info. */
export type PhoneSource = "encrypted" | "code";

function toPhone(row: Pick<UserPhone, "masked" | "countryCode" | "verifiedAt">): Phone {
  return { masked: row.masked, countryCode: row.countryCode, verifiedAt: row.verifiedAt };
}

/** The user's phone number: encrypted (context: the user id), a keyed hash, the masked form. */
function createPhones(unit: UnitOfWork, vault: PhoneVault) {
  return {
    async save(
      userId: string,
      phone: NormalisedPhone,
      source: PhoneSource,
      now = new Date(),
    ): Promise<Phone> {
      const fields = {
        phoneCiphertext: vault.seal(phone.e164, userId),
        phoneHash: vault.lookupHash(phone.e164),
        masked: phone.masked,
        countryCode: phone.countryCode,
        source,
        verifiedAt: now,
      };
      // One upsert: two verifications at once cannot both create the row.
      await unit.write((sql) =>
        sql.all(
          'INSERT INTO "UserPhone" ("userId", "phoneCiphertext", "phoneHash", "masked", "countryCode", "source", "verifiedAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("userId") DO UPDATE SET "phoneCiphertext" = excluded."phoneCiphertext", "phoneHash" = excluded."phoneHash", "masked" = excluded."masked", "countryCode" = excluded."countryCode", "source" = excluded."source", "verifiedAt" = excluded."verifiedAt", "updatedAt" = excluded."updatedAt"',
          [
            userId,
            fields.phoneCiphertext,
            fields.phoneHash,
            fields.masked,
            fields.countryCode,
            fields.source,
            fields.verifiedAt,
            new Date(),
          ],
        ),
      );
      return toPhone(fields);
    },

    async find(userId: string): Promise<Phone | null> {
      const [row] = await unit.read<Pick<UserPhone, "masked" | "countryCode" | "verifiedAt">>(
        'SELECT "masked", "countryCode", "verifiedAt" FROM "UserPhone" WHERE "userId" = ?',
        [userId],
        { dates: ["verifiedAt"] },
      );
      return row === undefined ? null : toPhone(row);
    },

    /** The users who verified this number (e.g. "+8613812345678"), without decrypting anything. */
    async usersWith(e164: string): Promise<string[]> {
      const rows = await unit.db.userPhone.findMany({
        where: { phoneHash: vault.lookupHash(e164) },
        select: { userId: true },
      });
      return rows.map((row) => row.userId);
    },
  };
}

export type Phones = ReturnType<typeof createPhones>;

declare module "fastify" {
  interface FastifyInstance {
    phones: Phones;
  }
}

export default fp(
  async function phones(app: FastifyInstance) {
    app.decorate(
      "phones",
      createPhones(app.unitOfWork, createPhoneVault(app.config.phone.encryptionKey)),
    );
  },
  { name: "phones", dependencies: ["config", "db"] },
);
