/**
 * The HTTP edge every HTTP transport shares: the guard on every request (HttpGuard: Host, Origin,
 * type and size), the /api bearer check, errors as {"error":{"code","message"}}; and the HTTP API
 * under /api (JAX-RS), thin resources over the hub. It depends on no transport.
 */
package io.switchboard.http;
