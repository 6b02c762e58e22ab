package io.switchboard.routing;

/** Something messages are delivered to: a session. */
public interface Subscriber {

    /** The name of this subscriber's inbox, {@code /clients/<inbox>}. */
    String inbox();

    /** Takes one message; called once per message however many of its patterns match. */
    void deliver(Message message);
}
