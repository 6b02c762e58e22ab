/**
 * Server-sent events: {@link io.switchboard.sse.SseStream}, one client's bounded, non-blocking event
 * stream (any SSE endpoint builds on it), {@link io.switchboard.sse.SseStreams} that ticks them, and
 * the {@code /sse/<pattern>} transport.
 */
package io.switchboard.sse;
