// The hand-written limit of each hot route: Fastify, fast-jwt (what @fastify/jwt runs), prepared
// statements and node:crypto doing the reads and writes the API does for that route, with none of
// its layers (schemas, services, ORM, problem pipeline). What the API could reach at best.
import { createCipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import { createSigner, createVerifier } from "fast-jwt";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { type LimitStore, postgresStore, sqliteStore } from "./limit-store.ts";
import { announceListening, readServerOptions } from "./server-options.ts";

const options = readServerOptions();
const store: LimitStore = options.databaseUrl.startsWith("postgresql://")
  ? postgresStore(
      options.databaseUrl.split("?")[0] ?? "",
      new URL(options.databaseUrl).searchParams.get("schema") ?? "public",
    )
  : sqliteStore(options.databaseUrl.replace(/^file:/, ""));
const verify = createVerifier({
  key: options.jwtSecret,
  algorithms: ["HS256"],
  requiredClaims: ["exp", "sub", "sid"],
});
const sign = createSigner({ key: options.jwtSecret, algorithm: "HS256", expiresIn: 900_000 });
const sealKey = Buffer.from(options.sessionKeyEncryptionKey, "base64");
const iso = (value: unknown) =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();

function seal(plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", ...[iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"))].join(".");
}

async function userOf(request: FastifyRequest, reply: FastifyReply): Promise<string | undefined> {
  const header = request.headers.authorization ?? "";
  try {
    const claims = verify(header.replace(/^Bearer /, "")) as { sub: string; sid: string };
    if (await store.sessionOpen(claims.sid)) return claims.sub;
  } catch {}
  reply.code(401).send({ code: "UNAUTHORIZED" });
  return undefined;
}

const userDto = (user: Record<string, unknown>) => ({
  id: user.id,
  appid: user.appid,
  openid: user.openid,
  isGuest: user.openid === null,
  createdAt: iso(user.createdAt),
  lastLoginAt: iso(user.lastLoginAt),
});

const app = Fastify({ logger: false });

app.get("/api/me", async (request, reply) => {
  const userId = await userOf(request, reply);
  if (userId === undefined) return reply;
  const rows = await store.me(userId);
  if (rows.user === undefined) return reply.code(401).send({ code: "UNAUTHORIZED" });
  const { profile, phone, device, location } = rows;
  return {
    user: userDto(rows.user),
    profile: profile && {
      nickname: profile.nickname,
      avatarUrl: profile.avatarUrl,
      gender: profile.gender,
      city: profile.city,
      province: profile.province,
      country: profile.country,
      language: profile.language,
      updatedAt: iso(profile.updatedAt),
    },
    phone: phone && {
      masked: phone.masked,
      countryCode: phone.countryCode,
      verifiedAt: iso(phone.verifiedAt),
    },
    device: device && {
      brand: device.brand,
      model: device.model,
      system: device.system,
      platform: device.platform,
      appName: device.appName,
      version: device.version,
      SDKVersion: device.sdkVersion,
      recordedAt: iso(device.createdAt),
    },
    location: location && {
      latitude: location.latitude,
      longitude: location.longitude,
      coordType: location.coordType,
      recordedAt: iso(location.createdAt),
    },
    grants: rows.grants.map((grant) => ({
      templateId: grant.templateId,
      kind: grant.kind,
      credits: grant.credits,
      active: Boolean(grant.active),
    })),
  };
});

app.put("/api/me/device", async (request, reply) => {
  const userId = await userOf(request, reply);
  if (userId === undefined) return reply;
  const body = request.body as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const key of ["brand", "model", "system", "platform", "appName", "version", "SDKVersion"]) {
    const value = body?.[key];
    if (typeof value !== "string" || value.length > 128) {
      return reply.code(400).send({ code: "VALIDATION_FAILED" });
    }
    fields[key === "SDKVersion" ? "sdkVersion" : key] = value;
  }
  const row = await store.recordDevice({
    userId,
    fields,
    details: JSON.stringify(body),
    historyLimit: 20,
  });
  const { sdkVersion, createdAt, ...rest } = row as Record<string, string>;
  return { ...rest, SDKVersion: sdkVersion, recordedAt: createdAt };
});

app.post("/api/auth/login", async (request, reply) => {
  const code = (request.body as { code?: unknown } | undefined)?.code;
  if (typeof code !== "string" || code === "") {
    return reply.code(400).send({ code: "VALIDATION_FAILED" });
  }
  const answer = await fetch(`${options.emulatorUrl}/api/apps/v2/jscode2session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ appid: options.appid, secret: options.secret, code }),
  });
  const envelope = (await answer.json()) as {
    err_no: number;
    data: { session_key: string; openid: string; unionid?: string };
  };
  if (envelope.err_no !== 0) return reply.code(401).send({ code: "LOGIN_CODE_INVALID" });
  const refreshToken = randomBytes(32).toString("base64url");
  const familyId = randomUUID();
  const user = await store.login({
    appid: options.appid,
    openid: envelope.data.openid,
    unionid: envelope.data.unionid || undefined,
    seal: (userId) => seal(envelope.data.session_key, userId),
    tokenHash: createHash("sha256").update(refreshToken).digest("hex"),
    familyId,
    expiresAt: new Date(Date.now() + 30 * 86_400_000),
  });
  return {
    accessToken: sign({ sub: user.id, sid: familyId }),
    refreshToken,
    expiresIn: 900,
    tokenType: "Bearer",
    user: userDto(user),
  };
});

await app.listen({ host: "127.0.0.1", port: options.port });
announceListening(options.port);
