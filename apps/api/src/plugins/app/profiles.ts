import type { UserProfile } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Profile } from "../../domain/models.ts";
import type { UnitOfWork } from "../../lib/unit-of-work.ts";

/** The fields of tt.getUserProfile that are kept, after their signature and watermark. */
export type ProfileFields = Omit<Profile, "updatedAt">;

function toProfile(row: Omit<UserProfile, "userId">): Profile {
  return {
    nickname: row.nickname,
    avatarUrl: row.avatarUrl,
    gender: row.gender === 1 || row.gender === 2 ? row.gender : 0,
    city: row.city,
    province: row.province,
    country: row.country,
    language: row.language,
    updatedAt: row.updatedAt,
  };
}

function createProfiles(unit: UnitOfWork) {
  return {
    async save(userId: string, fields: ProfileFields): Promise<Profile> {
      // One upsert: two saves at once cannot both create the row.
      const updatedAt = new Date();
      await unit.write((sql) =>
        sql.all(
          'INSERT INTO "UserProfile" ("userId", "nickname", "avatarUrl", "gender", "city", "province", "country", "language", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("userId") DO UPDATE SET "nickname" = excluded."nickname", "avatarUrl" = excluded."avatarUrl", "gender" = excluded."gender", "city" = excluded."city", "province" = excluded."province", "country" = excluded."country", "language" = excluded."language", "updatedAt" = excluded."updatedAt"',
          [
            userId,
            fields.nickname,
            fields.avatarUrl,
            fields.gender,
            fields.city,
            fields.province,
            fields.country,
            fields.language,
            updatedAt,
          ],
        ),
      );
      return toProfile({ ...fields, updatedAt });
    },

    async find(userId: string): Promise<Profile | null> {
      const [row] = await unit.read<Omit<UserProfile, "userId">>(
        'SELECT "nickname", "avatarUrl", "gender", "city", "province", "country", "language", "updatedAt" FROM "UserProfile" WHERE "userId" = ?',
        [userId],
        { dates: ["updatedAt"] },
      );
      return row === undefined ? null : toProfile(row);
    },
  };
}

export type Profiles = ReturnType<typeof createProfiles>;

declare module "fastify" {
  interface FastifyInstance {
    profiles: Profiles;
  }
}

export default fp(
  async function profiles(app: FastifyInstance) {
    app.decorate("profiles", createProfiles(app.unitOfWork));
  },
  { name: "profiles", dependencies: ["db"] },
);
