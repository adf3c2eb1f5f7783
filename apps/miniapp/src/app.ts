import type { AppGlobals } from "./app-globals.ts";
import { config } from "./config.ts";
import { createApiClient } from "./services/api-client.ts";
import { createAuth } from "./services/auth.ts";

App<AppGlobals>({
  auth: createAuth(createApiClient(config.apiBaseUrl)),
  onLaunch(options) {
    // biome-ignore lint/suspicious/noConsole: the devtools console is the mini-program's log
    console.info("[app] launch", options.path, options.scene);
  },
});
