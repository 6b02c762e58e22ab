import { defineHandlers, defineStates } from './handlers.js';
import { JSONWebSocket as PlainJSONWebSocket } from './json.js';
import { rootUrl, socketUrl } from './url.js';

/**
 * `WebSocket`, multiplexed: every socket made here is a topic of one shared `/mux` socket per
 * page, speaking SockJS websocket-multiplex frames (`sub,<topic>`, `msg,<topic>,<payload>`,
 * `uns,<topic>`). The API is the browser's `WebSocket` (events, `on<type>` handlers,
 * `readyState`, `send`, `close`), so a page can swap
 *
 *     new WebSocket('chat')   ↔   new M.WebSocket('chat')      (import * as M from './multi.js')
 *
 * and only the number of connections changes. A topic is the socket's path relative to the
 * application's root, query included (`/chatrooms/lobby/chat?name=ann`), escaped with
 * `escape()` as the websocket-multiplex client escapes it. A second socket to the same path on
 * one page gets the topic `<path>#2` (and so on): the server ignores the fragment, so each is a
 * connection of its own. Text only: binary data is a TypeError.
 *
 * As in websocket-multiplex, a topic is open as soon as its `sub` is sent; a path that is no
 * socket is answered `uns`, which is the topic socket's `close` (the hub adds the close code and
 * reason after the topic: `uns,<topic>,<code>,<reason>`; without them the code is 1005). When the
 * shared socket drops, every topic closes with 1006; the next `new M.WebSocket` makes a new one.
 */
const NativeWebSocket = globalThis.WebSocket;
const muxes = new Map();

/** The `/mux` socket URL used unless a socket names another (`options.mux`). */
export const MUX_URL = socketUrl(rootUrl('mux'));

/** The shared sockets now open or opening, for pages that show their connections. */
export function connections() {
  return [...muxes.values()].map(m => ({ url: m.url.href, readyState: m.socket.readyState, topics: m.topics.size }));
}

function muxFor(url) {
  let mux = muxes.get(url.href);
  if (!mux) muxes.set(url.href, mux = new Mux(url));
  return mux;
}

class Mux {
  constructor(url) {
    this.url = url;
    this.topics = new Map();
    this.socket = new NativeWebSocket(url);
    this.socket.onopen = () => {
      for (const topic of this.topics.values()) topic.subscribe();
    };
    this.socket.onmessage = e => this.#received(e.data);
    this.socket.onclose = () => {
      if (muxes.get(url.href) === this) muxes.delete(url.href);
      const topics = [...this.topics.values()];
      this.topics.clear();
      for (const topic of topics) topic.dropped(this.opened);
    };
    this.opened = false;
    this.socket.addEventListener('open', () => { this.opened = true; }, { once: true });
  }

  get isOpen() {
    return this.socket.readyState === NativeWebSocket.OPEN;
  }

  /** Adds `topic` under its path, or `path#n` if that is taken; returns the escaped name. */
  add(path, topic) {
    let name = escape(path);
    for (let n = 2; this.topics.has(name); n++) name = escape(`${path}#${n}`);
    this.topics.set(name, topic);
    return name;
  }

  remove(name) {
    this.topics.delete(name);
  }

  send(text) {
    this.socket.send(text);
  }

  #received(data) {
    if (typeof data !== 'string') return;
    const [type, name, payload] = splitFrame(data);
    const topic = this.topics.get(name);
    if (!topic) return;
    if (type === 'msg') topic.message(payload ?? '');
    else if (type === 'uns') {
      this.topics.delete(name);
      topic.unsubscribed(payload);
    }
  }
}

/** `type,name,payload`: the payload is everything after the second comma, commas included. */
function splitFrame(text) {
  const a = text.indexOf(',');
  if (a < 0) return [text, undefined, undefined];
  const b = text.indexOf(',', a + 1);
  if (b < 0) return [text.slice(0, a), text.slice(a + 1), undefined];
  return [text.slice(0, a), text.slice(a + 1, b), text.slice(b + 1)];
}

/** The path of `url` below the application's root, query included. */
function topicPath(url, muxUrl) {
  const target = socketUrl(url);
  const root = new URL('.', muxUrl);
  if (target.protocol !== root.protocol || target.host !== root.host || !target.pathname.startsWith(root.pathname)) {
    throw new SyntaxError(`${target.href} is not a socket of the server at ${root.href}`);
  }
  return '/' + target.pathname.slice(root.pathname.length) + target.search;
}

export class WebSocket extends EventTarget {
  #url;
  #path;
  #mux;
  #name;
  #state = 0;
  binaryType = 'blob';

  /**
   * @param {string|URL} url  relative to the page, on the same server as the mux
   * @param {string|string[]} [protocols]  none can be negotiated through a topic: must be empty
   * @param {{mux?: string|URL}} [options]  another `/mux` address
   */
  constructor(url, protocols = [], { mux = MUX_URL } = {}) {
    super();
    if ((Array.isArray(protocols) ? protocols.length : String(protocols).length) > 0) {
      throw new SyntaxError('subprotocols cannot be negotiated through a multiplexed topic');
    }
    const muxUrl = socketUrl(mux);
    this.#url = socketUrl(url).href;
    this.#path = topicPath(url, muxUrl);
    this.#mux = muxFor(muxUrl);
    this.#name = this.#mux.add(this.#path, {
      subscribe: () => this.#subscribe(),
      message: payload => this.#message(payload),
      unsubscribed: payload => this.#unsubscribed(payload),
      dropped: opened => this.#dropped(opened),
    });
    if (this.#mux.isOpen) setTimeout(() => this.#subscribe(), 0);
  }

  #subscribe() {
    if (this.#state !== WebSocket.CONNECTING) return;
    this.#mux.send(`sub,${this.#name}`);
    this.#state = WebSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  #message(payload) {
    if (this.#state !== WebSocket.OPEN) return;
    this.dispatchEvent(new MessageEvent('message', { data: payload, origin: new URL(this.#url).origin }));
  }

  #unsubscribed(payload) {
    const [code, ...reason] = (payload ?? '').split(',');
    this.#finish(/^\d+$/.test(code) ? Number(code) : 1005, reason.join(','), true);
  }

  #dropped(opened) {
    if (!opened || this.#state === WebSocket.CONNECTING) this.dispatchEvent(new Event('error'));
    this.#finish(1006, '', false);
  }

  #finish(code, reason, wasClean) {
    if (this.#state === WebSocket.CLOSED) return;
    this.#state = WebSocket.CLOSED;
    this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean }));
  }

  /** Sends text on this topic. Throws while connecting, as WebSocket does; text only. */
  send(data) {
    if (this.#state === WebSocket.CONNECTING) throw new DOMException('still connecting', 'InvalidStateError');
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data) || data instanceof Blob) {
      throw new TypeError('a multiplexed topic carries text only');
    }
    if (this.#state !== WebSocket.OPEN) return;
    this.#mux.send(`msg,${this.#name},${String(data)}`);
  }

  /** Closes this topic (`uns`); the shared socket stays open for the page's other topics. */
  close(code, reason = '') {
    if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw new DOMException(`close code ${code} is neither 1000 nor 3000-4999`, 'InvalidAccessError');
    }
    if (this.#state === WebSocket.CLOSING || this.#state === WebSocket.CLOSED) return;
    this.#mux.remove(this.#name);
    if (this.#state === WebSocket.CONNECTING) {
      this.#state = WebSocket.CLOSING;
      setTimeout(() => this.#dropped(false), 0);
      return;
    }
    this.#mux.send(code === undefined ? `uns,${this.#name}` : `uns,${this.#name},${code},${reason}`);
    this.#state = WebSocket.CLOSING;
    setTimeout(() => this.#finish(code ?? 1005, String(reason), true), 0);
  }

  get readyState() { return this.#state; }
  get url() { return this.#url; }
  /** The topic as sent in `sub` (escaped). */
  get topic() { return this.#name; }
  get protocol() { return ''; }
  get extensions() { return ''; }
  get bufferedAmount() { return this.#mux.socket.bufferedAmount; }
}
defineHandlers(WebSocket.prototype, ['open', 'message', 'error', 'close']);
defineStates(WebSocket);

/** {@link PlainJSONWebSocket} over a multiplexed topic. */
export class JSONWebSocket extends PlainJSONWebSocket {
  constructor(url, protocols = undefined, options = {}) {
    super(url, protocols, { WebSocket: class extends WebSocket {
      constructor(u, p) { super(u, p, options); }
    } });
  }
}
