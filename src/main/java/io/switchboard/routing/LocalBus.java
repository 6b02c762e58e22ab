package io.switchboard.routing;

import java.util.function.Consumer;

/** The single-node bus: delivery happens on the publisher's thread, so no cluster code is on the path. */
public final class LocalBus implements Bus {
    private volatile Consumer<Message> delivery = m -> { };

    @Override
    public void onMessage(Consumer<Message> localDelivery) {
        this.delivery = localDelivery;
    }

    @Override
    public void publish(Message message) {
        delivery.accept(message);
    }
}
