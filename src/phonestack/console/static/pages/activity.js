// API activity: this account's recent requests and rate-limit usage (GET /_phonestack/activity,
// with the account's own token) and its webhook deliveries (GET /_phonestack/webhooks/deliveries).
import { admin, request, session } from "../api.js";
import { fmtTime, h, loading, message, table, tag } from "../ui.js";

const statusTag = (s) => tag(String(s), s >= 500 ? "bad" : s >= 400 ? "warn" : "ok");

export async function render(view) {
  view.append(h("h1", {}, "API activity"));
  const auto = h("input", { type: "checkbox", id: "auto-refresh", checked: true });
  view.append(h("div", { class: "bar" }, h("span", { class: "muted grow" },
    "Requests as this server process saw them (the ring is per process and holds the newest requests of each account)."),
  h("label", { style: "flex-direction:row;align-items:center" }, auto, " refresh every 5 s"),
  h("button", { class: "secondary small", id: "refresh", onclick: () => refresh() }, "Refresh")));
  const cards = h("div", { class: "cards", id: "activity-summary" }, loading());
  const limits = h("div", { class: "panel", id: "rate-limits" }, h("h2", {}, "Rate-limit usage per label"));
  const requests = h("div", { class: "panel", id: "recent-requests" }, h("h2", {}, "Recent requests"));
  const hooks = h("div", { class: "panel", id: "webhook-deliveries" }, h("h2", {}, "Webhook deliveries"));
  view.append(cards, limits, requests, hooks);

  async function refresh() {
    let a;
    try {
      a = await request("GET", "/_phonestack/activity", { query: { limit: 100 } });
    } catch (e) {
      cards.replaceChildren(message("error", e.message));
      return;
    }
    const s = a.summary;
    cards.replaceChildren(
      h("div", { class: "card" }, h("b", {}, s.requests), "requests in the ring"),
      h("div", { class: "card" }, h("b", {}, s.errors), "errors (4xx/5xx)"),
      h("div", { class: "card" }, h("b", {}, s.latency_ms.p50 ?? "—"), "p50 latency, ms"),
      h("div", { class: "card" }, h("b", {}, s.latency_ms.p95 ?? "—"), "p95 latency, ms"),
      h("div", { class: "card" }, h("b", {}, a.process.pid), `process (ring of ${a.process.ring_size})`),
    );
    const rl = a.rate_limits;
    const labels = ["LIGHT", "MEDIUM", "HEAVY", "RESOURCE-INTENSIVE"];
    limits.replaceChildren(h("h2", {}, "Rate-limit usage per label"), ...[
      rl.enabled
        ? table([
          { title: "Label", width: "170px", cell: (l) => l.label },
          { title: "Window", width: "90px", cell: (l) => (l.window_seconds >= 86400 ? "day" : l.window_seconds === 60 ? "minute" : "second") },
          { title: "Used", width: "70px", class: "num", cell: (l) => l.used },
          { title: "Limit", width: "70px", class: "num", cell: (l) => l.limit },
          { title: "Usage", cell: (l) => h("div", { class: "meter", title: `${l.used}/${l.limit}` }, h("span", { style: `width:${Math.min(100, (100 * l.used) / Math.max(1, l.limit))}%` })) },
          { title: "Resets in", width: "90px", class: "num", cell: (l) => `${l.resets_in_seconds.toFixed(1)} s` },
          { title: "Requests seen (1 s / 1 min)", width: "190px", class: "num", cell: (l) => { const b = s.by_label[l.label]; return b ? `${b.last_second} / ${b.last_minute}` : "0 / 0"; } },
        ], rl.labels, { id: "rate-limit-table" })
        : [h("p", { class: "muted" }, `Rate limits are off for this account (plan ${rl.plan}): requests are not throttled. Requests per label from the ring:`),
          table([
            { title: "Label", width: "170px", cell: (l) => l },
            { title: "Last second", class: "num", cell: (l) => s.by_label[l]?.last_second ?? 0 },
            { title: "Last minute", class: "num", cell: (l) => s.by_label[l]?.last_minute ?? 0 },
            { title: "In the ring", class: "num", cell: (l) => s.by_label[l]?.requests ?? 0 },
            { title: "Errors", class: "num", cell: (l) => s.by_label[l]?.errors ?? 0 },
          ], labels, { id: "rate-limit-table" })]].flat());
    requests.replaceChildren(h("h2", {}, `Recent requests (${a.requests.length} newest)`), table([
      { title: "Time", width: "110px", cell: (r) => fmtTime(r.time).slice(11) },
      { title: "Method", width: "64px", cell: (r) => r.method },
      { title: "Path", class: "mono ellipsis", cell: (r) => { const p = `${r.path}${r.query ? `?${r.query}` : ""}`; return h("span", { title: p }, p); } },
      { title: "Operation", width: "290px", class: "ellipsis", cell: (r) => h("span", { title: r.operation_id }, r.operation_id) },
      { title: "Label", width: "90px", cell: (r) => r.label },
      { title: "Status", width: "62px", cell: (r) => statusTag(r.status) },
      { title: "Latency", width: "76px", class: "num", cell: (r) => `${r.latency_ms.toFixed(1)} ms` },
    ], a.requests, { id: "requests-table", empty: "No API request yet from this account in this process." }));
    await deliveries();
  }

  async function deliveries() {
    let d;
    try {
      d = await admin("GET", "webhooks/deliveries", { query: { account_id: session.get().account_id, limit: 50 } });
    } catch (e) {
      const form = h("form", { class: "bar", onsubmit: (ev) => { ev.preventDefault(); session.setAdminToken(ev.target.elements.t.value); deliveries(); } },
        h("label", {}, "Admin token (X-Phonestack-Admin-Token)", h("input", { name: "t", type: "password" })), h("button", { type: "submit" }, "Use"));
      hooks.replaceChildren(h("h2", {}, "Webhook deliveries"), message("error", e.message), ...(e.status === 401 ? [form] : []));
      return;
    }
    hooks.replaceChildren(h("h2", {}, `Webhook deliveries (${d.deliveries.length} newest)`), table([
      { title: "Created", width: "165px", cell: (x) => fmtTime(x.created_at) },
      { title: "Event", cell: (x) => x.event },
      { title: "Status", width: "90px", cell: (x) => tag(x.status, x.status === "delivered" ? "ok" : x.status === "failed" ? "bad" : "warn") },
      { title: "Attempts", width: "75px", class: "num", cell: (x) => x.attempts },
      { title: "HTTP", width: "55px", class: "num", cell: (x) => x.last_status ?? "" },
      { title: "Last error", cell: (x) => x.last_error || "" },
      { title: "Subscription", width: "200px", class: "mono ellipsis", cell: (x) => x.subscription_id },
    ], d.deliveries, { id: "deliveries-table", empty: "No webhook delivery for this account (subscribe with phonestack webhooks create)." }));
  }

  await refresh();
  const timer = setInterval(() => { if (auto.checked && document.visibilityState === "visible") refresh(); }, 5000);
  return () => clearInterval(timer);
}
