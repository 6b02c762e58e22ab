package io.switchboard.hub;

/**
 * Counts, across the hub's nodes, how many hold a pattern subscribed: each node reports only its
 * own first subscriber and its own last leaving, from the event thread (so a cluster round trip
 * never runs on a subscribe). The single node's count is its own.
 */
public interface Occupancy {
    /** Every node is the whole hub. */
    Occupancy LOCAL = new Occupancy() {
        @Override
        public boolean occupied(String pattern) {
            return true;
        }

        @Override
        public boolean vacated(String pattern) {
            return true;
        }
    };

    /** This node got its first subscriber of {@code pattern}; true if no other node held it (0 to 1). */
    boolean occupied(String pattern);

    /** This node's last subscriber of {@code pattern} left; true if no other node holds it now (to 0). */
    boolean vacated(String pattern);
}
