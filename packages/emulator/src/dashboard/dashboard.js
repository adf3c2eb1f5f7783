// The emulator's dashboard: a client of its JSON control endpoints (/emulator/…) and of the device
// endpoints a phone would call. Plain JavaScript, no build, nothing loaded from elsewhere.

const REFRESH_MS = 2000;
const MAX_CALL_ROWS = 300;

/** Builds an element; children are nodes or text (always set as text, never as HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const byId = (id) => document.getElementById(id);

function fill(tbodyId, rows, emptyText, columns) {
  const body = byId(tbodyId);
  body.replaceChildren(
    ...(rows.length === 0
      ? [el("tr", {}, el("td", { colspan: columns, class: "muted" }, emptyText))]
      : rows),
  );
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = text;
  }
  if (!response.ok) {
    const message = json?.message ?? json?.errMsg ?? json?.err_tips ?? text;
    throw new Error(`${response.status}: ${message}`);
  }
  return json;
}

function say(id, text, ok = true) {
  const node = byId(id);
  node.textContent = text;
  node.className = `result ${ok ? "ok" : "bad"}`;
}

const time = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false });
const mask = (secret) =>
  secret.length <= 8 ? "•".repeat(secret.length) : `${secret.slice(0, 6)}…${secret.slice(-4)}`;

function lifeLeft(ms) {
  if (ms <= 0) return "0 s";
  const minutes = Math.floor(ms / 60000);
  const seconds = Math.floor((ms % 60000) / 1000);
  return minutes >= 60
    ? `${Math.floor(minutes / 60)} h ${minutes % 60} min`
    : `${minutes} min ${seconds} s`;
}

// ---- state shared by the sections ----
const view = { apps: [], now: Date.now(), device: { appid: "", user: "alice" }, login: undefined };

// ---- clock ----
async function refreshClock() {
  const clock = await api("GET", "/emulator/clock");
  view.now = clock.now;
  byId("clock-now").textContent = new Date(clock.now).toLocaleString([], { hour12: false });
  byId("clock-offset").textContent =
    clock.offsetMs === 0 ? "(real time)" : `(+${lifeLeft(clock.offsetMs)})`;
}

for (const button of document.querySelectorAll("[data-advance]")) {
  button.addEventListener("click", async () => {
    await api("POST", "/emulator/clock", { advanceMs: Number(button.dataset.advance) });
    await refreshAll();
  });
}
byId("clock-reset").addEventListener("click", async () => {
  await api("DELETE", "/emulator/clock");
  await refreshAll();
});

// ---- call log ----
const calls = [];
const knownPaths = new Set();

function callRow(call) {
  const failed = call.status === 0 || call.status >= 400 || (call.errNo ?? 0) !== 0;
  return el(
    "tr",
    { class: failed ? "bad" : undefined },
    el("td", { class: "mono" }, time(call.at)),
    el("td", {}, call.method),
    el("td", { class: "mono" }, call.path),
    el("td", {}, call.status === 0 ? "dropped" : call.status),
    el("td", {}, call.errNo ?? ""),
    el("td", {}, call.durationMs),
  );
}

function renderCalls() {
  const filter = byId("calls-filter").value.trim();
  const shown = calls.filter((call) => call.path.includes(filter)).slice(0, MAX_CALL_ROWS);
  fill("calls-rows", shown.map(callRow), "No platform or device call yet.", 6);
  byId("known-paths").replaceChildren(
    ...[...knownPaths].sort().map((path) => el("option", { value: path })),
  );
}

function addCall(call) {
  calls.unshift(call);
  if (calls.length > MAX_CALL_ROWS * 2) calls.length = MAX_CALL_ROWS * 2;
  knownPaths.add(call.path);
}

async function loadCalls() {
  const { calls: logged } = await api("GET", "/emulator/calls");
  calls.length = 0;
  for (const call of [...logged].reverse()) addCall(call);
  renderCalls();
}

function followCalls() {
  const source = new EventSource("/emulator/calls/stream");
  const live = byId("calls-live");
  source.addEventListener("open", () => live.classList.add("on"));
  source.addEventListener("error", () => live.classList.remove("on"));
  source.addEventListener("call", (event) => {
    addCall(JSON.parse(event.data));
    renderCalls();
    scheduleRefresh();
  });
}
byId("calls-filter").addEventListener("input", renderCalls);

// ---- acting as a device ----
function deviceTarget() {
  const form = byId("login-form");
  return { appid: form.appid.value, user: form.user.value };
}

byId("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  try {
    const login = await api("POST", "/device/login", {
      ...deviceTarget(),
      loggedIn: form.loggedIn.checked,
    });
    view.login = login;
    say(
      "login-result",
      login.isLogin
        ? `code ${login.code} · anonymousCode ${login.anonymousCode}`
        : `not logged in: anonymousCode ${login.anonymousCode}`,
    );
  } catch (error) {
    say("login-result", error.message, false);
  }
});

byId("send-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const login = view.login;
  if (login === undefined) return say("send-result", "Log in first (tt.login).", false);
  const body = {
    ...(login.code === "" ? {} : { code: login.code }),
    anonymousCode: login.anonymousCode,
  };
  try {
    const answer = await api("POST", "/emulator/relay", {
      url: event.currentTarget.url.value,
      body,
    });
    view.login = undefined;
    const ok = answer.status >= 200 && answer.status < 300;
    const detail = ok
      ? `user ${answer.body?.user?.id ?? "?"}`
      : (answer.body?.code ?? answer.error ?? JSON.stringify(answer.body));
    say("send-result", `API answered ${answer.status || "nothing"}: ${detail}`, ok);
  } catch (error) {
    say("send-result", error.message, false);
  }
});

byId("subscribe-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const templateId = form.templateId.value;
  try {
    const answer = await api("POST", "/device/subscribe", {
      ...deviceTarget(),
      tmplIds: [templateId],
      decisions: { [templateId]: form.decision.value },
    });
    say("subscribe-result", `${templateId}: ${answer[templateId] ?? JSON.stringify(answer)}`);
  } catch (error) {
    say("subscribe-result", error.message, false);
  }
});

byId("phone-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const answer = await api("POST", "/device/phone-number", {
      ...deviceTarget(),
      flow: event.currentTarget.flow.value,
    });
    say(
      "phone-result",
      answer.code !== undefined
        ? `code ${answer.code}`
        : `encryptedData ${answer.encryptedData.slice(0, 24)}… iv ${answer.iv}`,
    );
  } catch (error) {
    say("phone-result", error.message, false);
  }
});

// ---- apps ----
/**
 * SHA-256 of the key's DER bytes, as `openssl pkey -pubin -outform DER | sha256sum` prints it
 * (the first 8 bytes shown): compare it with the key file you configured.
 */
async function fingerprint(pem) {
  if (globalThis.crypto?.subtle === undefined || pem === "") return "";
  const base64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const der = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const digest = await crypto.subtle.digest("SHA-256", der);
  return `SHA256 ${[...new Uint8Array(digest)]
    .slice(0, 8)
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join(":")}…`;
}

async function loadApps() {
  const { apps } = await api("GET", "/emulator/apps");
  view.apps = apps;
  const select = byId("device-app");
  select.replaceChildren(...apps.map((app) => el("option", { value: app.appid }, app.appid)));
  renderTemplates();
  const cards = await Promise.all(
    apps.map(async (app) =>
      el(
        "div",
        { class: "message" },
        el("strong", { class: "mono" }, app.appid),
        " · public key ",
        el("code", {}, await fingerprint(app.publicKey ?? "")),
        el(
          "table",
          {},
          el(
            "thead",
            {},
            el("tr", {}, el("th", {}, "Template"), el("th", {}, "Kind"), el("th", {}, "Title")),
          ),
          el(
            "tbody",
            {},
            app.templates.map((template) =>
              el(
                "tr",
                {},
                el("td", { class: "mono" }, template.templateId),
                el("td", {}, template.kind),
                el("td", {}, template.title ?? ""),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  byId("apps-list").replaceChildren(...cards);
}

function renderTemplates() {
  const app = view.apps.find((candidate) => candidate.appid === byId("device-app").value);
  byId("subscribe-template").replaceChildren(
    ...(app?.templates ?? []).map((template) =>
      el("option", { value: template.templateId }, `${template.title ?? ""} (${template.kind})`),
    ),
  );
}
byId("device-app").addEventListener("change", renderTemplates);

// ---- personas and inboxes ----
function grantText(grants) {
  return grants
    .map((grant) =>
      grant.longTerm !== undefined && grant.longTerm !== null
        ? `${grant.templateId.slice(0, 12)}…: ${grant.longTerm}`
        : `${grant.templateId.slice(0, 12)}…: ${grant.oneTime} left`,
    )
    .join(", ");
}

/** Keys revealed on click, per persona, kept shown while the persona's key stays the same. */
const revealed = new Map();
const personaKey = (persona) => `${persona.appid} ${persona.persona}`;

async function reveal(button, persona) {
  const { sessionKey } = await api(
    "GET",
    `/emulator/personas/session-key?appid=${encodeURIComponent(persona.appid)}&user=${encodeURIComponent(persona.persona)}`,
  );
  revealed.set(personaKey(persona), { masked: persona.sessionKey, sessionKey });
  button.replaceWith(el("code", {}, sessionKey));
}

function sessionKeyCell(persona) {
  const known = revealed.get(personaKey(persona));
  if (known !== undefined && known.masked === persona.sessionKey) {
    return el("code", {}, known.sessionKey);
  }
  const button = el("button", { type: "button", class: "quiet" }, persona.sessionKey, " · reveal");
  button.addEventListener("click", () => reveal(button, persona));
  return button;
}

async function refreshPersonas() {
  const { personas } = await api("GET", "/emulator/personas");
  fill(
    "personas-rows",
    personas.map((persona) =>
      el(
        "tr",
        { "data-persona": persona.persona },
        el("td", {}, persona.persona, persona.loggedIn ? "" : " (anonymous)"),
        el("td", { class: "mono" }, persona.appid),
        el("td", { class: "mono" }, persona.openid),
        el("td", { class: "mono" }, persona.unionid),
        el("td", {}, sessionKeyCell(persona)),
        el("td", {}, grantText(persona.grants)),
        el("td", {}, persona.inbox.length),
      ),
    ),
    "Nobody has logged in yet: use tt.login here or in the mini-program.",
    7,
  );
  const withMail = personas.filter((persona) => persona.inbox.length > 0);
  byId("inbox-list").replaceChildren(
    ...(withMail.length === 0
      ? [el("p", { class: "muted" }, "No subscription message delivered yet.")]
      : withMail.flatMap((persona) => [
          el("h3", {}, `${persona.persona} · ${persona.appid}`),
          ...[...persona.inbox].reverse().map((message) =>
            el(
              "div",
              { class: "message", "data-inbox": persona.persona },
              el("span", { class: "mono" }, time(message.at)),
              " ",
              el("code", {}, message.templateId),
              " → ",
              el("span", { class: "mono" }, message.page || "(no page)"),
              el(
                "div",
                {},
                Object.entries(message.data)
                  .map(([key, value]) => `${key}: ${value}`)
                  .join(" · "),
              ),
            ),
          ),
        ])),
  );
}

// ---- codes, tokens, faults, webhooks ----
async function refreshCodes() {
  const { codes } = await api("GET", "/emulator/codes");
  fill(
    "codes-rows",
    codes.map((code) =>
      el(
        "tr",
        {},
        el("td", {}, code.kind),
        el("td", { class: "mono" }, code.code),
        el("td", {}, code.persona),
        el("td", { class: code.state === "unused" ? "ok" : "muted" }, code.state),
        el("td", { class: "mono" }, time(code.expiresAt)),
      ),
    ),
    "No code issued yet.",
    5,
  );
}

async function refreshTokens() {
  const { tokens } = await api("GET", "/emulator/tokens");
  fill(
    "tokens-rows",
    [...tokens]
      .reverse()
      .map((token) =>
        el(
          "tr",
          { "data-token-state": token.state },
          el("td", {}, token.kind),
          el("td", { class: "mono" }, token.appid),
          el("td", { class: "mono" }, mask(token.token)),
          el("td", { class: token.state === "valid" ? "ok" : "bad" }, token.state),
          el("td", {}, token.state === "valid" ? lifeLeft(token.expiresAt - view.now) : "—"),
        ),
      ),
    "No token issued yet: the API fetches one when it first needs it.",
    5,
  );
}

function faultText(rule) {
  return [
    rule.status === undefined ? undefined : `HTTP ${rule.status}`,
    rule.errNo === undefined ? undefined : `err_no ${rule.errNo}`,
    rule.delayMs === undefined ? undefined : `${rule.delayMs} ms late`,
    rule.drop ? "drops" : undefined,
    rule.ratio === undefined ? undefined : `${Math.round(rule.ratio * 100)} % of calls`,
  ]
    .filter(Boolean)
    .join(", ");
}

async function refreshFaults() {
  const { faults } = await api("GET", "/emulator/faults");
  fill(
    "faults-rows",
    faults.map((fault) => {
      const off = el("button", { type: "button", class: "quiet" }, "Switch off");
      off.addEventListener("click", async () => {
        await api("DELETE", `/emulator/faults?path=${encodeURIComponent(fault.path)}`);
        await refreshFaults();
      });
      return el(
        "tr",
        { "data-fault": fault.path },
        el("td", { class: "mono" }, fault.path),
        el("td", {}, faultText(fault)),
        el("td", {}, fault.remaining === null ? "every call" : fault.remaining),
        el("td", {}, off),
      );
    }),
    "No fault: every endpoint answers as Douyin would.",
    4,
  );
}

byId("fault-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const number = (input) => (input.value === "" ? undefined : Number(input.value));
  const rule = {
    path: form.path.value.trim(),
    status: number(form.status),
    errNo: number(form.errNo),
    delayMs: number(form.delayMs),
    times: number(form.times),
    drop: form.drop.checked ? true : undefined,
    ratio: form.ratio.value === "" ? undefined : Number(form.ratio.value) / 100,
  };
  // No count and no share: every call, until switched off.
  if (rule.times === undefined && rule.ratio === undefined) rule.ratio = 1;
  try {
    await api("POST", "/emulator/faults", JSON.parse(JSON.stringify(rule)));
    say("fault-result", `Switched on for ${rule.path}`);
    await refreshFaults();
  } catch (error) {
    say("fault-result", error.message, false);
  }
});

async function refreshWebhooks() {
  const [{ webhooks }, { deliveries }] = await Promise.all([
    api("GET", "/emulator/webhooks"),
    api("GET", "/emulator/webhooks/deliveries"),
  ]);
  fill(
    "webhooks-rows",
    webhooks.map((hook) =>
      el(
        "tr",
        {},
        el("td", { class: "mono" }, hook.appid),
        el("td", { class: "mono" }, hook.url),
        el("td", {}, hook.secret),
      ),
    ),
    "No webhook configured (POST /emulator/webhooks).",
    3,
  );
  fill(
    "deliveries-rows",
    [...deliveries]
      .reverse()
      .map((delivery) =>
        el(
          "tr",
          {},
          el("td", {}, delivery.event),
          el("td", {}, delivery.attempt),
          el(
            "td",
            { class: delivery.status === "delivered" ? "ok" : "bad" },
            delivery.status,
            delivery.httpStatus === undefined ? "" : ` (${delivery.httpStatus})`,
            delivery.error === undefined ? "" : ` ${delivery.error}`,
          ),
          el("td", { class: "mono" }, time(delivery.at)),
        ),
      ),
    "No delivery yet.",
    4,
  );
}

// ---- refreshing ----
let refreshTimer;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refreshAll, 150);
}

async function refreshAll() {
  clearTimeout(refreshTimer);
  try {
    await refreshClock();
    await Promise.all([
      refreshPersonas(),
      refreshCodes(),
      refreshTokens(),
      refreshFaults(),
      refreshWebhooks(),
    ]);
    document.body.dataset.refreshedAt = String(Date.now());
  } catch (error) {
    console.warn("dashboard refresh failed:", error.message);
  }
  refreshTimer = setTimeout(refreshAll, REFRESH_MS);
}

byId("reset").addEventListener("click", async () => {
  if (!confirm("Forget every code, session, token, grant, message, fault and call?")) return;
  await api("POST", "/emulator/reset");
  await loadCalls();
  await refreshAll();
});

await loadApps();
await loadCalls();
followCalls();
await refreshAll();
document.body.dataset.ready = "true";
