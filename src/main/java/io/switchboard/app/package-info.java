/** The container edge: reads configuration, builds the hub, runs its timers and publishes its health and metrics. */
package io.switchboard.app;
