// Page glue for player.html: a Playback drawn on the canvas, driven by the on-page controls and
// by calls on /players/<name>/control that arrive through the hub.
import { HubClient } from './switchboard/hub.js';
import { isValidName } from './switchboard/patterns.js';
import { Playback } from './playback.js';
import { ANIMATIONS, clockText, drawFrame } from './animations.js';

const $ = id => document.getElementById(id);
const name = new URLSearchParams(location.search).get('name') ?? 'tv';
const channel = `/players/${name}/control`;
const playback = new Playback({ sources: Object.keys(ANIMATIONS), duration: 120 });
const canvas = $('screen');
const ctx = canvas.getContext('2d');
const seek = $('seek');

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return [...bytes].map(b => b.toString(36).padStart(2, '0')).join('');
}

function describe(s) {
  return s.state === 'playing' ? `Playing ${s.src}` : `Paused at ${clockText(s.position)} (${s.src})`;
}

// --- the screen: redrawn on every animation frame while playing, once after each change -----

let drawn = null;
let frameRequested = false;

function render() {
  frameRequested = false;
  const t = playback.position;
  const src = playback.src;
  if (!drawn || drawn.t !== t || drawn.src !== src) {
    drawFrame(ctx, src, t, playback.duration);
    const second = Math.floor(t);
    canvas.dataset.position = t.toFixed(3);
    canvas.dataset.src = src;
    if (!drawn || Math.floor(drawn.t) !== second || drawn.src !== src) {
      canvas.setAttribute('aria-label', `Animation ${src} at ${clockText(t)}`);
      $('time').textContent = `${clockText(t)} / ${clockText(playback.duration)}`;
      if (document.activeElement !== seek || playback.state === 'paused') seek.value = String(t);
      seek.setAttribute('aria-valuetext', `${clockText(t)} of ${clockText(playback.duration)}`);
    }
    drawn = { t, src };
  }
  if (playback.state === 'playing') requestRender();
}

function requestRender() {
  if (!frameRequested) {
    frameRequested = true;
    requestAnimationFrame(render);
  }
}

function showPlayback() {
  const s = playback.status();
  $('toggle').textContent = s.state === 'playing' ? 'Pause' : 'Play';
  $('source').value = s.src;
  $('playback').textContent = describe(s);
  requestRender();
}

// --- on-page controls --------------------------------------------------------------------------

for (const src of playback.sources) $('source').append(new Option(src, src));
seek.max = String(playback.duration);
$('toggle').addEventListener('click', () => (playback.state === 'playing' ? playback.pause() : playback.play()));
seek.addEventListener('input', () => playback.seek(Number(seek.value)));
$('source').addEventListener('change', e => playback.load(e.target.value));
playback.addEventListener('change', showPlayback);

// --- the hub -----------------------------------------------------------------------------------

const connection = $('connection');

function logCall(text, failed) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  if (failed) li.className = 'err';
  $('calls').prepend(li);
  while ($('calls').children.length > 20) $('calls').lastChild.remove();
}

/** Carries out a call and lists it with its answer. */
function command(data) {
  const cmd = JSON.stringify(data);
  try {
    const status = playback.command(data);
    logCall(`${cmd} → ${describe(status)}`, false);
    return status;
  } catch (e) {
    logCall(`${cmd} → error: ${e.message}`, true);
    throw e;
  }
}

function connect() {
  const hub = new HubClient({ client: `player-${name}-${randomId()}`, name: `player-${name}`, kind: 'browser' });
  const refused = error => { connection.textContent = `Could not register ${channel}: ${error.code}: ${error.message}`; };
  hub.register(channel, command).catch(e => { if (e.code !== 'closed') refused(e); });
  hub.addEventListener('state', ({ detail }) => {
    if (detail.state === 'connecting') connection.textContent = 'Connecting to the hub…';
    if (detail.state === 'open') connection.textContent = `Connected; registering ${channel}…`;
    if (detail.state === 'waiting') {
      const why = detail.error ? `${detail.error.code}: ${detail.error.message}` : `closed ${detail.code}`;
      connection.textContent = `Disconnected (${why}); reconnecting in ${(detail.delay / 1000).toFixed(1)} s…`;
    }
    if (detail.state === 'closed') connection.textContent = `Disconnected${detail.error ? ': ' + detail.error.message : ''}.`;
  });
  // For whoever inspects the page (the browser test does): which session this is, and whether
  // the last welcome resumed it.
  hub.addEventListener('welcome', ({ detail }) => {
    connection.dataset.client = detail.client;
    connection.dataset.resumed = String(detail.resumed === true);
  });
  hub.addEventListener('registered', ({ detail }) => { connection.textContent = `Registered as ${detail.ch}`; });
  // The registration made again for a new session, refused.
  hub.addEventListener('error', ({ detail }) => { if (detail.request?.op === 'register') refused(detail.error); });
  // Leaving the page ends the session at once, so callers get no_callee instead of waiting.
  addEventListener('pagehide', () => hub.close());
  addEventListener('pageshow', e => { if (e.persisted) hub.open(); });
  hub.open();
}

$('player-name').textContent = name;
$('channel').textContent = channel;
$('example').textContent = `switchboard call ${channel} '{"cmd":"pause"}'`;
document.title = `Player ${name} · Switchboard`;

// The client id is player-<name>-<12 characters>, and it must stay a valid name.
if (isValidName(`player-${name}-xxxxxxxxxxxx`)) {
  connect();
} else {
  connection.textContent = `"${name}" cannot name a player: use 1-44 of A-Z a-z 0-9 - _ . ~ : @ (?name=tv).`;
}
playback.play();
showPlayback();
