// Call activity: calls per day by result (call history), queue service level (call queue
// analytics), recent calls and recordings that play in the page.
import { all, fileUrl, get } from "../api.js";
import { hbars, PALETTE, stackedColumns } from "../chart.js";
import { extLink } from "../model.js";
import { fmtDuration, fmtTime, h, link, loading, message, select, table, tag } from "../ui.js";

const MAX_PAGES = 30; // call history pages read for the chart (100 calls each)
const RESULT_ORDER = ["answered", "connected", "voicemail", "overflowed", "no_answer", "missed", "abandoned", "busy", "hang_up", "canceled", "rejected", "blocked", "system_blocked"];
const RESULT_COLORS = { answered: "#16a34a", connected: "#22c55e", voicemail: "#6366f1", overflowed: "#0ea5e9", no_answer: "#f59e0b",
  missed: "#dc2626", abandoned: "#b91c1c", busy: "#a855f7", hang_up: "#ec4899", canceled: "#64748b", rejected: "#7c2d12",
  blocked: "#111827", system_blocked: "#374151" };

const iso = (d) => d.toISOString().slice(0, 10);

export async function render(view, { params }) {
  const days = Number(params.get("days") || 14);
  view.append(h("h1", {}, "Call activity"),
    h("div", { class: "bar" }, h("label", {}, "Period",
      select("days", [7, 14, 30].map((d) => ({ value: String(d), label: `Last ${d} days` })), String(days), {
        id: "calls-days", onchange: (e) => { location.hash = `#/calls?days=${e.target.value}`; },
      }))));
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86400_000);
  const range = { from: iso(from), to: iso(to) };
  const chartBox = h("div", { class: "panel", id: "calls-chart" }, h("h2", {}, "Calls per day by result"), loading());
  const queueBox = h("div", { class: "panel", id: "queue-service" }, h("h2", {}, "Call queue service level"), loading());
  const player = h("audio", { id: "player", controls: true, preload: "metadata" });
  const playing = h("span", { class: "muted", id: "now-playing" }, "Choose a recording below.");
  const recentBox = h("div", { class: "panel", id: "recent-calls" }, h("h2", {}, "Recent calls"), h("div", { class: "bar" }, player, playing), loading());
  view.append(chartBox, queueBox, recentBox);

  const play = (rec, who) => {
    player.src = fileUrl(rec.download_url);
    playing.textContent = `${who} · ${fmtTime(rec.date_time)} · ${fmtDuration(rec.duration)}`;
    player.play().catch(() => {}); // a page may not be allowed to start sound: the controls are there
  };

  const [history, queues, recordings] = await Promise.all([
    all("/phone/call_history", "call_history", range, MAX_PAGES).catch((e) => e),
    all("/phone/call_queue_analytics", "call_queues", range, 5).catch((e) => e),
    get("/phone/recordings", { ...range, page_size: 100 }).catch((e) => e),
  ]);

  // calls per day by result
  chartBox.lastChild.remove();
  if (history instanceof Error) chartBox.append(message("error", history.message));
  else {
    const dates = [];
    for (let d = new Date(from); iso(d) <= range.to; d = new Date(d.getTime() + 86400_000)) dates.push(iso(d));
    const counts = {};
    for (const c of history.items) {
      const day = (c.start_time || "").slice(0, 10);
      const r = c.call_result || "unknown";
      (counts[r] ||= {})[day] = (counts[r][day] || 0) + 1;
    }
    const results = Object.keys(counts).sort((a, b) => (RESULT_ORDER.indexOf(a) + 1 || 99) - (RESULT_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
    const series = results.map((r, i) => ({ name: r, color: RESULT_COLORS[r] || PALETTE[i % PALETTE.length], values: dates.map((d) => counts[r][d] || 0) }));
    chartBox.append(
      h("div", { class: "legend" }, series.map((s) => h("span", {}, h("i", { style: `background:${s.color}` }), `${s.name} (${s.values.reduce((a, b) => a + b, 0)})`))),
      stackedColumns(dates.map((d) => d.slice(5)), series, { title: "Calls per day by result", width: 1300, height: 250 }),
      h("p", { class: "muted" }, `${history.items.length} calls${history.total != null ? ` of ${history.total}` : ""} from ${range.from} to ${range.to}`
        + (history.more ? ` (the newest ${MAX_PAGES * 100} are charted)` : "") + " · GET /phone/call_history"),
    );
  }

  // queue service level: completed / inbound calls per queue
  queueBox.lastChild.remove();
  if (queues instanceof Error) queueBox.append(message("error", queues.message));
  else {
    const rows = queues.items.map((q) => ({ ...q, level: q.inbound_calls ? q.completed_calls / q.inbound_calls : null }));
    queueBox.append(
      hbars(rows.map((q) => ({ label: q.call_queue_name, value: q.level,
        text: q.level == null ? "no calls" : `${Math.round(q.level * 100)}%` })), { target: 0.8, title: "Answered share of inbound calls" }),
      table([
        { title: "Queue", cell: (q) => link(extLink("callQueue", q.call_queue_id), q.call_queue_name) },
        { title: "Site", width: "130px", cell: (q) => q.site_name },
        { title: "Inbound", width: "80px", class: "num", cell: (q) => q.inbound_calls },
        { title: "Answered", width: "80px", class: "num", cell: (q) => q.completed_calls },
        { title: "Abandoned", width: "95px", class: "num", cell: (q) => q.abandoned_calls },
        { title: "Overflowed", width: "95px", class: "num", cell: (q) => q.overflowed_calls },
        { title: "Service level", width: "105px", class: "num", cell: (q) => (q.level == null ? "—" : `${Math.round(q.level * 100)}%`) },
        { title: "Avg wait", width: "80px", class: "num", cell: (q) => fmtDuration(q.avg_in_queue_wait_time) },
        { title: "Max wait", width: "80px", class: "num", cell: (q) => fmtDuration(q.max_in_queue_wait_time) },
        { title: "Avg handle", width: "95px", class: "num", cell: (q) => fmtDuration(q.avg_handle_time) },
      ], rows, { id: "queues-table", empty: "No call queues." }),
      h("p", { class: "muted" }, "Service level: answered calls over inbound calls of the period · GET /phone/call_queue_analytics"),
    );
  }

  // recent calls, with their recordings
  recentBox.lastChild.remove();
  if (history instanceof Error) { recentBox.append(message("error", history.message)); return null; }
  const byCall = new Map();
  if (!(recordings instanceof Error)) for (const r of recordings.recordings || []) if (!byCall.has(r.call_id)) byCall.set(r.call_id, r);
  const party = (name, ext, type, id, number) => (id && extLink(type, id) ? link(extLink(type, id), `${name}${ext ? ` · ${ext}` : ""}`) : `${name || ""} ${number || ""}`);
  const recent = history.items.slice(0, 25);
  recentBox.append(table([
    { title: "Start", width: "165px", cell: (c) => fmtTime(c.start_time) },
    { title: "Direction", width: "80px", cell: (c) => c.direction },
    { title: "From", cell: (c) => party(c.caller_name, c.caller_ext_number, c.caller_ext_type, c.caller_ext_id, c.caller_did_number) },
    { title: "To", cell: (c) => party(c.callee_name, c.callee_ext_number, c.callee_ext_type, c.callee_ext_id, c.callee_did_number) },
    { title: "Result", width: "100px", cell: (c) => tag(c.call_result, c.call_result === "answered" ? "ok" : ["missed", "abandoned", "no_answer"].includes(c.call_result) ? "bad" : "") },
    { title: "Duration", width: "80px", class: "num", cell: (c) => fmtDuration(c.duration) },
    { title: "Recording", width: "90px", cell: (c) => {
      const rec = byCall.get(c.call_id);
      return rec ? h("button", { class: "small play", onclick: () => play(rec, `${c.caller_name} → ${c.callee_name}`) }, "▶ Play") : h("span", { class: "muted" }, "—");
    } },
  ], recent, { id: "calls-table", empty: "No calls in this period. Try `phonestack simulate`." }));
  if (!(recordings instanceof Error)) {
    const recs = (recordings.recordings || []).slice(0, 10);
    recentBox.append(h("h3", {}, `Newest recordings (${recordings.total_records ?? recs.length} in the period)`), table([
      { title: "When", width: "165px", cell: (r) => fmtTime(r.date_time) },
      { title: "Owner", cell: (r) => party(r.owner?.name, r.owner?.extension_number, r.owner?.type, r.owner?.id) },
      { title: "Caller", cell: (r) => r.caller_name },
      { title: "Callee", cell: (r) => r.callee_name },
      { title: "Duration", width: "80px", class: "num", cell: (r) => fmtDuration(r.duration) },
      { title: "", width: "90px", cell: (r) => h("button", { class: "small play", onclick: () => play(r, `${r.caller_name} → ${r.callee_name}`) }, "▶ Play") },
    ], recs, { id: "recordings-table", empty: "No recordings in this period." }));
  }
  return () => { player.pause(); };
}
