// Small DOM helpers for the console: elements built from data as text nodes only, so nothing the
// kiosk sends is ever parsed as markup, and time formatting.
import { t, locale } from "./i18n.js";

// el("p", {class: "x", "aria-live": "polite"}, "text", child, ...): an element with attributes and
// children (strings become text nodes; null and false are skipped).
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function byId(id) {
  return document.getElementById(id);
}

export function replaceChildren(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
}

// A definition list of [term, value] pairs.
export function facts(pairs) {
  return el("dl", { class: "facts" }, pairs.map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
}

// A table in a scrollable, focusable region (so a keyboard can scroll it at phone width).
export function table(caption, headers, rows) {
  const head = el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)));
  const body = rows.map((cells) => el("tr", {}, cells.map((cell) => (cell instanceof Node && cell.tagName === "TD" ? cell : el("td", {}, cell)))));
  return el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    el("table", {}, el("caption", { class: "visually-hidden" }, caption), el("thead", {}, head), el("tbody", {}, body)));
}

// Unix seconds as a local date and time in the console's language.
export function dateTime(unixSeconds) {
  if (unixSeconds === null || unixSeconds === undefined) return "—";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(unixSeconds * 1000));
}

export function clockTime(date = new Date()) {
  return new Intl.DateTimeFormat(locale(), { timeStyle: "medium" }).format(date);
}

export function updatedNow() {
  return t("common.updated", { time: clockTime() });
}

// A value the kiosk may not know yet.
export function known(value) {
  return value === null || value === undefined ? t("common.unknown") : String(value);
}
