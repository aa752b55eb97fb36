// The console's shell: login, logout, hash routing to the pages.
import { loginWithApp, loginWithPassword, session, whenExpired } from "./api.js";
import { h, message } from "./ui.js";
import * as inventory from "./pages/inventory.js";
import * as directory from "./pages/directory.js";
import * as calls from "./pages/calls.js";
import * as activity from "./pages/activity.js";

const $ = (id) => document.getElementById(id);
const ROUTES = {
  inventory: inventory.render,
  sites: directory.render,
  users: directory.render,
  queues: directory.render,
  receptionists: directory.render,
  "common-areas": directory.render,
  "shared-lines": directory.render,
  calls: calls.render,
  activity: activity.render,
};
let cleanup = null; // a page's timer, stopped when the page changes

function showLogin(error) {
  $("top").hidden = true;
  $("view").replaceChildren();
  $("login").hidden = false;
  const box = $("login-error");
  box.hidden = !error;
  box.textContent = error || "";
}

function showApp() {
  const s = session.get();
  $("login").hidden = true;
  $("top").hidden = false;
  $("who").textContent = `${s.label || s.account_id} · ${s.mode === "password" ? "admin password" : "app"}`;
  $("who").title = `account ${s.account_id}`;
}

// #view's data-rendered names the hash whose page has finished rendering: what end-to-end tests
// wait on after a navigation (until then the previous page may still be on screen).
async function route() {
  const hash = location.hash;
  const view = $("view");
  delete view.dataset.rendered;
  try {
    await show();
  } finally {
    if (location.hash === hash) view.dataset.rendered = hash;  // not if another route took over
  }
}

async function show() {
  if (cleanup) { cleanup(); cleanup = null; }
  const s = session.get();
  if (!s || !s.token || (s.expires_at && s.expires_at < Date.now())) {
    if (s) session.clear();
    showLogin(s ? "The session expired: sign in again." : "");
    return;
  }
  showApp();
  const parts = (location.hash.replace(/^#\/?/, "") || "inventory").split("?")[0].split("/").map(decodeURIComponent);
  const [page, ...rest] = parts;
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const render = ROUTES[page];
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.page === page);
  const view = $("view");
  if (!render) { view.replaceChildren(message("error", `No page ${page}.`)); return; }
  view.dataset.page = page;
  view.replaceChildren();
  try {
    cleanup = (await render(view, { page, rest, params })) || null;
  } catch (e) {
    view.append(message("error", e.message));
  }
}

function selectTab(which) {
  $("tab-app").setAttribute("aria-selected", String(which === "app"));
  $("tab-password").setAttribute("aria-selected", String(which === "password"));
  $("login-app").hidden = which !== "app";
  $("login-password").hidden = which !== "password";
  $("login-error").hidden = true;
}

async function submit(event, fn) {
  event.preventDefault();
  const button = event.target.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await fn();
    event.target.reset();
    if (!location.hash || location.hash === "#") location.hash = "#/inventory";
    else await route();
  } catch (e) {
    showLogin(e.message);
  } finally {
    button.disabled = false;
  }
}

function init() {
  $("tab-app").addEventListener("click", () => selectTab("app"));
  $("tab-password").addEventListener("click", () => selectTab("password"));
  $("login-app").addEventListener("submit", (e) => submit(e, () =>
    loginWithApp($("account_id").value.trim(), $("client_id").value.trim(), $("client_secret").value)));
  $("login-password").addEventListener("submit", (e) => submit(e, () =>
    loginWithPassword($("console_password").value, $("password_account_id").value.trim())));
  $("logout").addEventListener("click", () => {
    session.clear();
    if (cleanup) { cleanup(); cleanup = null; }
    history.replaceState(null, "", "#/inventory");
    showLogin("");
  });
  whenExpired((why) => { session.clear(); showLogin(`Signed out: ${why}`); });
  window.addEventListener("hashchange", route);
  route();
}

init();
export { h };
