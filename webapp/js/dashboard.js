// Page glue for dashboard.html: the devices connected to the hub, and the view of the one opened.
//
// - The list comes from `GET api/devices` (fetched again each time the hub confirms the
//   subscription to `/$sys/presence`) and then from the messages on that channel.
// - Opening a device views it (so its `emit`s reach us) and subscribes to the retained
//   `/devices/<name>/view`, whose `{title, components:[...]}` is rendered by components/index.js.
//   The HubClient (js/switchboard) makes both again whenever the hub starts a new session.
// - `emit` data `{"<id>": value}` updates every component with that id; the inputs send
//   `{"op":"input","device":"<name>","data":{"id":"<id>","value":...}}`.
// - When the hub has users it refuses the session (`unauthorized`, then 1008): the page shows a
//   sign-in form, gets a token with `POST api/token` (HTTP Basic) and keeps it for the tab in
//   sessionStorage; an expired token brings the form back.
import { HubClient } from './switchboard/hub.js';
import { isValidName } from './switchboard/patterns.js';
import { renderComponent } from './components/index.js';

const $ = id => document.getElementById(id);
const SYS_PRESENCE = '/$sys/presence';
const viewChannel = device => `/devices/${device}/view`;

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return [...bytes].map(b => b.toString(36).padStart(2, '0')).join('');
}

// --- the device list ---------------------------------------------------------------------------

/** name → {name, connected, viewers, since?} */
const devices = new Map();
/** Devices whose presence changed while the list was being fetched: the fetch is older news. */
let touched = null;

function setDevice(name, changes) {
  const d = devices.get(name) ?? { name, connected: false, viewers: 0 };
  Object.assign(d, changes);
  devices.set(name, d);
  showDevices();
  if (name === opened) showDeviceStatus();
}

function showDevices() {
  const list = $('devices');
  const names = [...devices.keys()].sort((a, b) => a.localeCompare(b));
  const items = new Map([...list.children].map(li => [li.dataset.device, li]));
  for (const [name, li] of items) if (!devices.has(name)) li.remove();
  names.forEach((name, i) => {
    const d = devices.get(name);
    let li = items.get(name);
    if (!li) {
      li = document.createElement('li');
      li.dataset.device = name;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'device';
      button.innerHTML = '<span class="dot" aria-hidden="true"></span><span class="device-name"></span> <span class="presence"></span>';
      button.querySelector('.device-name').textContent = name;
      button.addEventListener('click', () => openDevice(name));
      li.append(button);
    }
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
    const button = li.firstChild;
    button.classList.toggle('online', d.connected);
    button.dataset.connected = String(d.connected);
    button.querySelector('.presence').textContent = d.connected ? 'online' : 'offline';
    button.title = `${d.viewers} viewer${d.viewers === 1 ? '' : 's'}`;
    if (name === opened) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  });
  if (!list.children.length) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = 'No devices yet.';
    list.append(li);
  }
}

async function loadDevices() {
  touched = new Set();
  try {
    const headers = { accept: 'application/json' };
    if (hub.token) headers.authorization = `Bearer ${hub.token}`;
    const r = await fetch('api/devices', { headers });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const list = await r.json();
    for (const d of list) {
      if (touched.has(d.name)) continue;
      setDevice(d.name, { connected: d.connected === true, viewers: d.viewers ?? 0, since: d.since });
    }
    showDevices();
  } catch (e) {
    connection.textContent = `Could not load the devices: ${e.message}`;
  } finally {
    touched = null;
  }
}

function presence({ event, device, viewers }) {
  if (typeof device !== 'string') return;
  const changes = typeof viewers === 'number' ? { viewers } : {};
  if (event === 'connected') changes.connected = true;
  else if (event === 'disconnected') changes.connected = false;
  // `viewing`/`left` say nothing about the device's own connection: they only count viewers.
  else if (!devices.has(device)) return;
  if ('connected' in changes) touched?.add(device);
  setDevice(device, changes);
}

// --- the opened device -------------------------------------------------------------------------

let opened = null;
/** The subscription to the opened device's view channel. */
let viewSub = null;
/** id → [{update}] of the rendered components. */
let outputs = new Map();
/** The latest value of each id, so a view rendered after the first emits still shows them. */
let latest = new Map();
let note = '';
/** The view last rendered, as JSON: a device republishing the same view (on every reconnect) keeps the page as it is. */
let shownView = null;

function showDeviceStatus() {
  const d = devices.get(opened);
  const state = d?.connected ? `${opened} is online` : `${opened} is offline`;
  $('device-status').textContent = note ? `${state}. ${note}` : state;
  $('view').classList.toggle('offline', !d?.connected);
}

/** A failed request about the opened device, said under its status. */
function deviceProblem(e) {
  if (e.code === 'closed' || e.code === 'unauthorized') return; // the page is leaving, or asks to sign in
  note = e.code === 'device_offline' ? 'It is offline: the input was not delivered.' : `${e.code}: ${e.message}`;
  if (opened) showDeviceStatus();
}

function openDevice(name) {
  viewSub?.close();
  opened = name;
  outputs = new Map();
  latest = new Map();
  note = '';
  shownView = null;
  $('view').hidden = false;
  $('no-view').hidden = true;
  $('view-title').textContent = name;
  $('components').replaceChildren(placeholder('Waiting for the device to publish its view…'));
  if (isValidName(name)) {
    hub.view(name, emitted).catch(deviceProblem);
    viewSub = hub.sub(viewChannel(name), view => { if (opened === name) renderView(view); });
    viewSub.ready.catch(deviceProblem);
  } else {
    viewSub = null;
    note = 'That is not a device name.';
  }
  const url = new URL(location.href);
  url.searchParams.set('device', name);
  history.replaceState(null, '', url);
  showDevices();
  showDeviceStatus();
}

function placeholder(text) {
  const p = document.createElement('p');
  p.className = 'placeholder';
  p.textContent = text;
  return p;
}

function renderView(view) {
  const json = JSON.stringify(view);
  if (json === shownView) return;
  shownView = json;
  const device = opened;
  outputs = new Map();
  $('view-title').textContent = view && typeof view.title === 'string' ? `${view.title} (${device})` : device;
  const components = Array.isArray(view?.components) ? view.components : [];
  const parts = components.map(spec => {
    const send = value => sendInput(device, { id: spec?.id, value });
    const rendered = renderComponent(spec, send);
    if (spec && spec.id !== undefined) {
      const id = String(spec.id);
      if (!outputs.has(id)) outputs.set(id, []);
      outputs.get(id).push(rendered);
      if (latest.has(id)) rendered.update(latest.get(id));
    }
    return rendered.element;
  });
  $('components').replaceChildren(...(parts.length ? parts : [placeholder('This device’s view has no components.')]));
}

function sendInput(device, data) {
  note = '';
  showDeviceStatus();
  hub.input(device, data).catch(deviceProblem);
}

function emitted(data, frame) {
  if (frame.device !== opened || data === null || typeof data !== 'object') return;
  for (const [id, value] of Object.entries(data)) {
    latest.set(id, value);
    for (const c of outputs.get(id) ?? []) c.update(value);
  }
}

// --- the hub -----------------------------------------------------------------------------------

const connection = $('connection');
const TOKEN_KEY = 'switchboard.token';
const hub = new HubClient({ client: `dashboard-${randomId()}`, kind: 'browser',
  token: sessionStorage.getItem(TOKEN_KEY) ?? undefined });

// --- signing in --------------------------------------------------------------------------------

const login = $('login');

function askToSignIn(why) {
  sessionStorage.removeItem(TOKEN_KEY);
  hub.token = undefined;
  connection.textContent = why;
  login.hidden = false;
  $('login-user').focus();
}

login.addEventListener('submit', async e => {
  e.preventDefault();
  const user = $('login-user').value;
  const password = $('login-password').value;
  const problem = $('login-error');
  problem.textContent = '';
  try {
    const basic = btoa(String.fromCodePoint(...new TextEncoder().encode(`${user}:${password}`)));
    const r = await fetch('api/token', { method: 'POST', headers: { authorization: `Basic ${basic}` } });
    if (r.status === 401) {
      problem.textContent = 'Wrong user name or password.';
      $('login-password').select();
      return;
    }
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const { token } = await r.json();
    sessionStorage.setItem(TOKEN_KEY, token);
    hub.token = token;
    login.hidden = true;
    $('login-password').value = '';
    hub.open();
  } catch (err) {
    problem.textContent = `Could not sign in: ${err.message}`;
  }
});

hub.addEventListener('state', ({ detail }) => {
  if (detail.state === 'connecting') connection.textContent = 'Connecting to the hub…';
  if (detail.state === 'waiting') {
    const why = detail.error ? `${detail.error.code}: ${detail.error.message}` : `closed ${detail.code}`;
    connection.textContent = `Disconnected (${why}); reconnecting in ${(detail.delay / 1000).toFixed(1)} s…`;
  }
  if (detail.state === 'closed' && detail.error?.code === 'unauthorized') {
    askToSignIn(hub.token ? 'Your sign-in has expired: sign in again.' : 'Sign in to connect to the hub.');
  } else if (detail.state === 'closed') {
    connection.textContent = `Disconnected${detail.error ? ': ' + detail.error.message : ''}.`;
  }
});

hub.addEventListener('welcome', ({ detail }) => {
  connection.dataset.client = detail.client;
  connection.dataset.resumed = String(detail.resumed === true);
  connection.textContent = 'Connected';
});

// Each time the hub confirms it (also for a new session), the list is fetched again: the
// messages from then on are news the list does not have yet.
hub.sub(SYS_PRESENCE, data => presence(data ?? {})).ready.catch(e => {
  if (e.code !== 'closed') connection.textContent = `Hub error ${e.code}: ${e.message}`;
});
hub.addEventListener('subscribed', ({ detail }) => { if (detail.ch === SYS_PRESENCE) loadDevices(); });

hub.addEventListener('presence', ({ detail: frame }) => {
  presence(frame);
  if (frame.device === opened && frame.event === 'disconnected') {
    note = 'It went offline.';
    showDeviceStatus();
  }
  if (frame.device === opened && frame.event === 'connected') {
    note = '';
    showDeviceStatus();
  }
});

// An error no request of ours waits for (or one made again for a new session).
hub.addEventListener('error', ({ detail }) => {
  const error = detail.error ?? {};
  if (error.code === 'unauthorized') return; // the close that follows brings up the sign-in form
  if (detail.request && detail.request.ch !== SYS_PRESENCE && opened) deviceProblem(error);
  else connection.textContent = `Hub error ${error.code}: ${error.message}`;
});

addEventListener('pagehide', () => hub.close());
addEventListener('pageshow', e => { if (e.persisted) hub.open(); });

showDevices();
const wanted = new URLSearchParams(location.search).get('device');
hub.open();
if (wanted) openDevice(wanted);
