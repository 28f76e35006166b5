// The console's one way to the kiosk's API: same-origin requests that carry the session cookie
// (HttpOnly: this script never sees it), the session's CSRF token on every change, and RFC 9457
// problems turned into ApiError. A 401 anywhere means the session has ended: the console signs out.
export const kSessionPath = "/api/v1/console/session";

let csrfToken = null;
let signedOut = () => {};

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  // The problem's stable kind: "invalid-config-value", "personal-data-on-screen", ...
  get kind() {
    return String(this.problem.type || "").split("/").pop();
  }
}

export function setSession(session) {
  csrfToken = session ? session.csrf_token : null;
}

export function whenSignedOut(callback) {
  signedOut = callback;
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

// fetch() with the console's conventions; resolves to the Response when it is 2xx or 304.
export async function request(path, { method = "GET", json, contentType = "application/json", headers = {} } = {}) {
  const sent = { ...headers };
  if (method !== "GET" && method !== "HEAD" && csrfToken) sent["X-CSRF-Token"] = csrfToken;
  let body;
  if (json !== undefined) {
    sent["Content-Type"] = contentType;
    body = JSON.stringify(json);
  }
  const response = await fetch(path, { method, headers: sent, body, credentials: "same-origin", cache: "no-store" });
  if (response.ok) return response;
  const error = new ApiError(response.status, await problemOf(response));
  if (response.status === 401 && path !== kSessionPath) signedOut("ended");
  throw error;
}

export async function getJson(path) {
  return (await request(path)).json();
}

// Signing in: the token goes once, in the Authorization header, to the sign-in route; the answer
// sets the cookie and names the CSRF token.
export async function signIn(token) {
  const response = await fetch(kSessionPath, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
    credentials: "same-origin",
    cache: "no-store",
  });
  if (!response.ok) throw Object.assign(new ApiError(response.status, await problemOf(response)), {
    retryAfter: Number(response.headers.get("Retry-After") || 0),
  });
  return response.json();
}

// The session this browser's cookie names, or null when there is none (a 401).
export async function currentSession() {
  try {
    return await getJson(kSessionPath);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return null;
    throw error;
  }
}

// A value of the Prometheus text exposition (GET /metrics): the first sample of `series`.
export function sample(exposition, series) {
  for (const line of exposition.split("\n")) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return null;
}
