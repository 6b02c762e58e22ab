/**
 * The `on<type>` handler properties of the WebSocket API, for classes built on EventTarget: a
 * handler set once is called in the order it was first set among the listeners, and setting it
 * again replaces it in place, as the DOM does for event handler attributes.
 */
const HANDLERS = new WeakMap();

export function defineHandlers(prototype, types) {
  for (const type of types) {
    Object.defineProperty(prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get() {
        return HANDLERS.get(this)?.[type]?.fn ?? null;
      },
      set(fn) {
        let own = HANDLERS.get(this);
        if (!own) HANDLERS.set(this, own = {});
        if (!own[type]) {
          own[type] = { fn: null };
          this.addEventListener(type, e => own[type].fn?.call(this, e));
        }
        own[type].fn = typeof fn === 'function' ? fn : null;
      },
    });
  }
}

/** The readyState constants, on the class and its instances as WebSocket has them. */
export function defineStates(cls) {
  const states = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 };
  for (const [name, value] of Object.entries(states)) {
    Object.defineProperty(cls, name, { value, enumerable: true });
    Object.defineProperty(cls.prototype, name, { value, enumerable: true });
  }
}
