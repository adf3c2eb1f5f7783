import type { App } from "../src/app.ts";

/** How many rows each table holds: bad input must leave these unchanged. */
export async function countRows(app: App) {
  const [users, douyinSessions, refreshTokens] = await Promise.all([
    app.db.user.count(),
    app.db.douyinSession.count(),
    app.db.refreshToken.count(),
  ]);
  return { users, douyinSessions, refreshTokens };
}

/** The tables of the user's data routes (/api/me/*): bad input must leave these unchanged too. */
export async function countUserDataRows(app: App) {
  const [profiles, phones, devices, locations, addresses] = await Promise.all([
    app.db.userProfile.count(),
    app.db.userPhone.count(),
    app.db.deviceSnapshot.count(),
    app.db.locationSample.count(),
    app.db.address.count(),
  ]);
  return { profiles, phones, devices, locations, addresses };
}

/** The messaging tables (grants, messages, webhook events), every row: bad input changes none. */
export async function messagingRows(app: App) {
  const [grants, messages, webhookEvents] = await Promise.all([
    app.db.subscriptionGrant.findMany({ orderBy: { id: "asc" } }),
    app.db.message.findMany({ orderBy: { id: "asc" } }),
    app.db.webhookEvent.findMany({ orderBy: { msgId: "asc" } }),
  ]);
  return { grants, messages, webhookEvents };
}
