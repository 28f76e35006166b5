// The pages that change or audit the kiosk: Audit log, Maintenance, Settings. A refusal is shown in
// the kiosk's own words beside the field it names (the problem's "field" or "key").
import { getJson, request, ApiError } from "./api.js";
import { t, code } from "./i18n.js";
import { el, byId, replaceChildren, table, dateTime } from "./dom.js";

const kAuditPageRows = 50;

// The audit log, newest first: ids are the chain's row numbers without gaps (audit_route.hpp), so
// the newest rows are those after (rows - N); pages are followed until `more` is false, in case
// rows were added meanwhile.
async function auditRows(afterId, limit) {
  let after = Math.max(0, afterId);
  const rows = [];
  let chain = null;
  for (;;) {
    const page = await getJson(`/api/v1/audit?after=${after}&limit=${limit}`);
    rows.push(...page.entries);
    chain = page.chain;
    if (!page.more || page.entries.length === 0) break;
    after = page.next_after;
  }
  return { rows, chain };
}

export const audit = {
  id: "audit",
  intervalMs: 0,
  rows: [],
  chain: null,
  async load() {
    const head = await getJson("/api/v1/audit?after=0&limit=1");
    const { rows, chain } = await auditRows(head.chain.rows - kAuditPageRows, kAuditPageRows);
    this.rows = rows.slice(-kAuditPageRows).reverse();
    this.chain = chain;
  },
  async older() {
    const oldest = this.rows.length ? this.rows[this.rows.length - 1].id : 1;
    const count = Math.min(kAuditPageRows, oldest - 1);
    if (count <= 0) return;
    const page = await getJson(`/api/v1/audit?after=${oldest - 1 - count}&limit=${count}`);
    this.rows.push(...page.entries.reverse());
    this.chain = page.chain;
  },
  render() {
    if (!this.chain) return;
    const banner = byId("audit-chain");
    banner.className = `banner ${this.chain.intact ? "good" : "bad"}`;
    banner.textContent = this.chain.intact ? t("audit.intact", { rows: this.chain.rows })
      : t("audit.broken", { id: this.chain.first_break.id, reason: this.chain.first_break.reason });
    const rows = this.rows.map((row) => [String(row.id), dateTime(row.at_unix_s), row.actor, row.action,
      el("td", { class: "wrap" }, row.detail)]);
    replaceChildren(byId("audit-body"), rows.length ? table(t("audit.caption"),
      [t("audit.id"), t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.detail")], rows)
      : el("p", {}, t("audit.empty")));
    const oldest = this.rows.length ? this.rows[this.rows.length - 1].id : 1;
    byId("audit-older").hidden = oldest <= 1;
  },
  start() {
    byId("audit-older").addEventListener("click", async () => {
      await this.older();
      this.render();
    });
  },
};

function showFieldError(input, errorNode, message) {
  errorNode.textContent = message || "";
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

export const maintenance = {
  id: "maintenance",
  intervalMs: 5000,
  status: null,
  result: null,
  async load() {
    this.status = (await getJson("/api/v1/status")).maintenance;
  },
  render() {
    if (!this.status) return;
    const now = byId("maintenance-now");
    now.className = `banner ${this.status.state === "off" ? "good" : "warn"}`;
    replaceChildren(now, t("maintenance.now", { state: code("maintenance.state", this.status.state) }),
      this.status.reason ? [el("br"), t("maintenance.now_reason", { reason: this.status.reason })] : null);
    byId("maintenance-result").textContent = this.result ? t(`maintenance.done.${this.result}`) : "";
  },
  async change(on) {
    const input = byId("maintenance-reason");
    const errorNode = byId("maintenance-reason-error");
    showFieldError(input, errorNode, "");
    const body = on ? { on: true, reason: input.value } : { on: false };
    if (!on && input.value.trim()) body.reason = input.value;
    try {
      const response = await request("/api/v1/maintenance", { method: "PUT", json: body });
      const answer = await response.json();
      this.status = answer;
      this.result = answer.state;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.result = null;
      showFieldError(input, errorNode, error.message);
      input.focus();
    }
    this.render();
  },
  start() {
    byId("maintenance-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.change(true);
    });
    byId("maintenance-off").addEventListener("click", () => this.change(false));
  },
};

// The live keys' forms (index.html, one per key: data-config-key "section.key", data-input).
function settingForms() {
  return [...document.querySelectorAll("form[data-config-key]")];
}

// A form's label, field, error line and buttons; ids follow the key ("key-session-idle_timeout_s").
function buildSettingForm(form) {
  const key = form.dataset.configKey;
  const id = `key-${key.replace(".", "-")}`;
  const described = `${id}-error`;
  let field;
  if (form.dataset.input === "language") {
    field = el("select", { id, name: "value", "aria-describedby": described },
      el("option", { value: "id", "data-i18n": "settings.lang.id" }, t("settings.lang.id")),
      el("option", { value: "en", "data-i18n": "settings.lang.en" }, t("settings.lang.en")));
  } else if (form.dataset.input === "integer") {
    field = el("input", { id, name: "value", type: "number", inputmode: "numeric", step: "1", "aria-describedby": described });
  } else {
    field = el("input", { id, name: "value", type: "text", autocomplete: "off", "aria-describedby": described });
  }
  replaceChildren(form,
    el("label", { for: id, "data-i18n": `key.${key}` }, t(`key.${key}`)),
    field,
    el("p", { id: described, class: "field-error", "aria-live": "assertive" }),
    el("div", { class: "buttons" },
      el("button", { type: "submit", "data-i18n": "settings.save" }, t("settings.save")),
      el("button", { type: "button", class: "secondary reset", "data-i18n": "settings.reset" }, t("settings.reset"))));
}

function valueOf(config, dottedKey) {
  const [section, key] = dottedKey.split(".");
  return config[section] ? config[section][key] : undefined;
}

function mergePatch(dottedKey, value) {
  const [section, key] = dottedKey.split(".");
  return { [section]: { [key]: value } };
}

export const settings = {
  id: "settings",
  intervalMs: 0,
  config: null,
  async load() {
    this.config = await getJson("/api/v1/config");
    for (const form of settingForms()) {
      const input = form.elements.value;
      const value = valueOf(this.config, form.dataset.configKey);
      input.value = value === undefined || value === null ? "" : String(value);
      showFieldError(input, form.querySelector(".field-error"), "");
    }
  },
  render() {},
  async save(form, value) {
    const key = form.dataset.configKey;
    const input = form.elements.value;
    const errorNode = form.querySelector(".field-error");
    const result = byId("settings-result");
    showFieldError(input, errorNode, "");
    result.textContent = "";
    try {
      const response = await request("/api/v1/config", {
        method: "PATCH", json: mergePatch(key, value), contentType: "application/merge-patch+json",
      });
      this.config = await response.json();
      const now = valueOf(this.config, key);
      input.value = now === undefined || now === null ? "" : String(now);
      result.textContent = t("settings.saved", { key: t(`key.${key}`) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // The kiosk names the key it refused; its message is shown beside that key's field.
      const named = settingForms().find((f) => f.dataset.configKey === error.problem.key) || form;
      showFieldError(named.elements.value, named.querySelector(".field-error"), error.message);
      named.elements.value.focus();
    }
  },
  start() {
    for (const form of settingForms()) {
      buildSettingForm(form);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const raw = form.elements.value.value;
        // Integers go as JSON numbers when they are numbers; anything else goes as typed, for the
        // kiosk to refuse in its own words.
        const value = form.dataset.input === "integer" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
        this.save(form, value);
      });
      form.querySelector("button.reset").addEventListener("click", () => this.save(form, null));
    }
  },
};
