import { defineHandlers, defineStates } from './handlers.js';
import { RelativeWebSocket } from './relative.js';

/**
 * A WebSocket that speaks JSON: `send(value)` sends `JSON.stringify(value)`, and each `message`
 * event's `data` is the parsed value. Events (`open`, `message`, `error`, `close`), the
 * `on<type>` handlers, `readyState`, `url`, `protocol`, `bufferedAmount` and `close(code, reason)`
 * are those of the socket underneath, which is a {@link RelativeWebSocket} unless the third
 * argument names another class with the WebSocket API (such as the multiplexed one).
 *
 * A text message that is not JSON is not delivered as a message: it is an `error` event whose
 * `message` says so and whose `data` is the text. Binary messages are errors the same way.
 */
export class JSONWebSocket extends EventTarget {
  #socket;

  /**
   * @param {string|URL} url  relative to the page
   * @param {string|string[]} [protocols]
   * @param {{WebSocket?: Function}} [options]  the socket class underneath
   */
  constructor(url, protocols = undefined, { WebSocket: Socket = RelativeWebSocket } = {}) {
    super();
    if (typeof Socket !== 'function') throw new TypeError('options.WebSocket must be a WebSocket class');
    this.#socket = protocols === undefined ? new Socket(url) : new Socket(url, protocols);
    this.#socket.addEventListener('open', () => this.dispatchEvent(new Event('open')));
    this.#socket.addEventListener('error', () => this.dispatchEvent(new Event('error')));
    this.#socket.addEventListener('close', e => this.dispatchEvent(
      new CloseEvent('close', { code: e.code, reason: e.reason, wasClean: e.wasClean })));
    this.#socket.addEventListener('message', e => this.#received(e));
  }

  #received(e) {
    if (typeof e.data !== 'string') {
      this.#notJson('a binary message is not JSON', e.data);
      return;
    }
    let value;
    try {
      value = JSON.parse(e.data);
    } catch (err) {
      this.#notJson(`not JSON: ${err.message}`, e.data);
      return;
    }
    this.dispatchEvent(new MessageEvent('message', { data: value, origin: e.origin }));
  }

  #notJson(message, data) {
    const error = new Event('error');
    Object.defineProperties(error, { message: { value: message }, data: { value: data } });
    this.dispatchEvent(error);
  }

  /** Sends `JSON.stringify(value)`; throws as WebSocket does while still connecting. */
  send(value) {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`${String(value)} has no JSON form`);
    this.#socket.send(text);
  }

  close(code, reason) {
    if (code === undefined) this.#socket.close();
    else this.#socket.close(code, reason);
  }

  get readyState() { return this.#socket.readyState; }
  get url() { return this.#socket.url; }
  get protocol() { return this.#socket.protocol; }
  get extensions() { return this.#socket.extensions; }
  get bufferedAmount() { return this.#socket.bufferedAmount; }
  /** The socket underneath. */
  get socket() { return this.#socket; }
}
defineHandlers(JSONWebSocket.prototype, ['open', 'message', 'error', 'close']);
defineStates(JSONWebSocket);
