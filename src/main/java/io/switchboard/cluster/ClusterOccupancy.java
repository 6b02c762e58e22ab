package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.hub.Occupancy;

/**
 * Occupancy across the nodes: one map entry per pattern, counting the nodes that hold a subscriber
 * of it. Each node moves the count only at its own edges (first subscriber, last leaving), from its
 * event thread, by compare-and-set on plain Integers (no entry processor: no class of ours has to
 * load on another member). The node that moves it from 0 to 1, or to 0, is the one that tells.
 *
 * <p>A node that dies holding subscribers leaves its part of the counts: those patterns read as
 * occupied until the counts are rebuilt (docs/hooks.md, Delivery).
 */
final class ClusterOccupancy implements Occupancy {
    static final String MAP = "switchboard.occupancy";

    private final IMap<String, Integer> nodes;

    ClusterOccupancy(HazelcastInstance hz) {
        this.nodes = hz.getMap(MAP);
    }

    @Override
    public boolean occupied(String pattern) {
        while (true) {
            Integer n = nodes.get(pattern);
            if (n == null ? nodes.putIfAbsent(pattern, 1) == null : nodes.replace(pattern, n, n + 1)) {
                return n == null;
            }
        }
    }

    @Override
    public boolean vacated(String pattern) {
        while (true) {
            Integer n = nodes.get(pattern);
            if (n == null) {
                return true; // never counted (the edge came before the counts did): nobody else holds it
            }
            if (n <= 1 ? nodes.remove(pattern, n) : nodes.replace(pattern, n, n - 1)) {
                return n <= 1;
            }
        }
    }
}
