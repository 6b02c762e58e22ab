// Page glue for admin.html: this node's sessions and channels from the Server API (docs/admin.md).
//
// - Polls `GET api/sessions` and `GET api/channels?pattern=` every two seconds (the API is plain
//   HTTP; a system channel of session events would spare the polling, but polling shows queue
//   depths, which change with every frame and are no event).
// - The Disconnect button sends `DELETE api/sessions/<client>`: the session ends and its client is
//   closed with 4003 "disconnected by admin".
// - On a hub with users the API needs a token whose roles grant `admin:/**`: a 401 shows the sign-in
//   form (a token from `POST api/token`, kept for the tab in sessionStorage), a 403 says the user has
//   no admin grant. An open hub answers only pages loaded from a loopback address.
import { rootUrl } from './switchboard/url.js';
import { isPattern } from './switchboard/patterns.js';

const $ = id => document.getElementById(id);
const TOKEN_KEY = 'switchboard.admin.token';
const POLL_MS = 2000;
let token = sessionStorage.getItem(TOKEN_KEY);
let timer = null;

async function api(method, path) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const r = await fetch(rootUrl(path), { method, headers });
  if (r.status === 401) throw Object.assign(new Error('sign in'), { status: 401 });
  const body = r.status === 204 ? null : await r.json();
  if (!r.ok) throw Object.assign(new Error(body?.error?.message ?? `HTTP ${r.status}`), { status: r.status });
  return body;
}

const SESSION_FIELDS = ['client', 'name', 'user', 'kind', 'transport', 'connected', 'queued', 'since', 'subscriptions'];

/**
 * Rows are kept per key and updated in place, never rebuilt: a button under the pointer (or with
 * the keyboard focus) stays the same element while its session lives.
 */
function syncRows(body, items, keyOf, make, update) {
  const rows = new Map([...body.rows].filter(r => r.dataset.key).map(r => [r.dataset.key, r]));
  const keys = new Set(items.map(keyOf));
  for (const [key, row] of rows) if (!keys.has(key)) row.remove();
  body.querySelector('tr.empty')?.remove();
  items.forEach((item, i) => {
    const key = keyOf(item);
    let row = rows.get(key);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.key = key;
      make(row, item);
    }
    update(row, item);
    if (body.rows[i] !== row) body.insertBefore(row, body.rows[i] ?? null);
  });
}

function empty(body, columns, text) {
  if (body.rows.length) return;
  const row = body.insertRow();
  row.className = 'empty';
  const td = row.insertCell();
  td.colSpan = columns;
  td.textContent = text;
}

function makeSession(row, s) {
  for (const field of SESSION_FIELDS) {
    const td = row.insertCell();
    td.dataset.field = field;
    if (field === 'queued') td.className = 'num';
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Disconnect';
  button.setAttribute('aria-label', `Disconnect ${s.name ?? s.client}`);
  button.addEventListener('click', () => disconnect(s.client, button));
  row.insertCell().append(button);
}

function updateSession(row, s) {
  row.className = s.connected ? 'connected' : 'detached';
  const text = {
    ...s,
    connected: s.connected ? 'yes' : 'no',
    queued: String(s.queued),
    since: s.since ? new Date(s.since).toLocaleTimeString() : '',
    subscriptions: (s.subscriptions ?? []).join(' '),
  };
  SESSION_FIELDS.forEach((field, i) => {
    const td = row.cells[i];
    if (td.textContent !== (text[field] ?? '')) td.textContent = text[field] ?? '';
  });
  row.cells[SESSION_FIELDS.indexOf('since')].title = s.since ?? '';
}

function showSessions(sessions) {
  const body = $('sessions').tBodies[0];
  syncRows(body, sessions, s => s.client, makeSession, updateSession);
  empty(body, SESSION_FIELDS.length + 1, 'No sessions.');
}

function showChannels(channels) {
  const body = $('channels').tBodies[0];
  syncRows(body, channels, c => (c.pattern ? 'p:' : 'c:') + c.ch, (row, c) => {
    row.dataset.channel = c.ch;
    const code = document.createElement('code');
    code.textContent = c.ch;
    row.insertCell().append(code);
    if (c.pattern) row.cells[0].append(' (pattern)');
    row.insertCell().className = 'num';
  }, (row, c) => {
    row.cells[1].textContent = String(c.subscribers);
  });
  empty(body, 2, 'No live channels.');
}

async function disconnect(client, button) {
  button.disabled = true;
  try {
    await api('DELETE', `api/sessions/${encodeURIComponent(client)}`);
    $('notice').textContent = `Disconnected ${client}.`;
  } catch (err) {
    $('notice').textContent = `Could not disconnect ${client}: ${err.message}`;
    button.disabled = false;
  }
  refresh();
}

/** One refresh at a time: a refresh asked for while one is under way runs right after it. */
let refreshing = false;
let again = false;

async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  clearTimeout(timer);
  let signIn = null;
  try {
    const pattern = $('pattern').value.trim() || '/**';
    const [sessions, channels] = await Promise.all([api('GET', 'api/sessions'),
      api('GET', `api/channels?pattern=${encodeURIComponent(pattern)}`)]);
    showSessions(sessions);
    showChannels(channels);
    $('status').textContent = `${sessions.length} sessions, ${channels.length} channels.`;
  } catch (err) {
    if (err.status === 401) signIn = token ? 'Your sign-in has expired: sign in again.' : 'Sign in to use the Server API.';
    else $('status').textContent = err.status === 403 ? `Not allowed: ${err.message}` : `Could not load: ${err.message}`;
  } finally {
    refreshing = false;
  }
  if (signIn) {
    again = false;
    askToSignIn(signIn); // polling stops until the form is sent
  } else if (again) {
    again = false;
    refresh();
  } else {
    timer = setTimeout(refresh, POLL_MS);
  }
}

function askToSignIn(why) {
  sessionStorage.removeItem(TOKEN_KEY);
  token = null;
  $('status').textContent = why;
  $('login').hidden = false;
  $('login-user').focus();
}

$('login').addEventListener('submit', async e => {
  e.preventDefault();
  const problem = $('login-error');
  problem.textContent = '';
  try {
    const basic = btoa(String.fromCodePoint(...new TextEncoder().encode(`${$('login-user').value}:${$('login-password').value}`)));
    const r = await fetch(rootUrl('api/token'), { method: 'POST', headers: { authorization: `Basic ${basic}` } });
    if (r.status === 401) {
      problem.textContent = 'Wrong user name or password.';
      return;
    }
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    token = (await r.json()).token;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('login').hidden = true;
    $('login-password').value = '';
    refresh();
  } catch (err) {
    problem.textContent = `Could not sign in: ${err.message}`;
  }
});

$('filter').addEventListener('submit', e => {
  e.preventDefault();
  const pattern = $('pattern').value.trim();
  if (pattern && !isPattern(pattern)) {
    $('notice').textContent = `Not a pattern: ${pattern}`;
    return;
  }
  refresh();
});

refresh();
