/**
 * The player's virtual playback clock and the commands that drive it, with no DOM in it.
 *
 * Exports:
 * - `Playback`: state (`playing`/`paused`), position and source of one player. `command(data)`
 *   carries out `{"cmd": "play"|"pause"|"seek"|"load"|"status", ...}` and returns the status
 *   `{state, position, duration, src}`; a bad command throws a `CommandError`. It fires
 *   `change` (a plain `Event`) after anything but the clock's own ticking changed.
 * - `CommandError`: what a refused command throws (`message` says why).
 */

export class CommandError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CommandError';
  }
}

const round = s => Math.round(s * 1000) / 1000;

export class Playback extends EventTarget {
  #sources;
  #duration;
  #now;
  #src;
  #playing = false;
  /** Position at `#since` (a `now()` reading, ms); while playing it advances 1 s per second. */
  #anchor = 0;
  #since;

  /**
   * @param {object} options
   * @param {string[]} options.sources  the names `load` accepts; the first is loaded
   * @param {number} [options.duration]  seconds (default 120)
   * @param {() => number} [options.now]  a monotonic clock in ms (default `performance.now`)
   */
  constructor({ sources, duration = 120, now = () => performance.now() }) {
    super();
    if (!Array.isArray(sources) || sources.length === 0) throw new TypeError('sources must name at least one animation');
    if (!(duration > 0)) throw new TypeError('duration must be a positive number of seconds');
    this.#sources = [...sources];
    this.#duration = duration;
    this.#now = now;
    this.#src = this.#sources[0];
    this.#since = now();
  }

  get sources() { return [...this.#sources]; }
  get duration() { return this.#duration; }
  get src() { return this.#src; }

  get state() {
    this.#settle();
    return this.#playing ? 'playing' : 'paused';
  }

  /** Seconds from the start; playback stops (paused) when it reaches the end. */
  get position() {
    this.#settle();
    return this.#clock();
  }

  status() {
    const state = this.state;
    return { state, position: round(this.#clock()), duration: this.#duration, src: this.#src };
  }

  play() {
    if (this.state === 'playing') return this.status();
    // Play at the end starts again, as media players do.
    this.#restart(this.#clock() >= this.#duration ? 0 : this.#clock(), true);
    return this.status();
  }

  pause() {
    if (this.state === 'paused') return this.status();
    this.#restart(this.#clock(), false);
    return this.status();
  }

  seek(to) {
    if (typeof to !== 'number' || !Number.isFinite(to) || to < 0 || to > this.#duration) {
      throw new CommandError(`seek needs "to": a number of seconds from 0 to ${this.#duration}, not ${JSON.stringify(to) ?? 'nothing'}`);
    }
    this.#restart(to, this.state === 'playing');
    return this.status();
  }

  /** Switches to another animation, from its start, keeping playing or paused. */
  load(src) {
    if (!this.#sources.includes(src)) {
      throw new CommandError(`load needs "src": one of ${this.#sources.join(', ')}, not ${JSON.stringify(src) ?? 'nothing'}`);
    }
    this.#src = src;
    this.#restart(0, this.state === 'playing');
    return this.status();
  }

  /** Carries out one command object, as a call's data carries it. */
  command(data) {
    if (data === null || typeof data !== 'object' || Array.isArray(data) || typeof data.cmd !== 'string') {
      throw new CommandError('expected {"cmd": "play" | "pause" | "seek" | "load" | "status", ...}');
    }
    switch (data.cmd) {
      case 'play': return this.play();
      case 'pause': return this.pause();
      case 'seek': return this.seek(data.to);
      case 'load': return this.load(data.src);
      case 'status': return this.status();
      default: throw new CommandError(`unknown cmd ${JSON.stringify(data.cmd)} (play, pause, seek, load, status)`);
    }
  }

  #clock() {
    const run = this.#playing ? (this.#now() - this.#since) / 1000 : 0;
    return Math.min(this.#duration, this.#anchor + run);
  }

  /** A playing clock that ran past the end stops there. */
  #settle() {
    if (this.#playing && this.#clock() >= this.#duration) this.#restart(this.#duration, false);
  }

  #restart(position, playing) {
    this.#anchor = position;
    this.#since = this.#now();
    this.#playing = playing;
    this.dispatchEvent(new Event('change'));
  }
}
