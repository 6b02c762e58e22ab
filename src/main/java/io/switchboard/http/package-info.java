/** The HTTP API under /api (JAX-RS): thin resources over the hub, errors as {"error":{"code","message"}}. */
package io.switchboard.http;
