// Sites, users, call queues, auto receptionists, common areas and shared line groups: lists and
// detail pages with their numbers, extensions, members, and links between them.
import { all, get } from "../api.js";
import { cached, extLink, sites } from "../model.js";
import { h, link, loading, message, props, table, tag } from "../ui.js";

const enc = encodeURIComponent;
const numbers = (list) => (list || []).length
  ? (list || []).map((n, i) => [i ? ", " : "", link(`#/inventory?keyword=${enc(n.number)}`, n.number)])
  : h("span", { class: "muted" }, "—");
const siteLink = (s) => (s && s.id ? link(`#/sites/${enc(s.id)}`, s.name) : "—");
const extRef = (type, id, name, ext) => {
  const href = extLink(type, id);
  const label = `${name || id}${ext ? ` · ${ext}` : ""}`;
  return href ? link(href, label) : label;
};

const PAGES = {
  sites: {
    title: "Sites", list: "/phone/sites", key: "sites",
    columns: [
      { title: "Name", cell: (r) => link(`#/sites/${enc(r.id)}`, r.name) },
      { title: "Country", width: "160px", cell: (r) => r.country?.name || "" },
      { title: "Site code", width: "90px", class: "num", cell: (r) => r.site_code ?? "" },
      { title: "Main auto receptionist", cell: (r) => (r.main_auto_receptionist ? extRef("autoReceptionist", r.main_auto_receptionist.id, r.main_auto_receptionist.name, r.main_auto_receptionist.extension_number) : "—") },
    ],
  },
  users: {
    title: "Users", list: "/phone/users", key: "users", search: "keyword",
    columns: [
      { title: "Name", cell: (r) => link(`#/users/${enc(r.id)}`, r.name) },
      { title: "Email", cell: (r) => r.email },
      { title: "Ext.", width: "60px", cell: (r) => r.extension_number ?? "" },
      { title: "Site", width: "130px", cell: (r) => siteLink(r.site) },
      { title: "Numbers", cell: (r) => numbers(r.phone_numbers) },
      { title: "Calling plans", cell: (r) => (r.calling_plans || []).map((p) => p.name).join(", ") },
      { title: "Status", width: "90px", cell: (r) => tag(r.status, r.status === "activate" ? "ok" : "warn") },
    ],
  },
  queues: {
    title: "Call queues", list: "/phone/call_queues", key: "call_queues",
    columns: [
      { title: "Name", cell: (r) => link(`#/queues/${enc(r.id)}`, r.name) },
      { title: "Ext.", width: "60px", cell: (r) => r.extension_number ?? "" },
      { title: "Site", width: "150px", cell: (r) => siteLink(r.site) },
      { title: "Numbers", cell: (r) => numbers(r.phone_numbers) },
      { title: "Status", width: "90px", cell: (r) => tag(r.status, r.status === "active" ? "ok" : "warn") },
    ],
  },
  receptionists: {
    title: "Auto receptionists", list: "/phone/auto_receptionists", key: "auto_receptionists",
    columns: [
      { title: "Name", cell: (r) => link(`#/receptionists/${enc(r.id)}`, r.name) },
      { title: "Ext.", width: "60px", cell: (r) => r.extension_number ?? "" },
      { title: "Site", width: "150px", cell: (r) => siteLink(r.site) },
      { title: "Numbers", cell: (r) => numbers(r.phone_numbers) },
      { title: "Time zone", width: "170px", cell: (r) => r.timezone || "" },
    ],
  },
  "common-areas": {
    title: "Common areas", list: "/phone/common_areas", key: "common_areas",
    columns: [
      { title: "Name", cell: (r) => link(`#/common-areas/${enc(r.id)}`, r.display_name) },
      { title: "Ext.", width: "60px", cell: (r) => r.extension_number ?? "" },
      { title: "Site", width: "150px", cell: (r) => siteLink(r.site) },
      { title: "Numbers", cell: (r) => numbers(r.phone_numbers) },
      { title: "Desk phones", cell: (r) => (r.desk_phones || []).map((d) => `${d.display_name} (${d.device_type}, ${d.status})`).join("; ") },
      { title: "Status", width: "80px", cell: (r) => tag(r.status || "", r.status === "online" ? "ok" : "warn") },
    ],
  },
  "shared-lines": {
    title: "Shared line groups", list: "/phone/shared_line_groups", key: "shared_line_groups",
    columns: [
      { title: "Name", cell: (r) => link(`#/shared-lines/${enc(r.id)}`, r.display_name) },
      { title: "Ext.", width: "60px", cell: (r) => r.extension_number ?? "" },
      { title: "Site", width: "150px", cell: (r) => siteLink(r.site) },
      { title: "Numbers", cell: (r) => numbers(r.phone_numbers) },
      { title: "Status", width: "90px", cell: (r) => tag(r.status || "", r.status === "active" ? "ok" : "warn") },
    ],
  },
};

export async function render(view, { page, rest, params }) {
  const cfg = PAGES[page];
  if (rest.length && rest[0]) return DETAILS[page](view, rest[0]);
  view.append(h("h1", {}, cfg.title));
  const search = params.get("q") || "";
  if (cfg.search) {
    view.append(h("form", { class: "filters", onsubmit: (e) => {
      e.preventDefault();
      const q = e.target.elements.q.value.trim();
      location.hash = `#/${page}${q ? `?q=${enc(q)}` : ""}`;
    } }, h("label", { class: "wide" }, "Search by name, email or extension", h("input", { name: "q", id: "search", type: "search", value: search })),
    h("button", { type: "submit" }, "Search")));
  }
  const box = h("div", {}, loading());
  view.append(box);
  let token = "";
  const rows = [];
  async function more() {
    const d = await get(cfg.list, { page_size: 100, next_page_token: token || undefined, [cfg.search || "_"]: cfg.search ? search : undefined });
    rows.push(...(d[cfg.key] || []));
    token = d.next_page_token;
    box.replaceChildren(
      h("p", { class: "muted" }, `${rows.length}${d.total_records != null ? ` of ${d.total_records}` : ""} shown`),
      table(cfg.columns, rows, { id: `${page}-table` }),
      ...(token ? [h("button", { class: "secondary", onclick: () => more().catch((e) => box.append(message("error", e.message))) }, "Load more")] : []),
    );
  }
  await more();
}

// --- detail pages ---------------------------------------------------------------------------

function section(title, ...content) { return h("div", { class: "panel" }, h("h2", {}, title), ...content); }

async function siteDetail(view, id) {
  const site = await get(`/phone/sites/${enc(id)}`);
  view.append(h("h1", {}, site.name), h("p", {}, link("#/sites", "‹ All sites")));
  const [users, queues, ars, areas, slgs, nums] = await Promise.all([
    all("/phone/users", "users", { site_id: id }, 3),
    all("/phone/call_queues", "call_queues", { site_id: id }, 3),
    cached("/phone/auto_receptionists", "auto_receptionists", {}, 3),
    cached("/phone/common_areas", "common_areas", {}, 3),
    cached("/phone/shared_line_groups", "shared_line_groups", {}, 3),
    get("/accounts/me/number_management/numbers", { site_id: id, page_size: 1 }),
  ]);
  const here = (r) => r.site?.id === id;
  view.append(section("Site", props([
    ["ID", h("span", { class: "mono" }, site.id)], ["Country", site.country?.name], ["Site code", site.site_code],
    ["Main auto receptionist", site.main_auto_receptionist ? extRef("autoReceptionist", site.main_auto_receptionist.id, site.main_auto_receptionist.name, site.main_auto_receptionist.extension_number) : "—"],
    ["Phone numbers", link(`#/inventory?site=${enc(id)}`, `${nums.total_records ?? 0} numbers in the inventory`)],
  ])));
  const extTable = (rows, type, name) => table([
    { title: "Name", cell: (r) => extRef(type, r.id, name(r), r.extension_number) },
    { title: "Numbers", cell: (r) => numbers(r.phone_numbers) },
  ], rows);
  view.append(h("div", { class: "grid2" },
    section(`Users (${users.total ?? users.items.length})`, extTable(users.items, "user", (r) => r.name)),
    section(`Call queues (${queues.items.length})`, extTable(queues.items, "callQueue", (r) => r.name)),
    section("Auto receptionists", extTable(ars.items.filter(here), "autoReceptionist", (r) => r.name)),
    section("Common areas", extTable(areas.items.filter(here), "commonArea", (r) => r.display_name)),
    section("Shared line groups", extTable(slgs.items.filter(here), "sharedLineGroup", (r) => r.display_name)),
  ));
}

async function userDetail(view, id) {
  const u = await get(`/phone/users/${enc(id)}`);
  view.append(h("h1", {}, u.name || u.email), h("p", {}, link("#/users", "‹ All users")));
  view.append(section("Profile", props([
    ["Email", u.email], ["Extension", u.extension_number], ["Site", siteLink(u.site)], ["Status", u.status],
    ["Phone numbers", numbers(u.phone_numbers)],
    ["Calling plans", (u.calling_plans || []).map((p) => p.name).join(", ") || "—"],
    ["Department", u.department], ["Cost center", u.cost_center],
    ["Emergency address", u.emergency_address ? [u.emergency_address.address_line1, u.emergency_address.city, u.emergency_address.country].filter(Boolean).join(", ") : "—"],
  ])));
  view.append(section("Numbers in the inventory", link(`#/inventory?assignee=${enc(`ext:user:${id}`)}`, "Show and manage this user's numbers")));
}

async function queueDetail(view, id) {
  const [q, members] = await Promise.all([get(`/phone/call_queues/${enc(id)}`), all(`/phone/call_queues/${enc(id)}/members`, "call_queue_members", {}, 5)]);
  view.append(h("h1", {}, q.name), h("p", {}, link("#/queues", "‹ All call queues")));
  view.append(section("Call queue", props([
    ["Extension", q.extension_number], ["Site", siteLink(q.site)], ["Status", q.status],
    ["Phone numbers", numbers(q.phone_numbers)], ["Description", q.description],
  ])));
  view.append(section(`Members (${members.items.length})`, table([
    { title: "Name", cell: (m) => extRef(m.level === "commonArea" ? "commonArea" : "user", m.id, m.name) },
    { title: "Kind", width: "140px", cell: (m) => m.level },
    { title: "Receives calls", width: "140px", cell: (m) => (m.receive_call ? tag("yes", "ok") : tag("no", "warn")) },
  ], members.items, { id: "members", empty: "No members." })));
}

const IVR_ACTIONS = {
  100: "Voicemail of this extension", 200: "Voicemail of a user", 300: "Voicemail of an auto receptionist",
  400: "Voicemail of a call queue", 500: "Voicemail of a shared line group", 2: "Forward to a user", 3: "Forward to a Zoom Room",
  4: "Forward to a common area", 5: "Forward to a Cisco/Polycom room", 6: "Forward to an auto receptionist",
  7: "Forward to a call queue", 8: "Forward to a shared line group", 9: "Forward to an external contact",
  10: "Forward to a phone number", 15: "Forward to the contact center", 16: "Forward to the meeting service",
  17: "Forward to a meeting service number", 21: "Repeat the menu greeting", 22: "Return to the root menu",
  23: "Return to the previous menu", [-1]: "Disabled",
};
const IVR_TARGETS = { 2: "user", 200: "user", 4: "commonArea", 6: "autoReceptionist", 300: "autoReceptionist",
  7: "callQueue", 400: "callQueue", 8: "sharedLineGroup", 500: "sharedLineGroup" };

async function receptionistDetail(view, id) {
  const [ar, ivr] = await Promise.all([get(`/phone/auto_receptionists/${enc(id)}`), get(`/phone/auto_receptionists/${enc(id)}/ivr`).catch(() => null)]);
  view.append(h("h1", {}, ar.name), h("p", {}, link("#/receptionists", "‹ All auto receptionists")));
  view.append(section("Auto receptionist", props([
    ["Extension", ar.extension_number], ["Site", siteLink(ar.site)], ["Phone numbers", numbers(ar.phone_numbers)],
    ["Time zone", ar.timezone], ["Prompt language", ar.audio_prompt_language],
  ])));
  const keys = ivr?.key_actions || [];
  view.append(section("IVR key actions", table([
    { title: "Key", width: "60px", cell: (k) => k.key },
    { title: "Action", width: "260px", cell: (k) => IVR_ACTIONS[k.action] || String(k.action) },
    { title: "Target", cell: (k) => {
      const t = k.target;
      if (!t) return "—";
      if (t.id && IVR_TARGETS[k.action]) return extRef(IVR_TARGETS[k.action], t.id, t.display_name, t.extension_number);
      return t.phone_number || t.display_name || t.id || "—";
    } },
  ], keys, { empty: "No key actions." })));
}

async function commonAreaDetail(view, id) {
  const ca = await get(`/phone/common_areas/${enc(id)}`);
  view.append(h("h1", {}, ca.display_name), h("p", {}, link("#/common-areas", "‹ All common areas")));
  view.append(section("Common area", props([
    ["Extension", ca.extension_number], ["Site", siteLink(ca.site)], ["Status", ca.status],
    ["Phone numbers", numbers(ca.phone_numbers)],
    ["Calling plans", (ca.calling_plans || []).map((p) => p.name).join(", ") || "—"],
    ["Desk phones", (ca.desk_phones || []).map((d) => `${d.display_name} (${d.device_type}, ${d.status})`).join("; ") || "—"],
    ["Time zone", ca.timezone],
  ])));
}

async function sharedLineDetail(view, id) {
  const g = await get(`/phone/shared_line_groups/${enc(id)}`);
  view.append(h("h1", {}, g.display_name), h("p", {}, link("#/shared-lines", "‹ All shared line groups")));
  view.append(section("Shared line group", props([
    ["Extension", g.extension_number], ["Site", siteLink(g.site)], ["Status", g.status],
    ["Phone numbers", numbers(g.phone_numbers)], ["Primary number", g.primary_number],
  ])));
  const members = [
    ...(g.members?.users || []).map((m) => ({ ...m, type: "user" })),
    ...(g.members?.common_areas || []).map((m) => ({ ...m, type: "commonArea" })),
  ];
  view.append(section(`Members (${members.length})`, table([
    { title: "Name", cell: (m) => extRef(m.type, m.id, m.name, m.extension_number) },
    { title: "Kind", width: "140px", cell: (m) => (m.type === "user" ? "user" : "common area") },
  ], members, { id: "members", empty: "No members." })));
}

const DETAILS = {
  sites: siteDetail, users: userDetail, queues: queueDetail, receptionists: receptionistDetail,
  "common-areas": commonAreaDetail, "shared-lines": sharedLineDetail,
};
export { sites };
