// The operator console in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
// against the real `kiosk --demo` under Xvfb, as an operator would use it: sign in (by keyboard),
// the overview, a device fault injected through the dispenser simulator's control socket while a
// resident (xdotool on the kiosk's window) tries a pickup, the live screen refused during the
// resident's session and changed by maintenance, a setting changed and a bad value refused in the
// kiosk's words, an operator check listed, the audit log, sign-out; a change without the CSRF token
// and a session that has ended are refused. axe-core runs on every page in both languages and fails
// the test on a serious or critical violation; every page is saved as a PNG in both languages at
// 1280 and 360 px wide.
//
// Usage (tests/browser/CMakeLists.txt): node console_test.mjs --kiosk BIN --kioskctl BIN
//   --demo-controls BIN --seed-operator-check BIN --node-modules DIR --artifacts DIR
// Prints each check and ends with "N passed, N failed"; exit 0 only when none failed.
import { spawn, execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, word, i, all) => (word.startsWith("--") ? [...pairs, [word.slice(2), all[i + 1]]] : pairs), []));
for (const needed of ["kiosk", "kioskctl", "demo-controls", "seed-operator-check", "node-modules", "artifacts"]) {
  if (!args[needed]) {
    console.error(`console_test: --${needed} is required`);
    process.exit(2);
  }
}
const require = createRequire(path.join(path.resolve(args["node-modules"]), "package.json"));
const { chromium } = require("playwright-core");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const kWidth = 1280;
const kHeight = 800;
const kPages = ["overview", "screen", "magazine", "checks", "audit", "maintenance", "settings"];
const artifacts = path.resolve(args.artifacts);
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });

// ------------------------------------------------------------------ checks
let passed = 0;
let failed = 0;
function check(ok, what, detail = "") {
  if (ok) {
    passed += 1;
    console.log(`ok   ${what}`);
  } else {
    failed += 1;
    console.log(`FAIL ${what}${detail ? `: ${detail}` : ""}`);
  }
  return ok;
}

async function until(what, probe, timeoutMs = 20000, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

// ------------------------------------------------------------------ processes
const children = [];
function cleanUp() {
  for (const child of children.reverse()) if (child.exitCode === null) child.kill("SIGTERM");
}
process.on("exit", cleanUp);

async function startXvfb() {
  // Xvfb writes the display number it chose to -displayfd (here, fd 3 of the child: a pipe).
  const xvfb = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", `${kWidth}x${kHeight}x24`, "-nolisten", "tcp"],
    { stdio: ["ignore", "ignore", "inherit", "pipe"] });
  children.push(xvfb);
  const number = await new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error("Xvfb did not report a display within 30 s")), 30000);
    xvfb.stdio[3].on("data", (chunk) => {
      text += chunk.toString();
      if (text.includes("\n")) {
        clearTimeout(timer);
        resolve(text.trim());
      }
    });
    xvfb.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) without reporting a display`));
    });
  });
  return `:${number}`;
}

// The kiosk's stdout, every line kept: facts it prints, and --trace's screens and targets.
class KioskOutput {
  constructor(stream) {
    this.lines = [];
    readline.createInterface({ input: stream }).on("line", (line) => this.lines.push(line));
  }
  mark() {
    return this.lines.length;
  }
  // The first line at or after `from` that starts with `prefix`.
  async line(prefix, timeoutMs = 30000, from = 0) {
    try {
      return await until(`kiosk line "${prefix}"`, () => this.lines.slice(from).find((l) => l.startsWith(prefix)), timeoutMs, 50);
    } catch (error) {
      throw new Error(`${error.message}; the kiosk's last lines:\n${this.tail()}`);
    }
  }
  tail() {
    return this.lines.slice(-15).join("\n");
  }
}

// pcscd with the vpcd readers (the demo's read-position antenna and tappable card use them), as
// tests/support/pcscd_fixture.cpp does: started here when none answers, and stopped at the end.
function vpcdReadersListed() {
  try {
    const listed = execFileSync("pcsc_scan", ["-r"], { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] });
    return listed.includes("Virtual PCD 00 00") && listed.includes("Virtual PCD 00 01");
  } catch {
    return false;
  }
}

async function ensurePcscd() {
  if (vpcdReadersListed()) return;
  const daemon = spawn(fs.existsSync("/usr/sbin/pcscd") ? "/usr/sbin/pcscd" : "pcscd", ["--foreground", "--error"],
    { stdio: ["ignore", "ignore", "inherit"] });
  children.push(daemon);
  await until("pcscd to list the vpcd readers", () => vpcdReadersListed(), 15000, 300);
}

function xdotool(display, ...words) {
  execFileSync("xdotool", words, { env: { ...process.env, DISPLAY: display } });
}

let lastClick = "";
function click(display, x, y) {
  if (`${x},${y}` === lastClick) x += 1;  // mousemove --sync waits for a move, so never ask for the same spot
  lastClick = `${x},${y}`;
  xdotool(display, "mousemove", "--sync", String(x), String(y), "click", "1");
}

// One line to a simulator's control socket; its answer line.
function control(socketPath, line) {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (answer.includes("\n")) {
        socket.end();
        resolve(answer.trim());
      }
    });
    socket.on("error", reject);
    socket.write(`${line}\n`);
  });
}

function kioskctl(database, ...words) {
  return execFileSync(args.kioskctl, ["--db", database, ...words], { encoding: "utf8" }).trim();
}

// ------------------------------------------------------------------ the console, as an operator uses it
async function runAxe(page, where) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern: a <script> tag
  // would be refused, as it should be.
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.evaluate(`${axeSource}\n;true`);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const found = await axe.run(document, { resultTypes: ["violations"] });
    return found.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
  });
  const serious = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(serious.length === 0, `axe: no serious or critical violation on ${where}`, JSON.stringify(serious));
  if (result.length > serious.length) console.log(`     (axe, minor on ${where}: ${result.filter((v) => !serious.includes(v)).map((v) => v.id).join(", ")})`);
}

// The live screen's image as the page shows it, scaled down to 128x80 RGB in a canvas: enough to
// tell one kiosk screen from another, small enough to keep.
async function shownFrame(page) {
  return page.evaluate(() => {
    const image = document.getElementById("screen-image");
    const canvas = document.createElement("canvas");
    canvas.width = 128;
    canvas.height = 80;
    const context2d = canvas.getContext("2d");
    context2d.drawImage(image, 0, 0, canvas.width, canvas.height);
    return { width: image.naturalWidth, height: image.naturalHeight, pixels: [...context2d.getImageData(0, 0, 128, 80).data] };
  });
}

function differingShare(a, b) {
  let differing = 0;
  for (let i = 0; i < a.pixels.length; i += 4)
    if (Math.abs(a.pixels[i] - b.pixels[i]) + Math.abs(a.pixels[i + 1] - b.pixels[i + 1]) + Math.abs(a.pixels[i + 2] - b.pixels[i + 2]) > 30) differing += 1;
  return differing / (a.pixels.length / 4);
}

async function go(page, name) {
  await page.click(`nav a[href="#${name}"]`);
  await page.waitForFunction((id) => !document.getElementById(`page-${id}`).hidden, name);
}

async function language(page, lang) {
  await page.click(`button[data-lang="${lang}"]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function shoot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function main() {
  await ensurePcscd();
  const display = await startXvfb();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "console-test-"));
  const demoDir = path.join(scratch, "demo");
  const kiosk = spawn(args.kiosk, ["--demo", "--demo-dir", demoDir, "--mgmt-port", "0", "--fullscreen",
    "--size", `${kWidth}x${kHeight}`, "--trace"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DISPLAY: display, ASAN_OPTIONS: "detect_leaks=0:abort_on_error=1" },
  });
  children.push(kiosk);
  let kioskLog = "";
  kiosk.stderr.on("data", (chunk) => { kioskLog += chunk.toString(); });
  const out = new KioskOutput(kiosk.stdout);
  const url = (await out.line("mgmt https://")).slice(5);
  const token = (await out.line("mgmt-operator-token ")).slice(20);
  const resident = (await out.line("demo-resident in_kiosk ")).split(" ")[2];
  await out.line("ready ", 60000);
  // The devices report in during the first seconds, each changing the attract screen.
  await until("three device reports", () => out.lines.filter((l) => l === "event device_health").length >= 3, 20000);
  const database = path.join(demoDir, "kiosk.db");
  const controls = Object.fromEntries(execFileSync(args["demo-controls"], [`${kWidth}x${kHeight}`], { encoding: "utf8" })
    .trim().split("\n").map((line) => { const [name, x, y] = line.split(" "); return [name, [Number(x), Number(y)]]; }));

  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: kWidth, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => { if (message.type() === "error") pageErrors.push(message.text()); });

  // --- the page and its headers
  const first = await page.goto(`${url}/`);
  const headers = first.headers();
  check(first.status() === 200 && headers["content-type"] === "text/html; charset=utf-8", "GET / is the console's HTML");
  check(/script-src 'self'/.test(headers["content-security-policy"]) && /frame-ancestors 'none'/.test(headers["content-security-policy"]) &&
    !/unsafe/.test(headers["content-security-policy"]), "a strict Content-Security-Policy", headers["content-security-policy"]);
  check(headers["x-content-type-options"] === "nosniff" && headers["referrer-policy"] === "no-referrer", "nosniff and no referrer");
  await page.waitForSelector("#page-sign-in:not([hidden])");
  check(await page.evaluate(() => document.documentElement.lang) === "id", "Bahasa Indonesia first");
  await runAxe(page, "sign-in (id)");
  await shoot(page, "sign-in-id-1280");
  await language(page, "en");
  await runAxe(page, "sign-in (en)");
  await shoot(page, "sign-in-en-1280");
  await language(page, "id");

  // --- sign in with the keyboard alone: the focus starts in the token field; type, Enter
  await page.reload();
  await page.waitForSelector("#page-sign-in:not([hidden])");
  check(await page.evaluate(() => document.activeElement.id) === "token", "the sign-in page puts the focus in the token field");
  await page.keyboard.type("ktk_not-a-token");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("sign-in-error").textContent.length > 0);
  check((await page.textContent("#sign-in-error")).includes("tidak berlaku"), "a wrong token is refused in words");
  await page.fill("#token", token);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#page-overview:not([hidden])");
  await page.waitForSelector("#overview-state");
  check(true, "signed in: the overview is shown");
  const cookies = await context.cookies();
  const cookie = cookies.find((c) => c.name === "__Host-console");
  check(cookie && cookie.httpOnly && cookie.secure && cookie.sameSite === "Strict" && cookie.path === "/" &&
    cookie.expires > Date.now() / 1000 + 3600, "the session cookie is Secure, HttpOnly, SameSite=Strict, Path=/, with an expiry",
  JSON.stringify(cookie));
  check(!(await page.evaluate(() => document.cookie)).includes("__Host-console"), "the page's scripts cannot read the cookie");
  check((await page.textContent("#overview-state")).includes("Siap melayani"), "the overview says the kiosk is available",
    await page.textContent("#overview-state"));
  const dispenserRow = async () => page.evaluate(() => [...document.querySelectorAll("#overview-body tr")]
    .map((row) => row.textContent).find((text) => text.startsWith("Dispenser")) || "");
  check((await dispenserRow()).includes("berfungsi"), "the overview lists the dispenser working", await dispenserRow());

  // --- a request without the CSRF token is refused, even with the session's cookie
  const noCsrf = await page.evaluate(async () => {
    const response = await fetch("/api/v1/maintenance", { method: "PUT", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ on: true, reason: "CSRF" }), credentials: "same-origin" });
    return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
  });
  check(noCsrf.status === 401 && noCsrf.type === "application/problem+json" && noCsrf.body.type.endsWith("/unauthenticated"),
    "a change without the CSRF token is refused with problem+json", JSON.stringify(noCsrf));
  const stillOff = await page.evaluate(async () => (await (await fetch("/api/v1/status")).json()).maintenance.state);
  check(stillOff === "off", "and it changed nothing");

  // --- the live screen: the kiosk's frame; refused while a resident's data is on it
  await go(page, "screen");
  await page.waitForFunction(() => { const i = document.getElementById("screen-image"); return !i.hidden && i.naturalWidth > 0; });
  const attractShot = await page.evaluate(() => document.getElementById("screen-image").src);
  check(attractShot.startsWith("blob:"), "the live screen shows the kiosk's frame");
  const attractFrame = await shownFrame(page);
  await shoot(page, "screen-attract-id-1280");

  // --- settings: a change applied, a bad value refused with the kiosk's own message beside the field
  await go(page, "settings");
  await page.waitForFunction(() => document.getElementById("key-session-idle_timeout_s").value !== "");
  // The time a resident has to take a presented card, shortened for the pickup below.
  await page.fill("#key-session-pickup_take_timeout_s", "10");
  await page.press("#key-session-pickup_take_timeout_s", "Enter");
  await page.waitForFunction(() => document.getElementById("settings-result").textContent.length > 0);
  const config = await page.evaluate(async () => (await (await fetch("/api/v1/config")).json()).session.pickup_take_timeout_s);
  check(config === 10, "a setting changed from the console is in effect", String(config));
  await page.fill("#key-session-idle_timeout_s", "5");
  await page.press("#key-session-idle_timeout_s", "Enter");
  await page.waitForFunction(() => document.getElementById("key-session-idle_timeout_s-error").textContent.length > 0);
  const refusal = await page.textContent("#key-session-idle_timeout_s-error");
  check(/must be between 10 and 600, got 5/.test(refusal), "a bad value is refused with the kiosk's message beside its field", refusal);
  check(await page.getAttribute("#key-session-idle_timeout_s", "aria-invalid") === "true" &&
    await page.evaluate(() => document.activeElement.id) === "key-session-idle_timeout_s", "the field is marked invalid and focused");
  await shoot(page, "settings-refused-id-1280");

  // --- an operator check: a pickup that start-up reconciliation left to staff (made before the
  // resident's pickup below: reconciliation settles every open pickup, the kiosk's own too)
  const journalId = execFileSync(args["seed-operator-check"], ["--db", database, "--slot", "2", "--nik", "3171016006910005",
    "--serial", "DEMO0000002"], { encoding: "utf8" }).trim();
  await go(page, "checks");
  await page.waitForSelector("#checks-list li");
  const listed = await page.textContent("#checks-list");
  check(listed.includes(`Pengambilan ${journalId}, slot 2`) && listed.includes("slot occupancy unknown") &&
    listed.includes("3171 **** **** 0005") && listed.includes("DEMO0000002"), "the operator check is listed with its facts", listed);
  check(!/\d{16}/.test(await page.textContent("main")), "no whole NIK on the page");
  check(await page.textContent("#checks-count") !== "" && !(await page.isHidden("#checks-count")), "the navigation counts the checks");

  // --- a fault injected through the dispenser simulator's control socket: the capture bin is full.
  // The kiosk learns it when it next needs the bin: a resident's card presented and not taken
  // within the (now 10 s) time limit cannot be captured.
  await go(page, "screen");
  check((await control(path.join(demoDir, "dispenser.ctl"), "bin full")).startsWith("ok"), "the dispenser's control socket took 'bin full'");
  let from = out.mark();
  click(display, 100, 100);
  xdotool(display, "key", "--delay", "30", ...resident.split(""), "Return");
  await out.line("screen fingerprint", 20000, from);
  await page.waitForSelector("#screen-refused:not([hidden])", { timeout: 20000 });
  check((await page.textContent("#screen-refused")).includes("Sesi warga sedang berlangsung"),
    "the live screen says a resident session is in progress");
  check(await page.evaluate(() => document.getElementById("screen-image").hidden), "and shows no frame");
  await shoot(page, "screen-refused-id-1280");
  from = out.mark();
  click(display, ...controls.right_finger);
  await out.line("screen status-in_kiosk", 30000, from);
  const pickup = (await out.line("target pickup ", 5000, from)).split(" ")[2].split(",").map(Number);
  from = out.mark();
  click(display, pickup[0] + Math.floor(pickup[2] / 2), pickup[1] + Math.floor(pickup[3] / 2));
  await out.line("screen pickup-present", 30000, from);
  await out.line("event device_health", 45000, from);
  await go(page, "overview");
  await until("the overview to show the dispenser's fault", async () => (await dispenserRow()).includes("kotak penampung penuh"), 20000);
  check(true, "the overview shows the dispenser's fault: capture bin full");
  const stock = await page.textContent("#overview-body");
  check(stock.includes("penuh"), "and the capture bin full");
  await shoot(page, "overview-fault-id-1280");
  // The resident's session ends (a key press cancels, or its own timeout).
  const lastScreen = () => out.lines.filter((l) => l.startsWith("screen ")).pop();
  await until("the kiosk back at its attract screen", async () => {
    if (lastScreen() === "screen attract") return true;
    xdotool(display, "key", "Escape");
    await new Promise((resolve) => setTimeout(resolve, 700));
    return lastScreen() === "screen attract";
  }, 60000, 0);

  // --- maintenance from the console: the kiosk's own screen changes
  await go(page, "maintenance");
  await page.waitForFunction(() => document.getElementById("maintenance-now").textContent.length > 0);
  await page.click("#maintenance-on");  // no reason: refused in the kiosk's words beside the field
  await page.waitForFunction(() => document.getElementById("maintenance-reason-error").textContent.length > 0);
  check(await page.getAttribute("#maintenance-reason", "aria-invalid") === "true", "maintenance without a reason is refused beside the field",
    await page.textContent("#maintenance-reason-error"));
  from = out.mark();
  await page.fill("#maintenance-reason", "Penggantian pita printer");
  await page.click("#maintenance-on");
  await page.waitForFunction(() => document.getElementById("maintenance-result").textContent.length > 0);
  check((await page.textContent("#maintenance-now")).includes("aktif"), "maintenance is active", await page.textContent("#maintenance-now"));
  await out.line("screen maintenance", 20000, from);
  await shoot(page, "maintenance-on-id-1280");
  await go(page, "screen");
  await until("a new frame", () => page.evaluate((before) => {
    const image = document.getElementById("screen-image");
    return !image.hidden && image.src !== before && image.naturalWidth > 0;
  }, attractShot), 20000);
  const maintenanceFrame = await shownFrame(page);
  const frames = { width: maintenanceFrame.width, height: maintenanceFrame.height, share: differingShare(attractFrame, maintenanceFrame) };
  check(frames.width === kWidth && frames.height === kHeight, "the live screen is the kiosk's 1280x800 frame", JSON.stringify(frames));
  check(frames.share > 0.05, "the kiosk's own screen changed with maintenance", JSON.stringify(frames));
  await shoot(page, "screen-maintenance-id-1280");
  await go(page, "maintenance");
  from = out.mark();
  await page.click("#maintenance-off");
  await page.waitForFunction(() => document.getElementById("maintenance-now").textContent.includes("tidak aktif"));
  await out.line("screen attract", 20000, from);
  check(true, "maintenance off: the kiosk is back at its attract screen");

  // --- the audit log: newest first, the chain verified, the operator named as the token is
  await go(page, "audit");
  await page.waitForSelector("#audit-body tbody tr");
  const chain = await page.textContent("#audit-chain");
  check(chain.includes("terverifikasi"), "the audit chain verifies", chain);
  const rows = await page.evaluate(() => [...document.querySelectorAll("#audit-body tbody tr")].map((r) => [...r.cells].map((c) => c.textContent)));
  const ids = rows.map((r) => Number(r[0]));
  check(ids.length > 3 && ids.every((id, i) => i === 0 || id < ids[i - 1]), "audit rows newest first", ids.slice(0, 5).join(","));
  const tokenName = await page.evaluate(async () => (await (await fetch("/api/v1/console/session")).json()).name);
  check(rows.some((r) => r[2] === `operator:${tokenName}` && r[3].startsWith("maintenance")),
    "the console's maintenance change is audited under the operator token's name", tokenName);

  // --- every page, both languages, desktop and phone width; axe on each
  for (const lang of ["id", "en"]) {
    await language(page, lang);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
      for (const name of kPages) {
        await go(page, name);
        await page.waitForTimeout(name === "screen" ? 1500 : 600);
        await shoot(page, `${name}-${lang}-${width}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        check(overflow <= 0, `${name} (${lang}, ${width} px) fits the width`, `${overflow} px too wide`);
        if (width === 1280) await runAxe(page, `${name} (${lang})`);
        if (width === 360 && name === "overview") await runAxe(page, `${name} (${lang}, 360 px)`);
      }
    }
  }
  await page.setViewportSize({ width: kWidth, height: 900 });
  await language(page, "id");
  // Visible focus: a focused control draws an outline.
  await go(page, "settings");
  await page.focus("#key-kiosk-notice");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(outline !== "none", "a focused control shows its focus", outline);

  // --- sign out: the session ends on the kiosk; the same cookie is refused afterwards
  const kept = (await context.cookies()).find((c) => c.name === "__Host-console");
  await page.click("#sign-out");
  await page.waitForSelector("#page-sign-in:not([hidden])");
  check((await page.textContent("#notice")).includes("telah keluar"), "signed out");
  check(!(await context.cookies()).some((c) => c.name === "__Host-console"), "the browser forgot the cookie");
  const replay = await browser.newContext({ ignoreHTTPSErrors: true });
  const replayed = await replay.request.get(`${url}/api/v1/status`, { headers: { Cookie: `${kept.name}=${kept.value}` } });
  check(replayed.status() === 401 && replayed.headers()["content-type"] === "application/problem+json",
    "a session that has ended is refused with problem+json, its cookie replayed", String(replayed.status()));
  await replay.close();

  // A revoked token ends its session at once.
  const contractor = kioskctl(database, "token", "create", "--role", "operator", "--name", "contractor");
  await page.fill("#token", contractor);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.getElementById("nav").hidden ||
    document.getElementById("sign-in-error").textContent.length > 0);
  check(!(await page.isHidden("#nav")) && (await page.textContent("#who")).includes("contractor"), "another operator's token signs in",
    await page.textContent("#sign-in-error"));
  kioskctl(database, "token", "revoke", "--name", "contractor");
  await page.click("nav a[href='#magazine']");
  await page.waitForSelector("#page-sign-in:not([hidden])", { timeout: 20000 });
  check((await page.textContent("#notice")).includes("berakhir"), "a revoked token's session ends at the next request");

  // --- sign-in attempts are limited per address
  let limited = "";
  for (let attempt = 0; attempt < 8 && !limited.includes("Terlalu banyak"); ++attempt) {
    await page.evaluate(() => { document.getElementById("sign-in-error").textContent = ""; });
    await page.fill("#token", `ktk_guess-${attempt}`);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.getElementById("sign-in-error").textContent.length > 0);
    limited = await page.textContent("#sign-in-error");
  }
  check(limited.includes("Terlalu banyak percobaan"), "repeated sign-ins from one address are limited", limited);
  await shoot(page, "sign-in-limited-id-1280");

  check(pageErrors.filter((e) => !/401|429|Failed to load resource/.test(e)).length === 0, "no script error on the pages", pageErrors.join(" | "));
  await browser.close();
  kiosk.kill("SIGTERM");
  const code = await new Promise((resolve) => kiosk.on("exit", (c) => resolve(c)));
  check(code === 0, "the kiosk stops cleanly", String(code));
  check(!kioskLog.includes(token) && !kioskLog.includes(contractor), "no token in the kiosk's log");
  fs.rmSync(scratch, { recursive: true, force: true });
}

try {
  await main();
} catch (error) {
  check(false, "the scenario ran to its end", error.stack);
}
console.log(`console_test: screenshots in ${artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
cleanUp();
process.exit(failed === 0 ? 0 : 1);
