/*
 * The registration wall (docs/advertising.md, "Registration wall"): a site may let a browser read
 * N articles a month before asking the reader to sign in or register. The count lives here, in the
 * browser's localStorage, so every article page stays the same for everyone and the page cache
 * keeps it. The article is in the page for search engines and for readers without JavaScript; the
 * page's JSON-LD says which part is gated (isAccessibleForFree: false, cssSelector .paywall).
 */
// @ts-check
/** @typedef {{ m: string, p: string[] }} WallState The month ("YYYY-MM") and the article paths read in it. */
/**
 * What to do on this view: show the article or not, and the month's list of articles read.
 * @param {unknown} state what localStorage held (anything: it is the browser's to change)
 * @param {string} path
 * @param {string} month
 * @param {number} limit
 * @returns {{ show: boolean, state: WallState }}
 */
function wallDecision(state, path, month, limit) {
  var held = /** @type {Partial<WallState> | null} */ (state);
  /** @type {WallState} */
  var s = held && held.m === month && Array.isArray(held.p) ? { m: month, p: held.p } : { m: month, p: [] };
  if (s.p.indexOf(path) >= 0) return { show: true, state: s };
  if (s.p.length < limit) return { show: true, state: { m: month, p: s.p.concat([path]) } };
  return { show: false, state: s };
}

(() => {
  if (typeof document === 'undefined') return;
  var found = document.querySelector('.paywall[data-free-articles]');
  if (!(found instanceof HTMLElement)) return;
  var body = found;
  var key = 'mh_free_articles';
  var state = null;
  try {
    state = JSON.parse(localStorage.getItem(key) || 'null');
  } catch (_e) {
    // Storage blocked (private mode, a policy): every view counts as the first.
  }
  var d = wallDecision(state, location.pathname, new Date().toISOString().slice(0, 7), Number(body.getAttribute('data-free-articles')));
  try {
    localStorage.setItem(key, JSON.stringify(d.state));
  } catch (_e) {
    // Not kept: the next view counts this one again, never against the reader.
  }
  if (d.show) return;
  // Signed-in readers read on: only the server knows (the session cookie is HttpOnly).
  fetch('/account/status', { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then((r) => r.ok ? r.json() : { signedIn: false })
    .then((j) => {
      if (j.signedIn) return;
      body.style.maxHeight = '12em';
      body.style.overflow = 'hidden';
      var prompt = document.getElementById('wall-prompt');
      if (prompt) prompt.hidden = false;
    })
    .catch(() => {});
})();
