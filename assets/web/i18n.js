// The console's two languages: one string table per language (strings-id.json, strings-en.json),
// Bahasa Indonesia first. Static text is marked data-i18n="key" (its text) or
// data-i18n-aria-label="key"; dynamic text asks t(key, {name: value}). The choice is kept in the
// browser (localStorage) and sets <html lang>.
const kLanguages = ["id", "en"];
const kStorageKey = "ktp-kiosk.console.language";
const tables = {};
let current = "id";
const listeners = [];

async function load(language) {
  if (!tables[language]) {
    const response = await fetch(`/console/strings-${language}.json`, { cache: "no-cache" });
    if (!response.ok) throw new Error(`strings-${language}.json: ${response.status}`);
    tables[language] = await response.json();
  }
  return tables[language];
}

export function language() {
  return current;
}

export function locale() {
  return current === "id" ? "id-ID" : "en-GB";
}

// The string for `key` with {name} placeholders filled; the key itself when a table lacks it, so a
// missing string shows instead of hiding.
export function t(key, values = {}) {
  const text = (tables[current] && tables[current][key]) ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// A kiosk code ("AVAILABLE", "service_door_open") in words, or the code itself when it is new.
export function code(prefix, value) {
  if (value === null || value === undefined) return t("common.none");
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? String(value) : text;
}

function translateStatic() {
  document.documentElement.lang = current;
  document.title = `${t("title")} · KTP-el`;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-aria-label]"))
    node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
  for (const button of document.querySelectorAll("button[data-lang]"))
    button.setAttribute("aria-pressed", String(button.dataset.lang === current));
}

export function onLanguageChange(listener) {
  listeners.push(listener);
}

export async function setLanguage(next) {
  if (!kLanguages.includes(next)) next = "id";
  await load(next);
  current = next;
  try {
    localStorage.setItem(kStorageKey, next);
  } catch {
    // A browser that keeps nothing still switches; the choice lasts for this page.
  }
  translateStatic();
  for (const listener of listeners) listener(next);
}

export async function startLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(kStorageKey);
  } catch {
    saved = null;
  }
  await setLanguage(saved || "id");
  for (const button of document.querySelectorAll("button[data-lang]"))
    button.addEventListener("click", () => setLanguage(button.dataset.lang));
}
