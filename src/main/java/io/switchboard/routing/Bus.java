package io.switchboard.routing;

import java.util.function.Consumer;

/**
 * Carries each published message to every node's local delivery. The local bus hands it straight
 * to this node; a clustered bus sends it to all nodes. Implementations keep each channel's
 * messages in offset order.
 */
public interface Bus {

    /** Registers this node's local delivery; called once at start-up. */
    void onMessage(Consumer<Message> localDelivery);

    void publish(Message message);

    /**
     * Whether this bus itself delivers every message in the log's offset order (the cluster's
     * reader does); otherwise the router keeps that order by publishing under one lock.
     */
    default boolean deliversInLogOrder() {
        return false;
    }
}
