import type { Profile } from "@tt/contract";
import type { PrismaClient, UserProfile } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/** The fields of tt.getUserProfile that are kept, after their signature and watermark. */
export interface ProfileFields {
  nickname: string;
  avatarUrl: string;
  gender: 0 | 1 | 2;
  city: string;
  province: string;
  country: string;
  language: string;
}

export function toProfileDto(row: UserProfile): Profile {
  return {
    nickname: row.nickname,
    avatarUrl: row.avatarUrl,
    gender: row.gender === 1 || row.gender === 2 ? row.gender : 0,
    city: row.city,
    province: row.province,
    country: row.country,
    language: row.language,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function createProfiles(db: PrismaClient) {
  return {
    async save(userId: string, fields: ProfileFields): Promise<UserProfile> {
      return db.userProfile.upsert({
        where: { userId },
        create: { userId, ...fields },
        update: fields,
      });
    },

    async find(userId: string): Promise<UserProfile | null> {
      return db.userProfile.findUnique({ where: { userId } });
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
    app.decorate("profiles", createProfiles(app.db));
  },
  { name: "profiles", dependencies: ["db"] },
);
