/**
 * chat.html: one socket to the room (`chatrooms/<room>/chat`, text in, `{from, text, at}` out)
 * and one to the room list (`chatrooms`, an index: `index`, then `added`/`removed`). Both are
 * opened by relative address, with the direct sockets or, under `?mux=1`, the multiplexed ones:
 * the code below is the same either way.
 */
import { isValidName, NAME_PATTERN } from './switchboard/patterns.js';

const params = new URLSearchParams(location.search);
const multiplexed = params.get('mux') === '1';
const S = multiplexed ? await import('./switchboard/multi.js') : await import('./switchboard/direct.js');
const $ = id => document.getElementById(id);
const name = params.get('name') ?? '';
let room = null;
let chat = null;
let retry = { chat: 0, rooms: 0 };

$('room').pattern = NAME_PATTERN;
$('mode').textContent = multiplexed ? 'Sockets: multiplexed over one /mux connection.' : 'Sockets: direct.';

function roomFromAddress() {
  const wanted = decodeURIComponent(location.hash.slice(1));
  return isValidName(wanted) ? wanted : 'lobby';
}

function status(text) {
  $('status').textContent = text;
}

/** Reopens a dropped socket after 0.5 s doubling to 15 s, with jitter. */
function later(which, open) {
  const step = Math.min(15000, 500 * 2 ** retry[which]++);
  setTimeout(open, step / 2 + Math.random() * step / 2);
}

function enterRoom() {
  const next = roomFromAddress();
  if (next === room && chat) return;
  room = next;
  $('room-name').textContent = room;
  $('messages').replaceChildren();
  markCurrentRoom();
  if (chat) {
    chat.onclose = null;
    chat.close(1000);
  }
  openChat();
}

function openChat() {
  const query = name ? `?name=${encodeURIComponent(name)}` : '';
  const ws = new S.WebSocket(`chatrooms/${encodeURIComponent(room)}/chat${query}`);
  chat = ws;
  status(`Joining ${room}…`);
  ws.onopen = () => {
    retry.chat = 0;
    status(`In ${room}${name ? ` as ${name}` : ''}`);
  };
  ws.onmessage = e => said(JSON.parse(e.data));
  ws.onclose = e => {
    if (chat !== ws) return;
    status(`Disconnected from ${room} (closed ${e.code}); reconnecting…`);
    later('chat', openChat);
  };
}

function said({ from, text, at }) {
  const li = document.createElement('li');
  const who = document.createElement('b');
  who.textContent = from;
  const when = document.createElement('time');
  when.dateTime = at;
  when.textContent = new Date(at).toLocaleTimeString();
  const what = document.createElement('span');
  what.textContent = text;
  li.append(who, ' ', when, ' ', what);
  $('messages').append(li);
  li.scrollIntoView({ block: 'nearest' });
}

function openRoomList() {
  const ws = new S.JSONWebSocket('chatrooms');
  ws.onopen = () => { retry.rooms = 0; };
  ws.onmessage = ({ data }) => {
    if (data.op === 'index') showRooms(data.children.map(c => c.name));
    else if (data.op === 'added') addRoom(data.child.name);
    else if (data.op === 'removed') $('rooms').querySelector(`li[data-room="${CSS.escape(data.child.name)}"]`)?.remove();
  };
  ws.onclose = () => later('rooms', openRoomList);
}

function showRooms(names) {
  $('rooms').replaceChildren();
  names.forEach(addRoom);
}

function addRoom(roomName) {
  if ($('rooms').querySelector(`li[data-room="${CSS.escape(roomName)}"]`)) return;
  const li = document.createElement('li');
  li.dataset.room = roomName;
  const a = document.createElement('a');
  a.href = `#${encodeURIComponent(roomName)}`;
  a.textContent = roomName;
  li.append(a);
  const after = [...$('rooms').children].find(other => other.dataset.room > roomName);
  $('rooms').insertBefore(li, after ?? null);
  markCurrentRoom();
}

function markCurrentRoom() {
  for (const a of $('rooms').querySelectorAll('a')) {
    if (a.textContent === room) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

$('say').addEventListener('submit', e => {
  e.preventDefault();
  const text = $('text').value;
  if (!text || chat?.readyState !== S.WebSocket.OPEN) return;
  chat.send(text);
  $('text').value = '';
});

$('join').addEventListener('submit', e => {
  e.preventDefault();
  location.hash = encodeURIComponent($('room').value);
  $('room').value = '';
});

window.addEventListener('hashchange', enterRoom);
enterRoom();
openRoomList();
