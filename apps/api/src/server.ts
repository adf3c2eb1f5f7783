import closeWithGrace from "close-with-grace";
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { developmentAdminKeyNotice } from "./plugins/app/admin-auth.ts";

function configOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
}

const config = configOrExit();
const app = await buildApp(config);

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, "closing after an error");
  else app.log.info({ signal }, "closing");
  await app.close();
});

await app.listen({ host: config.host, port: config.port });

// The admin key is a secret: printed once, to stderr, in development only; never logged.
if (config.nodeEnv === "development" && config.adminApiKey !== undefined) {
  console.error(developmentAdminKeyNotice(config.adminApiKey, config.adminApiKeySource));
}
