import type { AddressReport } from "@tt/contract";
import type { Address as AddressRow } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import type { Address } from "../../domain/models.ts";
import { arrivalTime } from "../../lib/known-fields.ts";
import {
  createPhoneVault,
  deriveKey,
  keyedHash,
  normaliseTelephone,
  type PhoneVault,
} from "../../lib/phone-number.ts";
import type { UnitOfWork } from "../../lib/unit-of-work.ts";

/** Distinct addresses kept per user; beyond it the least recently used one is dropped. */
export const addressBookLimit = 20;

/** Trimmed, inner whitespace (also full-width spaces) collapsed to one space. */
export function normaliseText(value: string): string {
  return value.trim().replace(/\s+/gu, " ");
}

function toAddress(row: AddressRow): Address {
  return {
    id: row.id,
    userName: row.userName,
    provinceName: row.provinceName,
    cityName: row.cityName,
    countyName: row.countyName,
    detailInfo: row.detailInfo,
    ...(row.postalCode === null ? {} : { postalCode: row.postalCode }),
    telMasked: row.telMasked,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
  };
}

const mostRecentlyUsed = [{ lastUsedAt: "desc" as const }, { id: "desc" as const }];

/**
 * The address book from tt.chooseAddress. One row per distinct address: the fingerprint is an
 * HMAC (key derived from PHONE_ENCRYPTION_KEY) of the normalised fields, so equal addresses meet
 * and the column reveals nothing. The telephone is encrypted (context "address:<userId>") and
 * shown masked.
 */
function createAddressBook(unit: UnitOfWork, vault: PhoneVault, fingerprintKey: Buffer) {
  return {
    /** Adds the address, or marks an equal one as just used; answers the book. */
    async remember(userId: string, report: AddressReport, now = new Date()): Promise<Address[]> {
      const tel = normaliseTelephone(report.telNumber);
      if (tel === undefined) {
        throw new DomainError(ProblemCode.ValidationFailed, "telNumber is not a phone number", {
          errors: [{ path: "body.telNumber", message: "must hold 5 to 20 digits" }],
        });
      }
      const fields = {
        userName: normaliseText(report.userName),
        provinceName: normaliseText(report.provinceName),
        cityName: normaliseText(report.cityName),
        countyName: normaliseText(report.countyName),
        detailInfo: normaliseText(report.detailInfo),
        postalCode:
          report.postalCode === undefined || normaliseText(report.postalCode) === ""
            ? null
            : normaliseText(report.postalCode),
      };
      const fingerprint = keyedHash(
        fingerprintKey,
        JSON.stringify([
          fields.userName,
          fields.provinceName,
          fields.cityName,
          fields.countyName,
          fields.detailInfo,
          fields.postalCode ?? "",
          tel.canonical,
        ]),
      );
      return unit.run(async () => {
        const tx = unit.db;
        await unit.lockUser(userId);
        const previous = await tx.address.findFirst({
          where: { userId },
          orderBy: mostRecentlyUsed,
          select: { lastUsedAt: true },
        });
        const usedAt = arrivalTime(previous?.lastUsedAt, now);
        await tx.address.upsert({
          where: { userId_fingerprint: { userId, fingerprint } },
          update: { lastUsedAt: usedAt },
          create: {
            userId,
            fingerprint,
            ...fields,
            telCiphertext: vault.seal(tel.text, `address:${userId}`),
            telMasked: tel.masked,
            createdAt: usedAt,
            lastUsedAt: usedAt,
          },
        });
        const dropped = await tx.address.findMany({
          where: { userId },
          orderBy: mostRecentlyUsed,
          skip: addressBookLimit,
          select: { id: true },
        });
        if (dropped.length > 0) {
          await tx.address.deleteMany({ where: { id: { in: dropped.map((row) => row.id) } } });
        }
        const rows = await tx.address.findMany({ where: { userId }, orderBy: mostRecentlyUsed });
        return rows.map(toAddress);
      });
    },

    async list(userId: string): Promise<Address[]> {
      const rows = await unit.db.address.findMany({ where: { userId }, orderBy: mostRecentlyUsed });
      return rows.map(toAddress);
    },
  };
}

export type AddressBook = ReturnType<typeof createAddressBook>;

declare module "fastify" {
  interface FastifyInstance {
    /** (`addresses` is Fastify's own: the server's listening addresses.) */
    addressBook: AddressBook;
  }
}

export default fp(
  async function addressBook(app: FastifyInstance) {
    const key = app.config.phone.encryptionKey;
    app.decorate(
      "addressBook",
      createAddressBook(
        app.unitOfWork,
        createPhoneVault(key),
        deriveKey(key, "address-fingerprint/v1"),
      ),
    );
  },
  { name: "address-book", dependencies: ["config", "db"] },
);
