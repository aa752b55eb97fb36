// Small DOM helpers: elements, tables, messages. No framework.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "style") el.style.cssText = v; // CSSOM: allowed by the page's CSP (no inline style attributes)
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const link = (href, text) => h("a", { href }, text ?? "");
export const tag = (text, kind = "") => h("span", { class: `tag ${kind}` }, text);

/** columns: [{title, cell(row) -> node|string, width?, class?}] */
export function table(columns, rows, { empty = "Nothing here.", id } = {}) {
  const head = h("tr", {}, columns.map((c) => h("th", { style: c.width ? `width:${c.width}` : null, class: c.class }, c.title)));
  const body = rows.length
    ? rows.map((r) => h("tr", {}, columns.map((c) => h("td", { class: c.class }, c.cell(r)))))
    : [h("tr", {}, h("td", { colspan: columns.length, class: "muted" }, empty))];
  return h("table", { id }, h("thead", {}, head), h("tbody", {}, body));
}

export function message(kind, text) {
  return h("p", { class: kind, role: kind === "error" ? "alert" : "status" }, text);
}

export function loading(text = "Loading…") { return h("p", { class: "muted" }, text); }

export function props(pairs) {
  return h("dl", { class: "props" }, pairs.filter(Boolean).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v ?? "—")]));
}

export function select(name, options, value, attrs = {}) {
  return h("select", { name, id: attrs.id || name, ...attrs },
    options.map((o) => (o.group
      ? h("optgroup", { label: o.group }, o.options.map((x) => h("option", { value: x.value, selected: x.value === value }, x.label)))
      : h("option", { value: o.value, selected: o.value === value }, o.label))));
}

export const fmtDuration = (s) => (s == null ? "" : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`);
export const fmtTime = (iso) => (iso ? iso.replace("T", " ").replace(/(\.\d+)?Z$/, "") : "");
