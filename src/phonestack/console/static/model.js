// What the pages share: the kinds of extension a number can be assigned to, and cached lists.
import { all, get } from "./api.js";

export const KINDS = [
  { type: "user", label: "Users", one: "User", list: "/phone/users", key: "users", route: "users",
    name: (r) => r.name },
  { type: "callQueue", label: "Call queues", one: "Call queue", list: "/phone/call_queues", key: "call_queues",
    route: "queues", name: (r) => r.name },
  { type: "autoReceptionist", label: "Auto receptionists", one: "Auto receptionist", list: "/phone/auto_receptionists",
    key: "auto_receptionists", route: "receptionists", name: (r) => r.name },
  { type: "commonArea", label: "Common areas", one: "Common area", list: "/phone/common_areas", key: "common_areas",
    route: "common-areas", name: (r) => r.display_name },
  { type: "sharedLineGroup", label: "Shared line groups", one: "Shared line group", list: "/phone/shared_line_groups",
    key: "shared_line_groups", route: "shared-lines", name: (r) => r.display_name },
];
export const kind = (type) => KINDS.find((k) => k.type === type);

/** Number Management's assigned_to_type ("CallQueue") as the Phone API's extension type ("callQueue"). */
export const extType = (t) => (t ? t.charAt(0).toLowerCase() + t.slice(1) : t);

const cache = new Map(); // path -> {at, promise}
const TTL = 30_000;

export function cached(path, key, query = {}, maxPages = 1) {
  const id = `${path}?${new URLSearchParams(query)}#${maxPages}`;
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < TTL) return hit.promise;
  const promise = all(path, key, query, maxPages);
  promise.catch(() => cache.delete(id));
  cache.set(id, { at: Date.now(), promise });
  return promise;
}
export function forget() { cache.clear(); }

export const sites = () => cached("/phone/sites", "sites", {}, 5);
export const extensions = (k) => cached(k.list, k.key, {}, 1);
export const detail = (k, id) => get(`${k.list}/${encodeURIComponent(id)}`);

/** A route to an extension's page, when the console has one. */
export function extLink(type, id) {
  const k = kind(type);
  return k ? `#/${k.route}/${encodeURIComponent(id)}` : null;
}
