// Charts drawn by hand as SVG: stacked columns (calls per day by result) and horizontal bars.
const NS = "http://www.w3.org/2000/svg";

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

export const PALETTE = ["#16a34a", "#dc2626", "#f59e0b", "#6366f1", "#0ea5e9", "#a855f7", "#64748b", "#ec4899", "#14b8a6"];

function niceMax(v) {
  if (v <= 4) return 4; // four grid steps of whole numbers
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 4, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** categories: x labels; series: [{name, color, values[]}] stacked per category. */
export function stackedColumns(categories, series, { width = 900, height = 260, title = "" } = {}) {
  const left = 40, right = 10, top = 10, bottom = 34;
  const plotW = width - left - right, plotH = height - top - bottom;
  const totals = categories.map((_, i) => series.reduce((a, sr) => a + (sr.values[i] || 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const svg = s("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  svg.append(s("title", {}, title));
  for (let k = 0; k <= 4; k++) { // grid and y axis
    const y = top + plotH - (plotH * k) / 4;
    svg.append(s("line", { x1: left, x2: width - right, y1: y, y2: y, stroke: "#e5e7eb" }));
    svg.append(s("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, Math.round((max * k) / 4)));
  }
  const step = plotW / Math.max(1, categories.length);
  const barW = Math.max(3, Math.min(46, step * 0.7));
  const every = Math.ceil(categories.length / 16);
  categories.forEach((cat, i) => {
    const x = left + i * step + (step - barW) / 2;
    let y = top + plotH;
    series.forEach((sr) => {
      const v = sr.values[i] || 0;
      if (!v) return;
      const bh = (plotH * v) / max;
      y -= bh;
      const rect = s("rect", { x, y, width: barW, height: bh, fill: sr.color, "data-series": sr.name });
      rect.append(s("title", {}, `${cat} · ${sr.name}: ${v}`));
      svg.append(rect);
    });
    if (totals[i]) svg.append(s("text", { x: x + barW / 2, y: y - 3, "text-anchor": "middle" }, totals[i]));
    if (i % every === 0) svg.append(s("text", { x: x + barW / 2, y: top + plotH + 16, "text-anchor": "middle" }, cat));
  });
  svg.append(s("line", { x1: left, x2: width - right, y1: top + plotH, y2: top + plotH, stroke: "#9ca3af" }));
  return svg;
}

/** rows: [{label, value (0..1), text}] as horizontal bars with a target line. */
export function hbars(rows, { width = 1300, target = null, title = "" } = {}) {
  const rowH = 24, left = 200, right = 60, top = 6;
  const height = top * 2 + rows.length * rowH + (target != null ? 12 : 0);
  const plotW = width - left - right;
  const svg = s("svg", { class: "chart", viewBox: `0 0 ${width} ${Math.max(height, 30)}`, role: "img", "aria-label": title });
  svg.append(s("title", {}, title));
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const label = r.label.length > 30 ? `${r.label.slice(0, 29)}…` : r.label;
    svg.append(s("text", { x: left - 8, y: y + 16, "text-anchor": "end" }, label));
    svg.append(s("rect", { x: left, y: y + 5, width: plotW, height: 14, fill: "#f1f5f9", rx: 3 }));
    const color = r.value == null ? "#cbd5e1" : r.value >= (target ?? 0.8) ? "#16a34a" : r.value >= 0.5 ? "#f59e0b" : "#dc2626";
    svg.append(s("rect", { x: left, y: y + 5, width: Math.max(0, plotW * (r.value || 0)), height: 14, fill: color, rx: 3 }));
    svg.append(s("text", { x: left + plotW + 6, y: y + 16 }, r.text));
  });
  if (target != null) {
    const x = left + plotW * target;
    svg.append(s("line", { x1: x, x2: x, y1: top, y2: top + rows.length * rowH, stroke: "#111827", "stroke-dasharray": "3 3" }));
    svg.append(s("text", { x, y: top + rows.length * rowH + 10, "text-anchor": "middle" }, `target ${Math.round(target * 100)}%`));
  }
  return svg;
}
