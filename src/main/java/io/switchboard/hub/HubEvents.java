package io.switchboard.hub;

import io.switchboard.channels.ChannelPattern;
import io.switchboard.routing.Message;
import io.switchboard.routing.SubscriptionWatcher;
import io.switchboard.routing.Subscriber;
import io.switchboard.sessions.Session;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The hub's events on their way to its listeners (docs/hooks.md). Where a thing happens the hub
 * only queues it; one thread of the hub's ({@link #start}) takes them in order and tells every
 * listener, so a slow listener slows no delivery. At most {@code capacity} events wait: past that
 * an event is dropped and counted ({@link #dropped}), never silently. The edges of occupancy (this
 * node's first subscriber of a pattern, its last leaving) are never dropped, or the cluster-wide
 * counts of {@link Occupancy} would drift for good; there is at most one waiting per subscription
 * change, so they are bounded by the subscriptions themselves. Until started, nothing is queued;
 * without listeners (added at start-up), only the edges.
 */
public final class HubEvents implements SubscriptionWatcher {
    private static final System.Logger LOG = System.getLogger(HubEvents.class.getName());
    public static final int DEFAULT_CAPACITY = 10_000;

    /** This node's first subscriber of {@code pattern} came ({@code occupied}) or its last left. */
    private record Edge(String pattern, boolean occupied, long at) {
    }

    private final LongSupplier clock;
    private final List<HubEvent.Listener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Events (not edges) waiting: what {@code capacity} bounds. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder told = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile int capacity = DEFAULT_CAPACITY;
    private volatile Occupancy occupancy = Occupancy.LOCAL;
    private volatile boolean started;
    private volatile Thread drainer;

    HubEvents(LongSupplier clock) {
        this.clock = clock;
    }

    /** At most this many events wait for the listeners (switchboard.hooks.queue). */
    public void limitQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Cluster mode: occupancy counts across the nodes. Set before {@link #start}. */
    public void countOccupancyWith(Occupancy occupancy) {
        this.occupancy = occupancy;
    }

    public void listen(HubEvent.Listener listener) {
        listeners.add(listener);
    }

    /** Starts the one thread that tells the listeners (a container's managed thread in the WAR). */
    public synchronized void start(ThreadFactory threads) {
        if (drainer == null) {
            drainer = threads.newThread(this::drain);
            started = true;
            drainer.start();
        }
    }

    public synchronized void stop() {
        started = false;
        if (drainer != null) {
            drainer.interrupt();
        }
    }

    void connected(Session s, String transport, boolean resumed) {
        offer(new HubEvent.Connected(s.client(), s.name(), s.inbox(), user(s), transport, resumed, clock.getAsLong()));
    }

    void disconnected(Session s, int code) {
        offer(new HubEvent.Disconnected(s.client(), s.inbox(), user(s), s.transport(), code, s.ended(), clock.getAsLong()));
    }

    void published(Message m) {
        if (started && !listeners.isEmpty()) { // a record per publish only for someone
            offer(new HubEvent.Published(m.channel().value(), m.off(), m.from(), m.retain(), m.data(), clock.getAsLong()));
        }
    }

    @Override
    public void subscribed(Subscriber s, ChannelPattern pattern, boolean first) {
        if (started && !ownInbox(s, pattern)) {
            long at = clock.getAsLong();
            offer(new HubEvent.Subscribed(pattern.value(), s.inbox(), at));
            if (first) {
                queue.add(new Edge(pattern.value(), true, at));
            }
        }
    }

    @Override
    public void unsubscribed(Subscriber s, ChannelPattern pattern, boolean last) {
        if (started && !ownInbox(s, pattern)) {
            long at = clock.getAsLong();
            offer(new HubEvent.Unsubscribed(pattern.value(), s.inbox(), at));
            if (last) {
                queue.add(new Edge(pattern.value(), false, at));
            }
        }
    }

    /** Every session holds its own inbox from its start: not the application's news. */
    private static boolean ownInbox(Subscriber s, ChannelPattern pattern) {
        String inbox = s.inbox();
        return inbox != null && pattern.value().length() == inbox.length() + 12
                && pattern.value().startsWith("/clients/") && pattern.value().startsWith(inbox, 9)
                && pattern.value().endsWith("/**");
    }

    private static String user(Session s) {
        return s.identity() == null ? null : s.identity().user();
    }

    private void offer(HubEvent e) {
        if (!started || listeners.isEmpty()) {
            return;
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.add(e);
    }

    private void drain() {
        try {
            while (started) {
                Object next = queue.take();
                if (next instanceof HubEvent e) {
                    waiting.decrementAndGet();
                    tell(e);
                } else if (next instanceof Edge edge) {
                    crossed(edge);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        }
    }

    private void crossed(Edge edge) {
        try {
            if (edge.occupied() ? occupancy.occupied(edge.pattern()) : occupancy.vacated(edge.pattern())) {
                tell(edge.occupied() ? new HubEvent.Occupied(edge.pattern(), edge.at())
                        : new HubEvent.Vacated(edge.pattern(), edge.at()));
            }
        } catch (RuntimeException e) {
            failures.increment();
            LOG.log(System.Logger.Level.WARNING, "could not count the occupancy of " + edge.pattern(), e);
        }
    }

    private void tell(HubEvent e) {
        for (HubEvent.Listener l : listeners) {
            try {
                l.on(e);
            } catch (RuntimeException ex) {
                failures.increment();
                LOG.log(System.Logger.Level.WARNING, "a hub event listener failed on " + e.type(), ex);
            }
        }
        told.increment();
    }

    /** Events dropped because {@code capacity} were waiting. */
    public long dropped() {
        return dropped.sum();
    }

    /** Events handed to the listeners. */
    public long told() {
        return told.sum();
    }

    /** Listener calls and occupancy counts that threw. */
    public long failures() {
        return failures.sum();
    }

    /** Events waiting now. */
    public int waiting() {
        return waiting.get();
    }
}
