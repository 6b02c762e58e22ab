import { rootUrl } from './url.js';
import { HubError } from './errors.js';

/**
 * The receiving side of a {@link HubClient} over SSE: one EventSource per subscribed pattern on
 * `GET /sse/<pattern>` (docs/sse.md). EventSource reconnects by itself and sends
 * `Last-Event-ID`, so the hub replays what was missed or says `gap`. Sends go over HTTP:
 * `POST /api/publish/<ch>` and `POST /api/call/<ch>`; history is `GET /api/history/<ch>`. With a token, streams carry it as
 * `access_token` and requests as `Authorization: Bearer`.
 */
export class SseStreams {
  #token; #onMessage; #onFrame; #onGap; #onState; #onSubscribed;
  #streams = new Map();
  #wanted = new Map();
  #open = false;

  constructor({ token, onMessage, onFrame, onGap, onState, onSubscribed }) {
    this.#token = token;
    this.#onSubscribed = onSubscribed;
    this.#onMessage = onMessage;
    this.#onFrame = onFrame;
    this.#onGap = onGap;
    this.#onState = onState;
  }

  /** The token for streams opened and requests made from now on. */
  set token(value) {
    this.#token = value;
  }

  open() {
    this.#open = true;
    this.#onState('connecting');
    for (const [pattern, entry] of this.#wanted) this.#start(pattern, entry);
  }

  close() {
    this.#open = false;
    for (const es of this.#streams.values()) es.close();
    this.#streams.clear();
  }

  /** Resolves once the stream for `pattern` is open. */
  subscribe(pattern, since) {
    return new Promise((resolve, reject) => {
      const entry = { since, resolve, reject };
      this.#wanted.set(pattern, entry);
      if (this.#open) this.#start(pattern, entry);
    });
  }

  unsubscribe(pattern) {
    this.#wanted.delete(pattern);
    this.#streams.get(pattern)?.close();
    this.#streams.delete(pattern);
  }

  #start(pattern, entry) {
    const url = rootUrl('sse' + pattern);
    if (this.#token) url.searchParams.set('access_token', this.#token);
    if (entry.since !== undefined) {
      const s = entry.since;
      url.searchParams.set('lastEventId', typeof s === 'number' ? String(s) : `${s.epoch}:${s.off}`);
    }
    const es = new EventSource(url);
    this.#streams.set(pattern, es);
    es.onopen = () => {
      entry.resolve();
      this.#onState('open');
      this.#onSubscribed(pattern);
    };
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) entry.reject(new Error(`the stream for ${pattern} was refused`));
      if (this.#open) this.#onState(es.readyState === EventSource.CLOSED ? 'closed' : 'waiting');
    };
    es.addEventListener('msg', e => this.#frame(e, this.#onMessage));
    es.addEventListener('gap', e => this.#frame(e, this.#onGap));
  }

  #frame(e, deliver) {
    let frame;
    try {
      frame = JSON.parse(e.data);
    } catch (err) {
      console.error('switchboard: not JSON on the stream', e.data, err);
      return;
    }
    this.#onFrame(frame);
    deliver(frame);
  }

  async publish(ch, data, retain) {
    const url = rootUrl('api/publish' + ch);
    if (retain) url.searchParams.set('retain', 'true');
    return this.#post(url, data);
  }

  async call(ch, data, timeout) {
    const url = rootUrl('api/call' + ch);
    if (timeout !== undefined) url.searchParams.set('timeout', String(timeout));
    return this.#post(url, data);
  }

  async history(ch, since, limit, reverse) {
    const url = rootUrl('api/history' + ch);
    if (since !== undefined) url.searchParams.set('since', String(since));
    if (limit !== undefined) url.searchParams.set('limit', String(limit));
    if (reverse) url.searchParams.set('reverse', 'true');
    const headers = {};
    if (this.#token) headers.Authorization = `Bearer ${this.#token}`;
    const { op, ...page } = await this.#answer(await fetch(url, { headers }));
    return page;
  }

  async #post(url, data) {
    const headers = { 'Content-Type': 'application/json' };
    if (this.#token) headers.Authorization = `Bearer ${this.#token}`;
    return this.#answer(await fetch(url, { method: 'POST', headers, body: JSON.stringify(data === undefined ? null : data) }));
  }

  async #answer(r) {
    const body = await r.json();
    if (!r.ok) {
      throw new HubError(body?.error ?? { code: String(r.status), message: r.statusText });
    }
    return body;
  }
}
