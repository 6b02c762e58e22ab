/**
 * A browser's connection to a Switchboard hub over `WS /ws` (docs/protocol.md).
 *
 * It hides the transport from the page: it says `hello`, acks every frame it processed,
 * reconnects after a drop with exponential backoff and jitter, resumes its session
 * (`resume: {seq}` with the same client id), registers its callees again when the hub did not
 * keep the session, and queues frames sent while offline instead of dropping them.
 *
 * Exports:
 * - `isValidName(text)`: whether `text` may be a client id, a session name or a channel segment.
 * - `hubSocketUrl(path?, page?)`: the ws:/wss: URL of `path` relative to the page.
 * - `HubConnection`: the connection. Events (all `CustomEvent`s, details in brackets):
 *   `state` ({state, code?, delay?, error?: {code?, message}}) whenever it connects, drops or
 *   gives up;
 *   `welcome` (the welcome frame); `registered` ({ch}); `invoked` ({ch, data, result?, error?});
 *   `failed` (an `error` frame answering one of our requests); `frame` (any other frame).
 */

const NAME = /^[A-Za-z0-9\-_.~:@]{1,64}$/;
const OUTBOX_LIMIT = 1000;

/** Whether `text` is 1-64 characters of `A-Z a-z 0-9 - _ . ~ : @`. */
export function isValidName(text) {
  return typeof text === 'string' && NAME.test(text);
}

/** The WebSocket URL of `path` relative to `page` (ws: from http:, wss: from https:). */
export function hubSocketUrl(path = 'ws', page = location.href) {
  const url = new URL(path, page);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

/** Whether the concrete channel `ch` matches the pattern (`*` one segment, `**` any number). */
function matches(pattern, ch) {
  const p = pattern.split('/').filter(Boolean);
  const c = ch.split('/').filter(Boolean);
  const at = (i, j) => {
    if (i === p.length) return j === c.length;
    if (p[i] === '**') {
      for (let k = j; k <= c.length; k++) if (at(i + 1, k)) return true;
      return false;
    }
    return j < c.length && (p[i] === '*' || p[i] === c[j]) && at(i + 1, j + 1);
  };
  return at(0, 0);
}

export class HubConnection extends EventTarget {
  #url;
  #client;
  #name;
  #kind;
  #token;
  #backoff;
  #ws = null;
  #state = 'idle';
  #hadSession = false;
  #lastSeq = 0;
  #attempt = 0;
  #timer = null;
  #closing = false;
  /** The last `error` frame's error, shown with the next drop (e.g. `name_taken` before 1008). */
  #lastError = undefined;
  #outbox = [];
  /** pattern → {id, handler, confirmed}: confirmed once the hub answered `ok`. */
  #callees = new Map();
  #nextId = 1;
  /** Frames carrying a seq are processed one after another, so cumulative acks stay in order. */
  #work = Promise.resolve();
  /** Counts the hub sessions this connection had: a seq belongs to the session it came in. */
  #generation = 0;

  /**
   * @param {object} options
   * @param {string} options.client  client id (required: it makes the session resumable)
   * @param {string} [options.name]  session name, unique among live sessions
   * @param {string} [options.kind]  `browser` (default), `device` or `service`
   * @param {string} [options.token]  an access token from `POST api/token` (when the hub has users)
   * @param {URL|string} [options.url]  defaults to `ws` next to the page
   * @param {{base?: number, max?: number}} [options.backoff]  reconnect delays in ms
   */
  constructor({ client, name, kind = 'browser', token, url = hubSocketUrl(), backoff = {} } = {}) {
    super();
    if (!isValidName(client)) throw new TypeError(`client must be 1-64 of A-Z a-z 0-9 - _ . ~ : @, not ${JSON.stringify(client)}`);
    if (name !== undefined && !isValidName(name)) throw new TypeError(`name must be 1-64 of A-Z a-z 0-9 - _ . ~ : @, not ${JSON.stringify(name)}`);
    if (!['browser', 'device', 'service'].includes(kind)) throw new TypeError(`kind must be browser, device or service, not ${JSON.stringify(kind)}`);
    this.#client = client;
    this.#name = name;
    this.#kind = kind;
    this.#token = token;
    this.#url = new URL(url);
    this.#backoff = { base: backoff.base ?? 500, max: backoff.max ?? 30000 };
  }

  get client() { return this.#client; }

  /** The access token the next `hello` presents (set it after signing in, then `open()`). */
  get token() { return this.#token; }
  set token(value) { this.#token = value; }

  /** `idle`, `connecting`, `open` (welcomed), `waiting` (to reconnect) or `closed`. */
  get state() { return this.#state; }

  /** Connects (again, after `close`). */
  open() {
    this.#closing = false;
    clearTimeout(this.#timer);
    if (!this.#ws) this.#connect();
    return this;
  }

  /** Sends a frame now if welcomed, else queues it (at most 1000; the oldest go first). */
  send(frame) {
    if (frame === null || typeof frame !== 'object' || typeof frame.op !== 'string') {
      throw new TypeError('a frame is an object with a string op');
    }
    if (this.#state === 'open' && this.#ws?.readyState === WebSocket.OPEN) {
      this.#ws.send(JSON.stringify(frame));
    } else {
      if (this.#outbox.length >= OUTBOX_LIMIT) this.#outbox.shift();
      this.#outbox.push(frame);
    }
  }

  /**
   * Answers calls on `pattern`: `handler(data, invoke)` returns the result (or a promise of it);
   * what it throws is yielded as `{"error":{"message"}}` (plus `code` if the error has one).
   * The registration outlives reconnects; it is sent again whenever the hub starts a new session.
   */
  register(pattern, handler, { id } = {}) {
    if (typeof pattern !== 'string' || !pattern.startsWith('/')) throw new TypeError('pattern must be a channel path such as /players/tv/control');
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    const callee = { id: id ?? `reg-${this.#nextId++}`, handler, confirmed: false };
    this.#callees.set(pattern, callee);
    if (this.#state === 'open') this.#sendRegister(pattern, callee);
    return this;
  }

  /** Ends the session (`bye`, then a clean close) and stops reconnecting. */
  close() {
    this.#closing = true;
    clearTimeout(this.#timer);
    const ws = this.#ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ op: 'bye' }));
    if (ws) ws.close(1000, 'bye');
    this.#ws = null;
    this.#hadSession = false;
    this.#lastSeq = 0;
    this.#generation++;
    for (const callee of this.#callees.values()) callee.confirmed = false;
    this.#setState('closed');
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #setState(state, extra = {}) {
    this.#state = state;
    this.#emit('state', { state, ...extra });
  }

  #connect() {
    this.#setState('connecting');
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    ws.onopen = () => {
      const hello = { op: 'hello', kind: this.#kind, client: this.#client };
      if (this.#name) hello.name = this.#name;
      if (this.#token) hello.token = this.#token;
      if (this.#hadSession) hello.resume = { seq: this.#lastSeq };
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = e => {
      if (ws !== this.#ws) return;
      for (const line of String(e.data).split('\n')) {
        if (!line) continue;
        let frame;
        try {
          frame = JSON.parse(line);
        } catch (err) {
          console.error('switchboard: not JSON from the hub', line, err);
          continue;
        }
        this.#receive(frame);
      }
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
      // No token, a bad one or an expired one: trying again with it cannot help. Sign in, then open().
      this.#ws = null;
      this.#setState('closed', { code, error: this.#lastError });
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

  #receive(frame) {
    switch (frame.op) {
      case 'welcome': return this.#welcomed(frame);
      case 'ok': return this.#ok(frame);
      case 'invoke': return this.#inOrder(frame, () => this.#invoke(frame));
      case 'error':
        this.#lastError = frame.error;
        return this.#inOrder(frame, () => this.#emit('failed', frame));
      default:
        return this.#inOrder(frame, () => this.#emit('frame', frame));
    }
  }

  #welcomed(frame) {
    this.#attempt = 0;
    this.#lastError = undefined;
    const resumed = frame.resumed === true;
    if (!resumed) {
      // A new session numbers its frames from the start and knows none of our registrations.
      this.#lastSeq = 0;
      this.#generation++;
      for (const callee of this.#callees.values()) callee.confirmed = false;
      this.#outbox = this.#outbox.filter(f => f.op !== 'yield');
    }
    this.#hadSession = true;
    this.#setState('open');
    this.#emit('welcome', frame);
    for (const [pattern, callee] of this.#callees) {
      if (callee.confirmed) this.#emit('registered', { ch: pattern });
      else this.#sendRegister(pattern, callee);
    }
    const queued = this.#outbox;
    this.#outbox = [];
    for (const f of queued) this.send(f);
  }

  #sendRegister(pattern, callee) {
    this.#ws.send(JSON.stringify({ op: 'register', ch: pattern, id: callee.id }));
  }

  #ok(frame) {
    for (const [pattern, callee] of this.#callees) {
      if (callee.id === frame.id) {
        callee.confirmed = true;
        this.#emit('registered', { ch: pattern });
        return;
      }
    }
    this.#emit('frame', frame);
  }

  /** Runs `step` after the frames before it, then acks the frame's seq. */
  #inOrder(frame, step) {
    const generation = this.#generation;
    this.#work = this.#work.then(step).catch(e => console.error('switchboard: frame not processed', frame, e))
      .then(() => this.#processed(frame.seq, generation));
  }

  #processed(seq, generation) {
    if (typeof seq !== 'number' || seq <= this.#lastSeq || generation !== this.#generation) return;
    this.#lastSeq = seq;
    // An ack lost with the socket is made good by resume.seq on the next hello.
    if (this.#state === 'open' && this.#ws?.readyState === WebSocket.OPEN) {
      this.#ws.send(JSON.stringify({ op: 'ack', seq }));
    }
  }

  async #invoke(frame) {
    const entry = [...this.#callees].find(([pattern]) => matches(pattern, frame.ch));
    let answer;
    try {
      if (!entry) throw new Error(`not registered for ${frame.ch}`);
      const result = await entry[1].handler(frame.data, frame);
      answer = { op: 'yield', id: frame.id, data: result === undefined ? null : result };
      this.#emit('invoked', { ch: frame.ch, data: frame.data, result: answer.data });
    } catch (e) {
      const error = { message: String(e?.message ?? e) };
      if (typeof e?.code === 'string') error.code = e.code;
      answer = { op: 'yield', id: frame.id, error };
      this.#emit('invoked', { ch: frame.ch, data: frame.data, error });
    }
    this.send(answer);
  }
}
