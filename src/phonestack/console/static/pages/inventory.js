// Number inventory: Number Management's list (and the Phone API's for assignee types), filters,
// search by number, and assign / unassign / move between sites through the API.
import { get, v2 } from "../api.js";
import { extLink, extType, extensions, forget, kind, KINDS, sites } from "../model.js";
import { h, link, loading, message, select, table, tag } from "../ui.js";

const NM = "/accounts/me/number_management";
const PAGE = 50;
const PRODUCTS = ["ZOOM_PHONE", "UNALLOCATED", "ZOOM_CONTACT_CENTER"];
const TYPES = ["Toll", "TollFree", "VirtualService", "Mobile", "SharedCost", "National", "ITFS"];
const PHONE_TYPES = { Toll: "toll", TollFree: "tollfree" };
const FILTERS = ["keyword", "product", "type", "status", "site", "assignee"];

function fromNumberManagement(r) {
  const a = (r.assigned_list || [])[0];
  return {
    id: r.id, number: r.number, display_name: r.display_name || "", type: r.number_type, product: r.allocated_product,
    status: r.status, source: r.source,
    site: r.site ? { id: r.site.site_id, name: r.site.name } : null,
    assignee: a ? { id: a.assigned_to_id, name: a.assgined_to_name, type: extType(a.assigned_to_type), ext: a.extension_number } : null,
  };
}

function fromPhone(r) {
  return {
    id: r.id, number: r.number, display_name: r.display_name || "", type: r.number_type === "tollfree" ? "TollFree" : "Toll",
    product: "ZOOM_PHONE", status: r.status === "pending" ? "Pending" : "Normal", source: r.source,
    site: r.site ? { id: r.site.id, name: r.site.name } : null,
    assignee: r.assignee ? { id: r.assignee.id, name: r.assignee.name, type: r.assignee.type, ext: r.assignee.extension_number } : null,
  };
}

/** One page of numbers for the filters: {rows, total, next, note}. */
async function fetchPage(f, token) {
  const a = f.assignee || "";
  if (a.startsWith("ext:")) { // one assignee: its numbers, as its own view lists them
    const [, type, id] = a.split(":");
    const k = kind(type);
    const d = await get(`${k.list}/${encodeURIComponent(id)}`);
    const ids = (d.phone_numbers || []).map((p) => p.id);
    let rows = (await Promise.all(ids.map((n) => get(`${NM}/numbers/${encodeURIComponent(n)}`)))).map(fromNumberManagement);
    rows = rows.filter((r) => (!f.product || r.product === f.product) && (!f.type || r.type === f.type)
      && (!f.status || r.status === f.status) && (!f.site || r.site?.id === f.site)
      && (!f.keyword || r.number.includes(f.keyword.replace(/[^\d+]/g, "") || "\u0000") || r.display_name.toLowerCase().includes(f.keyword.toLowerCase())));
    return { rows, total: rows.length, next: "" };
  }
  if (a.startsWith("type:")) { // the Phone API filters by the assignee's extension type
    const d = await get("/phone/numbers", {
      type: "assigned", extension_type: a.slice(5), site_id: f.site, page_size: PAGE, next_page_token: token,
      number_type: PHONE_TYPES[f.type], pending_numbers: f.status ? String(f.status === "Pending") : undefined,
    });
    let rows = (d.phone_numbers || []).map(fromPhone);
    const notes = [];
    if (f.keyword) {
      rows = rows.filter((r) => r.number.includes(f.keyword) || r.display_name.toLowerCase().includes(f.keyword.toLowerCase()));
      notes.push("the search applies to this page");
    }
    if (f.type && !PHONE_TYPES[f.type]) notes.push(`the Phone API filters toll and toll-free numbers only (not ${f.type})`);
    return { rows, total: d.total_records, next: d.next_page_token, note: notes.join("; ") };
  }
  const d = await get(`${NM}/numbers`, {
    allocated_product: f.product, number_type: f.type, status: f.status, site_id: f.site, keyword: f.keyword,
    assigned_status: a === "assigned" || a === "unassigned" ? a : undefined, page_size: PAGE, next_page_token: token,
  });
  return { rows: (d.numbers || []).map(fromNumberManagement), total: d.total_records, next: d.next_page_token };
}

export async function render(view, { params }) {
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || ""]));
  view.append(h("h1", {}, "Number inventory"));
  const [siteList, ...lists] = await Promise.all([sites(), ...KINDS.map((k) => extensions(k).catch(() => ({ items: [] })))]);
  const siteOptions = siteList.items.map((s) => ({ value: s.id, label: s.name }));
  const assigneeOptions = [
    { value: "", label: "Anyone or no one" }, { value: "assigned", label: "Assigned" }, { value: "unassigned", label: "Unassigned" },
    { group: "By type", options: KINDS.filter((k) => k.type !== "sharedLineGroup").map((k) => ({ value: `type:${k.type}`, label: `Any of ${k.label.toLowerCase()}` })) },
    ...KINDS.map((k, i) => ({ group: k.label, options: lists[i].items.map((r) => ({ value: `ext:${k.type}:${r.id}`, label: `${k.name(r)}${r.extension_number ? ` (${r.extension_number})` : ""}` })) })),
  ];
  const form = h("form", { class: "filters", id: "inventory-filters", onsubmit: (e) => { e.preventDefault(); apply(); } },
    h("label", { class: "wide" }, "Search by number or name", h("input", { id: "f-keyword", name: "keyword", value: f.keyword, placeholder: "+1408…", type: "search" })),
    h("label", {}, "Product", select("product", [{ value: "", label: "Any product" }, ...PRODUCTS.map((p) => ({ value: p, label: p }))], f.product, { id: "f-product" })),
    h("label", {}, "Type", select("type", [{ value: "", label: "Any type" }, ...TYPES.map((t) => ({ value: t, label: t }))], f.type, { id: "f-type" })),
    h("label", {}, "Status", select("status", [{ value: "", label: "Any status" }, { value: "Normal", label: "Normal" }, { value: "Pending", label: "Pending" }], f.status, { id: "f-status" })),
    h("label", {}, "Site", select("site", [{ value: "", label: "Any site" }, ...siteOptions], f.site, { id: "f-site" })),
    h("label", { class: "wide" }, "Assignee", select("assignee", assigneeOptions, f.assignee, { id: "f-assignee" })),
    h("button", { type: "submit", id: "f-apply" }, "Search"),
    h("button", { type: "button", class: "secondary", id: "f-clear", onclick: () => { for (const k of FILTERS) form.elements[k].value = ""; apply(); } }, "Clear"),
  );
  for (const k of FILTERS.slice(1)) form.elements[k].addEventListener("change", () => apply());
  const status = h("div", { id: "inventory-status" });
  const body = h("div", { id: "inventory-table" });
  const pager = h("div", { class: "bar", id: "inventory-pager" });
  view.append(form, status, pager, body);

  // Each load is numbered: a filter changed while a page was on its way starts another, and an
  // answer that comes back after a later load began is dropped (answers can arrive out of order).
  let tokens = [""], index = 0, loads = 0;
  function apply() {
    for (const k of FILTERS) f[k] = form.elements[k].value.trim();
    const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
    history.replaceState(null, "", `#/inventory${q.size ? `?${q}` : ""}`);
    tokens = [""]; index = 0;
    load();
  }

  async function load(notice) {
    const mine = ++loads;
    body.replaceChildren(loading());
    status.replaceChildren(...(notice ? [notice] : []));
    let page;
    try {
      page = await fetchPage(f, tokens[index]);
    } catch (e) {
      if (mine === loads) body.replaceChildren(message("error", e.message));
      return;
    }
    if (mine !== loads) return;
    tokens[index + 1] = page.next;
    const first = index * PAGE + 1;
    pager.replaceChildren(...[
      h("span", { id: "inventory-count" }, page.total ? `${first}–${first + page.rows.length - 1} of ${page.total}` : `${page.rows.length} numbers`),
      page.note ? h("span", { class: "muted" }, `(${page.note})`) : null,
      h("span", { class: "grow" }),
      h("button", { class: "secondary small", disabled: index === 0, onclick: () => { index--; load(); } }, "‹ Previous"),
      h("button", { class: "secondary small", disabled: !page.next, onclick: () => { index++; load(); } }, "Next ›"),
    ].filter(Boolean));
    body.replaceChildren(table(columns, page.rows, { id: "numbers", empty: "No number matches these filters." }));
    for (const tr of body.querySelectorAll("tbody tr")) {
      const i = [...tr.parentNode.children].indexOf(tr);
      if (page.rows[i]) tr.dataset.number = page.rows[i].number;
    }
  }

  function closeEditors() { for (const e of body.querySelectorAll("tr.edit")) e.remove(); }

  function editorRow(button, ...content) {
    closeEditors();
    const tr = button.closest("tr");
    const row = h("tr", { class: "edit" }, h("td", { colspan: columns.length }, h("div", { class: "editor" }, ...content,
      h("button", { type: "button", class: "secondary", onclick: () => row.remove() }, "Cancel"))));
    tr.after(row);
    return row;
  }

  async function act(promise, done) {
    try {
      await promise;
      forget();
      await load(message("notice", done));
    } catch (e) {
      status.replaceChildren(message("error", e.message));
    }
  }

  function assign(r, button) {
    const kindSel = select("kind", KINDS.map((k) => ({ value: k.type, label: k.one })), "user", { id: "assign-kind" });
    const target = h("select", { id: "assign-target", name: "target" });
    const fill = () => {
      const i = KINDS.findIndex((k) => k.type === kindSel.value);
      target.replaceChildren(...lists[i].items.map((x) => h("option", { value: x.id }, `${KINDS[i].name(x)}${x.extension_number ? ` (${x.extension_number})` : ""}`)));
    };
    kindSel.addEventListener("change", fill);
    fill();
    editorRow(button, h("strong", {}, `Assign ${r.number} to`), h("label", {}, "Kind", kindSel), h("label", {}, "Assignee", target),
      h("button", { type: "button", id: "assign-apply", onclick: () => {
        const k = kind(kindSel.value);
        const name = target.selectedOptions[0]?.textContent || target.value;
        act(v2("POST", `${k.list}/${encodeURIComponent(target.value)}/phone_numbers`, { body: { phone_numbers: [{ id: r.id }] } }),
          `${r.number} is now assigned to ${name}.`);
      } }, "Assign"));
  }

  function unassign(r) {
    const k = kind(r.assignee.type);
    act(v2("DELETE", `${k.list}/${encodeURIComponent(r.assignee.id)}/phone_numbers/${encodeURIComponent(r.id)}`),
      `${r.number} is no longer assigned to ${r.assignee.name}.`);
  }

  function move(r, button) {
    const siteSel = select("site", siteOptions.filter((s) => s.value !== r.site?.id), "", { id: "move-site" });
    const allocate = r.product !== "ZOOM_PHONE";
    editorRow(button, h("strong", {}, allocate ? `Allocate ${r.number} to Zoom Phone on` : `Move ${r.number} to`),
      h("label", {}, "Site", siteSel),
      h("button", { type: "button", id: "move-apply", onclick: () => {
        const name = siteSel.selectedOptions[0]?.textContent;
        act(allocate
          ? v2("PATCH", `${NM}/allocation`, { body: { allocated_product: "ZOOM_PHONE", numbers: [r.id], site_id: siteSel.value } })
          : v2("PATCH", `/phone/numbers/sites/${encodeURIComponent(siteSel.value)}`, { body: { phone_numbers: [r.id] } }),
        `${r.number} is now on ${name}.`);
      } }, allocate ? "Allocate" : "Move"));
  }

  const columns = [
    { title: "Number", width: "132px", class: "mono", cell: (r) => r.number },
    { title: "Display name", cell: (r) => r.display_name },
    { title: "Type", width: "84px", cell: (r) => r.type },
    { title: "Product", width: "120px", cell: (r) => (r.product === "UNALLOCATED" ? tag("unallocated", "warn") : r.product) },
    { title: "Status", width: "70px", cell: (r) => (r.status === "Pending" ? tag("Pending", "warn") : r.status) },
    { title: "Site", width: "130px", cell: (r) => (r.site ? link(`#/sites/${encodeURIComponent(r.site.id)}`, r.site.name) : "—") },
    { title: "Assignee", cell: (r) => {
      if (!r.assignee) return h("span", { class: "muted" }, "unassigned");
      const href = extLink(r.assignee.type, r.assignee.id);
      const label = `${r.assignee.name}${r.assignee.ext ? ` · ${r.assignee.ext}` : ""}`;
      return [href ? link(href, label) : label, " ", h("span", { class: "muted" }, kind(r.assignee.type)?.one || r.assignee.type)];
    } },
    { title: "Actions", width: "150px", cell: (r) => h("div", { class: "actions" },
      r.assignee
        ? h("button", { class: "small danger unassign", disabled: !kind(r.assignee.type), onclick: () => unassign(r) }, "Unassign")
        : [
          r.product === "ZOOM_PHONE" ? h("button", { class: "small assign", onclick: (e) => assign(r, e.target) }, "Assign…") : null,
          r.product !== "ZOOM_CONTACT_CENTER" ? h("button", { class: "small secondary move", onclick: (e) => move(r, e.target) }, r.product === "ZOOM_PHONE" ? "Move…" : "Allocate…") : null,
        ]) },
  ];
  await load();
}
