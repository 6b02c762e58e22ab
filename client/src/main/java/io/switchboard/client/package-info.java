/**
 * The Switchboard Java client, in three layers: {@link io.switchboard.client.ReconnectingSocket}
 * (a connection that comes back), {@link io.switchboard.client.Frames} (frames to and from JSON),
 * and {@link io.switchboard.client.HubClient} (sessions, subscriptions, calls and callees, state
 * documents through {@link io.switchboard.client.DocumentView}, acks, resend).
 */
package io.switchboard.client;
