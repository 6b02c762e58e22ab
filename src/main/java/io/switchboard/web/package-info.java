/** The index tree over HTTP: JSON listings, SSE listings and channel streams, and WebSocket upgrades on the same URLs. */
package io.switchboard.web;
