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
