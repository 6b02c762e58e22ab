/** The gauges of /metrics: they read the hub's, the transports' and the cluster's counters; nothing depends on them. */
package io.switchboard.metrics;
