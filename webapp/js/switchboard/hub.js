import { RelativeWebSocket } from './relative.js';
import { WebSocket as MultiWebSocket } from './multi.js';
import { isChannel, isPath, isValidName, matches, segments } from './patterns.js';
import { applyPatch } from './patch.js';
import { rootUrl } from './url.js';
import { SseStreams } from './sse.js';
import { HubError } from './errors.js';

export { HubError };

const OUTBOX_LIMIT = 10000;
const SEEN_OFFSETS = 4096;

function randomId() {
  return 'web-' + Array.from(crypto.getRandomValues(new Uint8Array(8)), b => b.toString(16).padStart(2, '0')).join('');
}

function requirePath(ch, what = 'ch') {
  if (!isPath(ch)) throw new TypeError(`${what} must be a channel path such as /sensors/kitchen, not ${JSON.stringify(ch)}`);
}

/**
 * A client of the hub (docs/protocol.md) over `/ws`, over a topic of `/mux`, or, for
 * receiving, over SSE (`transport: "ws" | "mux" | "sse"`).
 *
 * Over a socket it says `hello` with its client id (so its session is resumable), acks what it
 * processed, reconnects after a drop with exponential backoff and jitter, and resumes with
 * `resume.seq`. Sends made while offline are queued and go out after the `welcome`. Requests
 * (`pub`, `call`, `input`, `emit`, `patch`) carry ids; one still unanswered when the socket drops
 * is sent again with the same id, which the hub answers without carrying it out twice. Frames are
 * deduplicated by `seq`, messages by `off`. If the hub lost the session (`welcome.resumed`
 * false), subscriptions, registrations, the view and watches are made again, subscriptions with
 * `since` the last offset seen, so messages published meanwhile are replayed (or a `gap` says
 * they are gone); `open()` after `close()` makes them again the same way.
 *
 * Events (CustomEvents, `detail` in brackets): `state` ({state, code?, delay?, error?}),
 * `welcome` (the frame), `subscribed` and `registered` ({ch}: the hub holds that subscription or
 * registration, each time it confirms one, also one made again for a new session; `registered`
 * also follows a resumed `welcome`, since the hub kept the registrations), `gap`, `presence`
 * (the frames), `error` (an `error` frame no request waits for; with `request` when it refused a
 * request made again for a new session), `frame` (every frame received). An admin's server-side
 * subscription is a `subscribed` ({ch, by: 'admin'}) and its removal `unsubscribed`; their
 * messages reach the handlers of matching patterns and the `frame` event (docs/admin.md).
 *
 * A hub with users refuses a missing, bad or expired token (`unauthorized`, then close 1008):
 * trying again with the same token cannot help, so the state becomes `closed` with that error.
 * Set `token` (after signing in) and `open()` again; what was queued meanwhile is still sent.
 * A session an admin ended (close 4003) is `closed` too: `open()` starts a new one.
 */
export class HubClient extends EventTarget {
  #client; #name; #kind; #token; #refreshToken; #batch; #transport; #url; #Socket; #backoff;
  #ws = null;
  #state = 'idle';
  #closing = false;
  #attempt = 0;
  #timer = null;
  #lastError;
  #hadSession = false;
  /** Set by close(): the next new session makes the standing requests again. */
  #remake = false;
  #lastSeq = 0;
  #welcome = null;
  #nextId = 1;
  #outbox = [];
  /** id → {frame, resolve, reject, sent}: requests not answered yet. */
  #pending = new Map();
  /** pattern → {handlers: Set, id}. */
  #subs = new Map();
  /** pattern → {handler, confirmed}: confirmed once this session's hub answered its `register`. */
  #callees = new Map();
  #viewing = null;
  #inputs = new Set();
  /** ch → {doc, rev, handlers: Set}. */
  #docs = new Map();
  #lastOff = null;
  #seen = new Set();
  #sse = null;

  /**
   * @param {object} [options]
   * @param {string} [options.client]  client id (default: a random one); it makes the session resumable
   * @param {string} [options.name]  session name, unique among live sessions
   * @param {'browser'|'device'|'service'} [options.kind]
   * @param {string} [options.token]  from POST /api/token, when the hub has users
   * @param {Function} [options.refreshToken]  gives a fresh token (or a Promise of one): asked when
   *   the hub says the session's token is `expiring`, then sent as a `refresh`, so the session
   *   outlives its token without reconnecting (not over `sse`)
   * @param {'ws'|'mux'|'sse'} [options.transport]
   * @param {string|URL} [options.url]  the hub socket (default `ws` at the application's root)
   * @param {Function} [options.WebSocket]  a WebSocket class to use instead of the transport's
   * @param {{base?: number, max?: number}} [options.backoff]  reconnect delays, ms (500 doubling to 30000)
   * @param {boolean} [options.batch]  accept several frames per message (hello's batch)
   */
  constructor({ client = randomId(), name, kind = 'browser', token, refreshToken, transport = 'ws', url, WebSocket, backoff = {}, batch = false } = {}) {
    super();
    if (!isValidName(client)) throw new TypeError(`client must be 1-64 of A-Z a-z 0-9 - _ . ~ : @, not ${JSON.stringify(client)}`);
    if (name !== undefined && !isValidName(name)) throw new TypeError(`name must be 1-64 of A-Z a-z 0-9 - _ . ~ : @, not ${JSON.stringify(name)}`);
    if (!['browser', 'device', 'service'].includes(kind)) throw new TypeError(`kind must be browser, device or service, not ${JSON.stringify(kind)}`);
    if (!['ws', 'mux', 'sse'].includes(transport)) throw new TypeError(`transport must be ws, mux or sse, not ${JSON.stringify(transport)}`);
    this.#client = client;
    this.#name = name;
    this.#kind = kind;
    this.#token = token;
    this.#refreshToken = typeof refreshToken === 'function' ? refreshToken : null;
    this.#batch = batch === true;
    this.#transport = transport;
    this.#url = url ?? rootUrl('ws');
    this.#Socket = WebSocket ?? (transport === 'mux' ? MultiWebSocket : RelativeWebSocket);
    this.#backoff = { base: backoff.base ?? 500, max: backoff.max ?? 30000 };
    if (transport === 'sse') {
      this.#sse = new SseStreams({
        token,
        onMessage: f => this.#message(f),
        onFrame: f => this.#emit('frame', f),
        onGap: f => this.#emit('gap', f),
        onState: s => this.#setState(s),
        onSubscribed: ch => this.#emit('subscribed', { ch }),
      });
    }
  }

  get client() { return this.#client; }
  get transport() { return this.#transport; }
  /** The access token the next `hello` (or stream, or request) presents: set it after signing in. */
  get token() { return this.#token; }
  set token(value) {
    this.#token = value;
    if (this.#sse) this.#sse.token = value;
  }
  /** `idle`, `connecting`, `open` (welcomed), `waiting` (to reconnect) or `closed`. */
  get state() { return this.#state; }
  /** The last `welcome` frame. */
  get welcome() { return this.#welcome; }
  /** Frames waiting for the connection. */
  get queued() { return this.#outbox.length; }

  /** Connects (again, after `close`). */
  open() {
    this.#closing = false;
    clearTimeout(this.#timer);
    if (this.#sse) this.#sse.open();
    else if (!this.#ws) this.#connect();
    return this;
  }

  /** Ends the session (`bye`, then a clean close) and stops reconnecting. */
  close() {
    this.#closing = true;
    clearTimeout(this.#timer);
    if (this.#sse) {
      this.#sse.close();
    } else if (this.#ws) {
      if (this.#ws.readyState === 1) this.#ws.send(JSON.stringify({ op: 'bye' }));
      this.#ws.close(1000, 'bye');
      this.#ws = null;
    }
    // The session ends with the close: the next welcome is a new session, which gets the standing
    // requests made again. What was refused here must not go out later.
    this.#remake = true;
    this.#hadSession = false;
    this.#outbox = this.#outbox.filter(f => !(f.id !== undefined && this.#pending.has(f.id)));
    for (const c of this.#callees.values()) c.confirmed = false;
    for (const p of this.#pending.values()) p.reject(new HubError({ code: 'closed', message: 'the client was closed' }));
    this.#pending.clear();
    this.#setState('closed');
  }

  // ---- the API -----------------------------------------------------------------------------

  /** Publishes; resolves `{off}` once routed. */
  pub(ch, data, { retain = false } = {}) {
    requirePath(ch);
    if (this.#sse) return this.#sse.publish(ch, data, retain);
    const frame = { op: 'pub', ch, data: data === undefined ? null : data };
    if (retain) frame.retain = true;
    return this.#request(frame).then(ok => ({ off: ok.off }));
  }

  /**
   * Calls `handler(data, msg)` for each message on a channel matching `pattern` (wildcards
   * `*` and `**`). Returns `{ready, close()}`; `ready` resolves once the hub confirmed.
   */
  sub(pattern, handler, { since } = {}) {
    requirePath(pattern, 'pattern');
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    let sub = this.#subs.get(pattern);
    let ready;
    if (!sub) {
      this.#subs.set(pattern, sub = { handlers: new Set(), ready: null });
      sub.ready = this.#sse ? this.#sse.subscribe(pattern, since) : this.#request(this.#subFrame(pattern, since), true);
    }
    ready = sub.ready;
    sub.handlers.add(handler);
    return {
      ready,
      close: () => {
        sub.handlers.delete(handler);
        if (sub.handlers.size || this.#subs.get(pattern) !== sub) return;
        this.#subs.delete(pattern);
        if (this.#sse) this.#sse.unsubscribe(pattern);
        else this.#send({ op: 'unsub', ch: pattern });
      },
    };
  }

  /**
   * A page of `ch`'s history (docs/protocol.md, History on demand), without subscribing. Forward:
   * the held messages after offset `since`, oldest first; `reverse`: those before it, newest
   * first (no `since`: from the oldest, or the newest, held). `limit` 1..1000 (default 100).
   * Resolves `{ch, epoch, top, msgs: [{off, data, at}], gap?, more}`; ask the next page with
   * `since` the last message's `off` while `more`. `gap` (`{from, to}`, or `{epoch}`) says what
   * history no longer holds. Over SSE it is `GET /api/history/<ch>`.
   */
  history(ch, { since, limit, reverse = false } = {}) {
    if (!isChannel(ch)) throw new TypeError(`ch must be a channel (not a pattern) such as /sensors/kitchen, not ${JSON.stringify(ch)}`);
    if (since !== undefined && !(Number.isInteger(since) && since >= 0)) throw new TypeError(`since must be an offset, not ${JSON.stringify(since)}`);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) throw new TypeError(`limit must be 1..1000, not ${JSON.stringify(limit)}`);
    ch = '/' + segments(ch, { wildcards: false }).join('/');
    if (this.#sse) return this.#sse.history(ch, since, limit, reverse === true);
    const frame = { op: 'history', ch };
    if (since !== undefined) frame.since = since;
    if (limit !== undefined) frame.limit = limit;
    if (reverse === true) frame.reverse = true;
    return this.#request(frame).then(({ op, id, ...page }) => page);
  }

  /** Calls the callee of `ch`; resolves its result, rejects with a HubError (`no_callee`, `timeout`, ...). */
  call(ch, data, { timeout } = {}) {
    requirePath(ch);
    if (this.#sse) return this.#sse.call(ch, data, timeout);
    const frame = { op: 'call', ch, data: data === undefined ? null : data };
    if (timeout !== undefined) frame.timeout = timeout;
    return this.#request(frame).then(result => result.data);
  }

  /** Answers calls on `pattern` with `handler(data, invoke)` (its result, a promise, or a throw). */
  register(pattern, handler) {
    requirePath(pattern, 'pattern');
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    this.#socketOnly('register');
    this.#callees.set(pattern, { handler, confirmed: false });
    return this.#request({ op: 'register', ch: pattern }, true);
  }

  unregister(pattern) {
    this.#socketOnly('unregister');
    if (this.#callees.delete(pattern)) this.#send({ op: 'unregister', ch: pattern });
  }

  /** Views `device` (a browser): `handler(data, frame)` gets what it emits. `view(null)` stops. */
  view(device, handler) {
    this.#socketOnly('view');
    if (device !== null && !isValidName(device)) throw new TypeError(`device must be a session name, not ${JSON.stringify(device)}`);
    if (device !== null && typeof handler !== 'function') throw new TypeError('handler must be a function');
    this.#viewing = device === null ? null : { device, handler };
    return this.#request({ op: 'view', device }, device !== null);
  }

  /** Sends `data` to `device` as an `input` frame. */
  input(device, data) {
    this.#socketOnly('input');
    if (!isValidName(device)) throw new TypeError(`device must be a session name, not ${JSON.stringify(device)}`);
    return this.#request({ op: 'input', device, data: data === undefined ? null : data });
  }

  /** A device sends `data` to all its viewers. */
  emit(data) {
    this.#socketOnly('emit');
    return this.#request({ op: 'emit', data: data === undefined ? null : data });
  }

  /** A device hears `input` frames: `handler(data, frame)`. Returns a function that stops it. */
  onInput(handler) {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    this.#inputs.add(handler);
    return () => this.#inputs.delete(handler);
  }

  /** Follows the state document `ch`: `handler(doc, {rev, ops?})` on the snapshot and each change. */
  watch(ch, handler) {
    requirePath(ch);
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    this.#socketOnly('watch');
    let doc = this.#docs.get(ch);
    if (!doc) {
      this.#docs.set(ch, doc = { doc: null, rev: -1, handlers: new Set(), ready: null });
      doc.ready = this.#request({ op: 'watch', ch }, true);
    } else if (doc.rev >= 0) {
      handler(structuredClone(doc.doc), { rev: doc.rev });
    }
    doc.handlers.add(handler);
    return {
      ready: doc.ready,
      close: () => {
        doc.handlers.delete(handler);
        if (doc.handlers.size || this.#docs.get(ch) !== doc) return;
        this.#docs.delete(ch);
        this.#send({ op: 'unwatch', ch });
      },
    };
  }

  /** Changes a state document: `{merge}` (RFC 7386) or `{ops}` (RFC 6902), `base`?; resolves `{rev}`. */
  patch(ch, { merge, ops, base } = {}) {
    requirePath(ch);
    this.#socketOnly('patch');
    if ((merge === undefined) === (ops === undefined)) throw new TypeError('patch needs exactly one of merge or ops');
    const frame = { op: 'patch', ch };
    if (merge !== undefined) frame.merge = merge;
    else frame.ops = ops;
    if (base !== undefined) frame.base = base;
    return this.#request(frame).then(ok => ({ rev: ok.rev }));
  }

  ping() {
    this.#socketOnly('ping');
    return this.#request({ op: 'ping' });
  }

  /**
   * Replaces the session's token without reconnecting (the hub checks it is of the same user);
   * resolves `{ expires }` (epoch ms, absent for a token without expiry), and later hellos use it.
   */
  refresh(token) {
    this.#socketOnly('refresh');
    return this.#request({ op: 'refresh', token }).then(ok => {
      this.token = token;
      return ok.expires === undefined ? {} : { expires: ok.expires };
    });
  }

  /** The hub warns the token ends in `frame.in` ms: an `expiring` event, and a refresh if a source of tokens was given. */
  #expiring(frame) {
    this.#emit('expiring', frame);
    if (!this.#refreshToken) return;
    Promise.resolve()
      .then(() => this.#refreshToken())
      .then(token => this.refresh(token))
      .catch(err => this.#emit('error', err));
  }

  #socketOnly(what) {
    if (this.#sse) throw new Error(`${what} needs a socket: use transport ws or mux`);
  }

  // ---- sending -----------------------------------------------------------------------------

  #subFrame(pattern, since) {
    const frame = { op: 'sub', ch: pattern };
    if (since !== undefined) frame.since = since;
    return frame;
  }

  /**
   * Sends a frame with a fresh id and resolves with its answer. A standing request (sub,
   * register, view, watch) is made again on a new session rather than resent.
   */
  #request(frame, standing = false) {
    frame.id = `${frame.op}-${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(frame.id, { frame, resolve, reject, standing, sent: false });
      this.#send(frame);
    });
  }

  #send(frame) {
    if (this.#state === 'open' && this.#ws?.readyState === 1) {
      this.#ws.send(JSON.stringify(frame));
      const p = frame.id && this.#pending.get(frame.id);
      if (p) p.sent = true;
    } else {
      if (this.#outbox.length >= OUTBOX_LIMIT) this.#drop(this.#outbox.shift());
      this.#outbox.push(frame);
    }
  }

  #drop(frame) {
    const p = frame.id && this.#pending.get(frame.id);
    if (!p) return;
    this.#pending.delete(frame.id);
    p.reject(new HubError({ code: 'overloaded', message: `more than ${OUTBOX_LIMIT} frames queued while offline` }));
  }

  // ---- the connection ----------------------------------------------------------------------

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #setState(state, extra = {}) {
    this.#state = state;
    this.#emit('state', { state, ...extra });
  }

  #connect() {
    this.#setState('connecting');
    const ws = new this.#Socket(this.#url);
    this.#ws = ws;
    ws.onopen = () => {
      const hello = { op: 'hello', kind: this.#kind, client: this.#client };
      if (this.#name) hello.name = this.#name;
      if (this.#token) hello.token = this.#token;
      if (this.#batch) hello.batch = true;
      if (this.#hadSession) hello.resume = { seq: this.#lastSeq };
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = e => {
      if (ws !== this.#ws) return;
      for (const line of String(e.data).split('\n')) {
        if (line) this.#receive(line);
      }
      this.#ack();
    };
    ws.onclose = e => {
      if (ws !== this.#ws) return;
      this.#ws = null;
      this.#dropped(e.code);
    };
  }

  #dropped(code) {
    if (this.#closing) return;
    if (code === 1008 && this.#lastError?.code === 'unauthorized') {
      this.#setState('closed', { code, error: this.#lastError });
      return;
    }
    if (code === 4003) {
      // An admin ended the session (docs/admin.md): it cannot be resumed, and reconnecting would defy them.
      this.#setState('closed', { code, error: { message: 'disconnected by admin' } });
      return;
    }
    if (code === 4000) {
      // Another connection took this session over: reconnecting would only take it back.
      this.#setState('closed', { code, error: { message: 'the session was taken over by another connection' } });
      return;
    }
    const step = Math.min(this.#backoff.max, this.#backoff.base * 2 ** this.#attempt++);
    const delay = Math.round(step / 2 + Math.random() * step / 2);
    this.#setState('waiting', { code, delay, error: this.#lastError });
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  /** Drops the socket as a network fault would (the session lives on); it reconnects. For tests and demos. */
  drop() {
    if (this.#ws) this.#ws.close(4001, 'dropped');
  }

  #welcomed(frame) {
    this.#attempt = 0;
    this.#lastError = undefined;
    const before = this.#welcome;
    this.#welcome = frame;
    const resumed = frame.resumed === true;
    const standing = [];
    if (!resumed) {
      // A new session numbers its frames from 1 and knows none of our subscriptions.
      this.#lastSeq = 0;
      this.#acked = 0;
      this.#outbox = this.#outbox.filter(f => f.op !== 'yield');
      for (const c of this.#callees.values()) c.confirmed = false;
      if (this.#hadSession || this.#remake) standing.push(...this.#standingFrames(before));
      this.#remake = false;
    }
    this.#hadSession = true;
    this.#setState('open');
    this.#emit('welcome', frame);
    for (const [ch, c] of this.#callees) if (c.confirmed) this.#emit('registered', { ch });
    const unanswered = [...this.#pending.values()].filter(p => p.sent).map(p => p.frame);
    const queued = this.#outbox;
    this.#outbox = [];
    for (const f of [...standing, ...unanswered, ...queued]) this.#send(f);
  }

  /**
   * What a new session needs to be what the old one was. A standing request still waiting for
   * its answer is answered by its replacement; a replacement that fails is an `error` event.
   */
  #standingFrames(before) {
    // The offsets seen were numbered in the epoch of the session they came in, not the new one's.
    const since = this.#lastOff === null || !before ? undefined : { off: this.#lastOff, epoch: before.epoch };
    const frames = [
      ...[...this.#subs.keys()].map(ch => this.#subFrame(ch, since)),
      ...[...this.#callees.keys()].map(ch => ({ op: 'register', ch })),
      ...(this.#viewing ? [{ op: 'view', device: this.#viewing.device }] : []),
      ...[...this.#docs.keys()].map(ch => ({ op: 'watch', ch })),
    ];
    // Standing requests still waiting (sent or queued) are answered by their replacements.
    const waiting = [...this.#pending].filter(([, p]) => p.standing);
    for (const [id] of waiting) this.#pending.delete(id);
    const replaced = new Set(waiting.map(([id]) => id));
    this.#outbox = this.#outbox.filter(f => !replaced.has(f.id));
    const same = (a, b) => a.op === b.op && a.ch === b.ch && a.device === b.device;
    for (const frame of frames) {
      frame.id = `${frame.op}-${this.#nextId++}`;
      const old = waiting.find(([, p]) => same(p.frame, frame))?.[1];
      this.#pending.set(frame.id, {
        frame, standing: true, sent: false,
        resolve: old ? old.resolve : () => {},
        reject: old ? old.reject : err => this.#emit('error', {
          op: 'error', id: frame.id, error: { code: err.code, message: err.message }, request: frame,
        }),
      });
    }
    return frames;
  }

  // ---- receiving ---------------------------------------------------------------------------

  #receive(line) {
    let frame;
    try {
      frame = JSON.parse(line);
    } catch (err) {
      console.error('switchboard: not JSON from the hub', line, err);
      return;
    }
    if (typeof frame.seq === 'number') {
      if (frame.seq <= this.#lastSeq) return;
      this.#lastSeq = frame.seq;
    }
    this.#emit('frame', frame);
    try {
      this.#dispatch(frame);
    } catch (err) {
      console.error('switchboard: frame not processed', frame, err);
    }
  }

  #dispatch(frame) {
    switch (frame.op) {
      case 'welcome': return this.#welcomed(frame);
      case 'ok': return this.#answered(frame.id, p => this.#confirmed(p, frame));
      case 'pong': return this.#answered(frame.id, p => p.resolve(frame));
      case 'result': return this.#answered(frame.id, p => p.resolve(frame));
      case 'history': return this.#answered(frame.id, p => p.resolve(frame));
      case 'error': return this.#failed(frame);
      case 'msg': return this.#message(frame);
      case 'invoke': return this.#invoke(frame);
      case 'emit': return this.#viewing?.device === frame.device && this.#viewing.handler(frame.data, frame);
      case 'input': return this.#inputs.forEach(h => h(frame.data, frame));
      case 'snapshot': return this.#snapshot(frame);
      case 'patched': return this.#patched(frame);
      case 'presence': return this.#emit('presence', frame);
      case 'gap': return this.#emit('gap', frame);
      case 'expiring': return this.#expiring(frame);
      // An admin subscribed (or unsubscribed) this session server-side (docs/admin.md).
      case 'subscribed': return this.#emit('subscribed', { ch: frame.ch, by: frame.by });
      case 'unsubscribed': return this.#emit('unsubscribed', { ch: frame.ch, by: frame.by });
      default: return undefined;
    }
  }

  #answered(id, settle) {
    const p = id !== undefined && this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    settle(p);
  }

  /** Settles a request answered `ok`; for a `sub` or `register` the `ok` also says the hub holds it now. */
  #confirmed(p, frame) {
    const { op, ch } = p.frame;
    if (op === 'sub' && this.#subs.has(ch)) this.#emit('subscribed', { ch });
    const callee = op === 'register' && this.#callees.get(ch);
    if (callee) {
      callee.confirmed = true;
      this.#emit('registered', { ch });
    }
    p.resolve(frame);
  }

  #failed(frame) {
    this.#lastError = frame.error;
    if (frame.id !== undefined && this.#pending.has(frame.id)) {
      this.#answered(frame.id, p => p.reject(new HubError(frame.error)));
    } else {
      this.#emit('error', frame);
    }
  }

  #message(frame) {
    if (typeof frame.off === 'number') {
      if (this.#seen.has(frame.off)) return;
      this.#seen.add(frame.off);
      if (this.#seen.size > SEEN_OFFSETS) this.#seen.delete(this.#seen.values().next().value);
      if (this.#lastOff === null || frame.off > this.#lastOff) this.#lastOff = frame.off;
    }
    for (const [pattern, sub] of this.#subs) {
      if (matches(pattern, frame.ch)) for (const h of sub.handlers) h(frame.data, frame);
    }
  }

  async #invoke(frame) {
    const entry = [...this.#callees].find(([pattern]) => matches(pattern, frame.ch));
    let answer;
    try {
      if (!entry) throw new Error(`not registered for ${frame.ch}`);
      const result = await entry[1].handler(frame.data, frame);
      answer = { op: 'yield', id: frame.id, data: result === undefined ? null : result };
    } catch (e) {
      const error = { message: String(e?.message ?? e) };
      if (typeof e?.code === 'string') error.code = e.code;
      answer = { op: 'yield', id: frame.id, error };
    }
    this.#send(answer);
  }

  #snapshot(frame) {
    const doc = this.#docs.get(frame.ch);
    if (!doc) return;
    doc.doc = frame.data;
    doc.rev = frame.rev;
    for (const h of doc.handlers) h(structuredClone(doc.doc), { rev: doc.rev });
  }

  #patched(frame) {
    const doc = this.#docs.get(frame.ch);
    if (!doc || frame.rev <= doc.rev) return;
    doc.doc = applyPatch(doc.doc ?? {}, frame.ops);
    doc.rev = frame.rev;
    for (const h of doc.handlers) h(structuredClone(doc.doc), { rev: doc.rev, ops: frame.ops });
  }

  /** One cumulative ack per socket message: an ack lost with the socket is made good by resume.seq. */
  #ack() {
    if (this.#lastSeq > 0 && this.#state === 'open' && this.#ws?.readyState === 1 && this.#lastSeq !== this.#acked) {
      this.#acked = this.#lastSeq;
      this.#ws.send(JSON.stringify({ op: 'ack', seq: this.#lastSeq }));
    }
  }
  #acked = 0;
}
