/**
 * Cluster mode (switchboard.cluster=true): the hub's seams ({@code MessageLog}, {@code Bus},
 * {@code SessionStore}, {@code Journal}) backed by the Hazelcast that Payara Micro runs. Nothing
 * here is on the single node's path. docs/clustering.md says which structure covers which failure.
 */
package io.switchboard.cluster;
