/** An `error` answer of the hub as a JavaScript error: `code` is the protocol's (`no_callee`, `timeout`, ...). */
export class HubError extends Error {
  constructor({ code, message } = {}) {
    super(message ?? code ?? 'hub error');
    this.name = 'HubError';
    this.code = code;
  }
}
