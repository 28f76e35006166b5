// The operator console's start and navigation: sign-in and sign-out, one page shown at a time
// (its name in the URL's fragment, so the back button and bookmarks work), and the shown page's
// own refresh timer, paused while the browser tab is hidden.
import { currentSession, request, setSession, signIn, whenSignedOut, ApiError, kSessionPath } from "./api.js";
import { t, startLanguage, onLanguageChange } from "./i18n.js";
import { byId } from "./dom.js";
import { overview, screen, magazine, checks } from "./pages_state.js";
import { audit, maintenance, settings } from "./pages_admin.js";

const pages = [overview, screen, magazine, checks, audit, maintenance, settings];
let session = null;
let shown = null;
let timer = null;
let screenPaused = false;

function notice(text) {
  const node = byId("notice");
  node.textContent = text || "";
  node.hidden = !text;
}

function stopTimer() {
  if (timer !== null) clearTimeout(timer);
  timer = null;
}

async function refresh(page) {
  try {
    await page.load();
    notice("");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;  // signed out meanwhile
    notice(t("common.failed", { detail: error.message }));
  }
  if (shown !== page) return;
  page.render();
  scheduleRefresh(page);
}

function scheduleRefresh(page) {
  stopTimer();
  if (!page.intervalMs || document.hidden || (page === screen && screenPaused)) return;
  timer = setTimeout(() => refresh(page), page.intervalMs);
}

function pageFromHash() {
  const name = location.hash.replace(/^#/, "");
  return pages.find((page) => page.id === name) || overview;
}

function show(page) {
  stopTimer();
  shown = page;
  for (const candidate of pages) byId(`page-${candidate.id}`).hidden = candidate !== page;
  byId("page-sign-in").hidden = true;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.getAttribute("href") === `#${page.id}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  page.render();
  refresh(page);
}

function showSignedIn(opened) {
  session = opened;
  setSession(opened);
  byId("nav").hidden = false;
  byId("sign-out").hidden = false;
  const who = byId("who");
  who.hidden = false;
  who.textContent = t("signed_in_as", { name: opened.name });
  byId("token").value = "";
  show(pageFromHash());
}

function showSignIn(reason) {
  stopTimer();
  session = null;
  shown = null;
  setSession(null);
  for (const page of pages) byId(`page-${page.id}`).hidden = true;
  byId("nav").hidden = true;
  byId("sign-out").hidden = true;
  byId("who").hidden = true;
  byId("page-sign-in").hidden = false;
  notice(reason ? t(`sign_in.${reason}`) : "");
  byId("token").focus();
}

async function submitSignIn(event) {
  event.preventDefault();
  const input = byId("token");
  const error = byId("sign-in-error");
  error.textContent = "";
  input.removeAttribute("aria-invalid");
  try {
    showSignedIn(await signIn(input.value.trim()));
    notice("");
    byId("main").focus();
  } catch (failure) {
    const status = failure instanceof ApiError ? failure.status : 0;
    error.textContent = status === 429 ? t("sign_in.too_many", { seconds: failure.retryAfter || 60 })
      : status === 403 ? t("sign_in.not_operator")
      : status === 401 ? t("sign_in.bad_token")
      : t("common.failed", { detail: failure.message });
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
}

async function signOut() {
  try {
    await request(kSessionPath, { method: "DELETE" });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  showSignIn("signed_out");
}

async function start() {
  await startLanguage();
  onLanguageChange(() => {
    if (session) byId("who").textContent = t("signed_in_as", { name: session.name });
    if (shown) shown.render();
  });
  for (const page of pages) if (page.start) page.start();
  byId("sign-in-form").addEventListener("submit", submitSignIn);
  byId("sign-out").addEventListener("click", signOut);
  for (const button of document.querySelectorAll("button.refresh"))
    button.addEventListener("click", () => shown && refresh(shown));
  byId("magazine-show-empty").addEventListener("change", () => magazine.render());
  byId("screen-pause").addEventListener("click", (event) => {
    screenPaused = !screenPaused;
    event.currentTarget.setAttribute("aria-pressed", String(screenPaused));
    event.currentTarget.dataset.i18n = screenPaused ? "common.resume" : "common.pause";
    event.currentTarget.textContent = t(event.currentTarget.dataset.i18n);
    if (shown === screen) scheduleRefresh(screen);
  });
  window.addEventListener("hashchange", () => session && show(pageFromHash()));
  document.addEventListener("visibilitychange", () => shown && (document.hidden ? stopTimer() : refresh(shown)));
  whenSignedOut((reason) => showSignIn(reason));
  try {
    const existing = await currentSession();
    if (existing) showSignedIn(existing);
    else showSignIn(null);
  } catch (error) {
    showSignIn(null);
    notice(t("common.failed", { detail: error.message }));
  }
}

start();
