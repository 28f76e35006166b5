// The pages that show the kiosk's state: Overview, Live screen, Magazine, Operator checks. Each page
// keeps the data it fetched, so a change of language renders it again without asking the kiosk.
import { getJson, request, sample, ApiError } from "./api.js";
import { t, code } from "./i18n.js";
import { el, byId, replaceChildren, facts, table, dateTime, updatedNow, known, clockTime } from "./dom.js";

function stateClass(state) {
  if (state === "AVAILABLE" || state === "ACTIVE") return "good";
  if (state === "UNAVAILABLE") return "warn";
  return "bad";
}

function deviceRow(name, entry) {
  return [
    name,
    el("span", { class: `pill ${entry.up ? "good" : "bad"}` }, entry.up ? t("overview.up") : t("overview.down")),
    entry.fault ? code("fault", entry.fault) : t("common.none"),
  ];
}

// Operator checks: pickups reconciliation left to staff, cards past their deadline, a bin to empty.
function checksNeeded(checks, slots, status) {
  const past = slots ? slots.slots.filter((slot) => slot.past_deadline).length : 0;
  const bin = status && (status.bin.state === "high" || status.bin.state === "full") ? 1 : 0;
  return (checks ? checks.checks.length : 0) + past + bin;
}

export function showChecksCount(count) {
  const badge = byId("checks-count");
  badge.hidden = count === 0;
  badge.textContent = String(count);
}

export const overview = {
  id: "overview",
  intervalMs: 5000,
  data: null,
  async load() {
    const [status, metrics, checks, slots] = await Promise.all([
      getJson("/api/v1/status"),
      request("/metrics").then((response) => response.text()),
      getJson("/api/v1/operator-checks"),
      getJson("/api/v1/slots"),
    ]);
    this.data = { status, outbox: sample(metrics, "kiosk_outbox_pending_events"), checks, slots, at: new Date() };
    showChecksCount(checksNeeded(checks, slots, status));
  },
  render() {
    if (!this.data) return;
    const { status, outbox, slots } = this.data;
    byId("overview-updated").textContent = t("common.updated", { time: clockTime(this.data.at) });
    const lastFrame = status.last_frame_unix_ms === null ? t("common.unknown")
      : t("common.seconds_ago", { n: Math.max(0, Math.round((Date.now() - status.last_frame_unix_ms) / 1000)) });
    const stock = status.stock;
    const bin = status.bin;
    const state = el("section", { class: "card", "aria-labelledby": "ov-state" },
      el("h2", { id: "ov-state" }, t("overview.state")),
      el("p", { id: "overview-state", class: `banner ${stateClass(status.state)}` },
        code("state", status.state), status.reason ? ` — ${code("reason", status.reason)}` : ""),
      facts([
        [t("overview.kiosk"), status.kiosk_id],
        [t("overview.maintenance"), code("maintenance.state", status.maintenance.state) +
          (status.maintenance.reason ? ` — ${status.maintenance.reason}` : "")],
        [t("overview.pickup"), status.pickup.available ? t("overview.pickup_available")
          : t("overview.pickup_blocked", { reason: code("fault", status.pickup.blocked_by) })],
        [t("overview.last_frame"), lastFrame],
        [t("overview.started"), dateTime(status.started_unix_s)],
      ]));
    const deviceRows = status.devices.map((d) => deviceRow(code("device", d.device), d))
      .concat(status.card_readers.filter((r) => r.reader !== "front").map((r) => deviceRow(code("reader", r.reader), r)));
    const devices = el("section", { class: "card", "aria-labelledby": "ov-devices" },
      el("h2", { id: "ov-devices" }, t("overview.devices")),
      table(t("overview.devices"), [t("overview.device"), t("overview.condition"), t("overview.fault")], deviceRows));
    const stockCard = el("section", { class: "card", "aria-labelledby": "ov-stock" },
      el("h2", { id: "ov-stock" }, t("overview.stock")),
      facts([
        [t("overview.magazine"), t("overview.magazine_of", { cards: known(stock.cards_in_kiosk), capacity: known(stock.capacity) })],
        [t("overview.free_slots"), known(stock.free_slots)],
        [t("overview.bin"), t("overview.bin_of", { count: known(bin.count), capacity: known(bin.capacity), state: code("bin", bin.state) })],
        [t("overview.past_deadline"), known(stock.past_deadline ?? slots.totals.past_deadline)],
        [t("overview.outbox"), known(outbox)],
      ]));
    const versions = el("section", { class: "card", "aria-labelledby": "ov-versions" },
      el("h2", { id: "ov-versions" }, t("overview.versions")),
      facts([
        [t("overview.version"), status.versions.kiosk],
        [t("overview.schema"), known(status.versions.database_schema)],
        [t("overview.firmware"), known(status.versions.dispenser_firmware)],
      ]));
    replaceChildren(byId("overview-body"), state, devices, stockCard, versions);
  },
};

export const screen = {
  id: "screen",
  intervalMs: 3000,
  url: null,
  refused: false,
  error: null,
  at: null,
  async load() {
    try {
      const response = await request("/api/v1/screenshot");
      const blob = await response.blob();
      if (this.url) URL.revokeObjectURL(this.url);
      this.url = URL.createObjectURL(blob);
      this.refused = false;
      this.error = null;
      this.at = new Date();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401) throw error;
      this.refused = error.kind === "personal-data-on-screen";
      this.error = this.refused ? null : error.message;
    }
  },
  render() {
    const image = byId("screen-image");
    byId("screen-refused").hidden = !this.refused;
    byId("screen-error").hidden = !this.error;
    byId("screen-error").textContent = this.error ? t("common.failed", { detail: this.error }) : "";
    image.hidden = this.refused || !this.url;
    if (this.url && image.src !== this.url) image.src = this.url;
    if (this.at) {
      image.alt = t("screen.alt", { time: clockTime(this.at) });
      byId("screen-updated").textContent = t("common.updated", { time: clockTime(this.at) });
    }
  },
};

export const magazine = {
  id: "magazine",
  intervalMs: 0,
  data: null,
  async load() {
    this.data = await getJson("/api/v1/slots");
  },
  render() {
    if (!this.data) return;
    const totals = this.data.totals;
    byId("magazine-totals").textContent = t("magazine.totals", {
      used: totals.used, free: totals.free, fault: totals.fault, past: totals.past_deadline,
      capacity: totals.capacity, days: this.data.pickup_deadline_days,
    });
    const showEmpty = byId("magazine-show-empty").checked;
    const rows = this.data.slots.filter((slot) => showEmpty || slot.state !== "EMPTY").map((slot) => [
      String(slot.slot),
      el("span", { class: `pill ${slot.state === "FAULT" ? "bad" : slot.state === "LOADED" ? "good" : ""}` }, code("slot", slot.state)),
      slot.nik_masked || "—",
      slot.card_serial || "—",
      dateTime(slot.loaded_at_unix_s),
      slot.past_deadline ? el("span", { class: "pill bad" }, `${dateTime(slot.deadline_unix_s)} · ${t("magazine.past")}`)
        : dateTime(slot.deadline_unix_s),
    ]);
    replaceChildren(byId("magazine-body"), table(t("magazine.caption"),
      [t("magazine.slot"), t("magazine.state"), t("magazine.nik"), t("magazine.serial"), t("magazine.loaded"), t("magazine.deadline")],
      rows));
  },
};

export const checks = {
  id: "checks",
  intervalMs: 10000,
  data: null,
  async load() {
    const [found, slots, status] = await Promise.all([
      getJson("/api/v1/operator-checks"), getJson("/api/v1/slots"), getJson("/api/v1/status"),
    ]);
    this.data = { found, slots, status };
    showChecksCount(checksNeeded(found, slots, status));
  },
  render() {
    if (!this.data) return;
    const { found, slots, status } = this.data;
    const pickups = found.checks.map((check) => el("li", { class: "card bad-edge" },
      el("h3", {}, t("checks.pickup", { id: check.journal_id, slot: check.slot })),
      facts([
        [t("checks.reason"), check.reason],
        [t("checks.nik"), check.nik_masked],
        [t("checks.serial"), check.card_serial || "—"],
        [t("checks.began"), dateTime(check.began_unix_s)],
        [t("checks.decided"), dateTime(check.decided_unix_s)],
        [t("checks.bin_counter"), known(check.bin_counter_at_begin)],
      ])));
    const past = slots.slots.filter((slot) => slot.past_deadline).map((slot) => el("li", {},
      t("checks.past_deadline_item", { slot: slot.slot, nik: slot.nik_masked, serial: slot.card_serial || "—", deadline: dateTime(slot.deadline_unix_s) })));
    const bin = status.bin;
    const binNeeds = bin.state === "high" || bin.state === "full";
    replaceChildren(byId("checks-body"),
      el("section", { "aria-labelledby": "checks-pickups" },
        el("h2", { id: "checks-pickups" }, t("checks.pickups")),
        found.checks.length ? [el("p", {}, t("checks.pickups_intro")), el("ul", { class: "checks", id: "checks-list" }, pickups)]
          : el("p", { class: "banner good" }, t("checks.pickups_none"))),
      el("section", { "aria-labelledby": "checks-past" },
        el("h2", { id: "checks-past" }, t("checks.past_deadline")),
        past.length ? [el("p", {}, t("checks.past_deadline_intro")), el("ul", {}, past)]
          : el("p", { class: "banner good" }, t("checks.past_deadline_none"))),
      el("section", { "aria-labelledby": "checks-bin" },
        el("h2", { id: "checks-bin" }, t("checks.bin")),
        el("p", { class: `banner ${binNeeds ? "warn" : "good"}` },
          t(binNeeds ? "checks.bin_needs_emptying" : "checks.bin_fine",
            { count: known(bin.count), capacity: known(bin.capacity), state: code("bin", bin.state) }))));
  },
};
