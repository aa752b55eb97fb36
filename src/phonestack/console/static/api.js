// The console's only data path: the server's own HTTP API (/oauth/token, /v2/..., and the
// documented /_phonestack/ admin endpoints). The token lives in sessionStorage.

const KEY = "phonestack.console.session";
const ADMIN_KEY = "phonestack.console.admin_token";

export const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
  },
  set(value) { sessionStorage.setItem(KEY, JSON.stringify(value)); },
  clear() { sessionStorage.removeItem(KEY); sessionStorage.removeItem(ADMIN_KEY); },
  adminToken() { return sessionStorage.getItem(ADMIN_KEY) || ""; },
  setAdminToken(value) { sessionStorage.setItem(ADMIN_KEY, value); },
};

export class ApiError extends Error {
  constructor(status, body) {
    const text = body && (body.message || body.reason || body.error);
    super(text ? `${text}${body.code !== undefined ? ` (code ${body.code})` : ""}` : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.body = body;
  }
}

let onExpired = () => {};
export function whenExpired(fn) { onExpired = fn; }

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function request(method, url, { query, body, headers = {}, auth = true } = {}) {
  const u = new URL(url, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== "") u.searchParams.set(k, v);
  }
  const h = { ...headers };
  const s = session.get();
  if (auth && s && !h.Authorization) h.Authorization = `Bearer ${s.token}`;
  if (body !== undefined) h["Content-Type"] = "application/json";
  for (let attempt = 0; ; attempt++) {
    // credentials "omit": the token travels in the Authorization header; no cookies, and a 401 of
    // /oauth/token (WWW-Authenticate: Basic) never opens the browser's password prompt.
    const r = await fetch(u, { method, headers: h, credentials: "omit",
                               body: body === undefined ? undefined : JSON.stringify(body) });
    if (r.status === 429 && attempt < 3) { // rate limited: wait as told, then try again
      await sleep(1000 * Math.min(5, Number(r.headers.get("Retry-After")) || 1));
      continue;
    }
    const text = await r.text();
    let data = null;
    if (text) { try { data = JSON.parse(text); } catch { data = { message: text }; } }
    if (r.status === 401 && auth && data && data.code === 124) onExpired(data.message);
    if (!r.ok) throw new ApiError(r.status, data);
    return data;
  }
}

export const v2 = (method, path, opts) => request(method, `/v2${path}`, opts);
export const get = (path, query) => v2("GET", path, { query });

/** Every item of a list operation, following next_page_token (at most maxPages pages). */
export async function all(path, key, query = {}, maxPages = 10) {
  const items = [];
  let token = "", pages = 0, total;
  do {
    const data = await get(path, { page_size: 100, ...query, next_page_token: token || undefined });
    items.push(...(data[key] || []));
    token = data.next_page_token;
    total = data.total_records;
    pages++;
  } while (token && pages < maxPages);
  return { items, more: Boolean(token), total };
}

export function admin(method, path, opts = {}) {
  const token = session.adminToken();
  const headers = token ? { "X-Phonestack-Admin-Token": token } : {};
  return request(method, `/_phonestack/${path}`, { ...opts, headers: { ...headers, ...(opts.headers || {}) } });
}

// --- login -------------------------------------------------------------------------------

export async function loginWithApp(accountId, clientId, clientSecret) {
  const basic = btoa(`${clientId}:${clientSecret}`);
  const data = await request("POST", "/oauth/token", {
    query: { grant_type: "account_credentials", account_id: accountId },
    headers: { Authorization: `Basic ${basic}` }, auth: false,
  });
  session.set({ token: data.access_token, account_id: accountId, mode: "app",
                label: accountId, expires_at: Date.now() + data.expires_in * 1000 });
}

export async function loginWithPassword(password, accountId) {
  const body = { password };
  if (accountId) body.account_id = accountId;
  const data = await request("POST", "/_phonestack/console/login", { body, auth: false });
  session.set({ token: data.access_token, account_id: data.account_id, mode: "password",
                label: data.account_name, expires_at: Date.now() + data.expires_in * 1000 });
}

/** A download or play URL of the API (recordings, voicemails) as this page may load it:
 * same origin, with the token as ?access_token= (an <audio> element sends no header). */
export function fileUrl(url) {
  const u = new URL(url, location.origin);
  const local = new URL(u.pathname + u.search, location.origin);
  local.searchParams.set("access_token", session.get()?.token || "");
  return local.pathname + local.search;
}
