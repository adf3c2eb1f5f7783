// What a user would write instead: Express, jsonwebtoken and Prisma, GET /api/me with the same
// checks (token, open session) and the same reads, in the obvious way.
import { databaseLocation, openDatabase } from "@tt/db";
import express from "express";
import jwt from "jsonwebtoken";
import { announceListening, readServerOptions } from "./server-options.ts";

const options = readServerOptions();
const prisma = await openDatabase(databaseLocation(options.databaseUrl, process.cwd()));
const app = express();

app.get("/api/me", async (request, response) => {
  let claims: { sub: string; sid: string };
  try {
    const token = (request.headers.authorization ?? "").replace(/^Bearer /, "");
    claims = jwt.verify(token, options.jwtSecret, { algorithms: ["HS256"] }) as typeof claims;
  } catch {
    response.status(401).json({ code: "UNAUTHORIZED" });
    return;
  }
  const session = await prisma.refreshToken.findFirst({
    where: { familyId: claims.sid, revokedAt: null },
  });
  if (session === null) {
    response.status(401).json({ code: "UNAUTHORIZED" });
    return;
  }
  const user = await prisma.user.findUnique({
    where: { id: claims.sub },
    include: {
      profile: true,
      phone: true,
      devices: { orderBy: { createdAt: "desc" }, take: 1 },
      locations: { orderBy: { createdAt: "desc" }, take: 1 },
      subscriptionGrants: { orderBy: { templateId: "asc" } },
    },
  });
  if (user === null) {
    response.status(401).json({ code: "UNAUTHORIZED" });
    return;
  }
  const device = user.devices[0];
  const location = user.locations[0];
  response.json({
    user: {
      id: user.id,
      appid: user.appid,
      openid: user.openid,
      isGuest: user.openid === null,
      createdAt: user.createdAt,
      lastLoginAt: user.lastLoginAt,
    },
    profile: user.profile,
    phone: user.phone && {
      masked: user.phone.masked,
      countryCode: user.phone.countryCode,
      verifiedAt: user.phone.verifiedAt,
    },
    device: device ?? null,
    location: location ?? null,
    grants: user.subscriptionGrants.map(({ templateId, kind, credits, active }) => ({
      templateId,
      kind,
      credits,
      active,
    })),
  });
});

app.listen(options.port, "127.0.0.1", () => announceListening(options.port));
