package io.switchboard.cluster;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.HistoryPage;
import io.switchboard.protocol.Since;
import io.switchboard.routing.Bus;
import io.switchboard.routing.HistoryStore;
import io.switchboard.routing.Message;
import io.switchboard.routing.MessageLog;
import io.switchboard.routing.Replay;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The hub's message log and bus across the cluster: one Hazelcast ringbuffer holds every
 * published message, and an entry's sequence (plus one) is its offset, so offsets are hub-wide,
 * in one order, and the same on every node. Each node reads the whole ringbuffer in order: what it
 * reads it records in its {@link HistoryStore} (so every node holds the same history and retained
 * values, and a {@code since} or {@code Last-Event-ID} taken on one node resumes on another) and
 * delivers to its local subscribers. Publishing only appends: local delivery comes from the reader,
 * like everyone else's, so all nodes see one order.
 *
 * <p>Retained values also go to an IMap (newest offset wins), so a node that joins after the
 * ringbuffer has wrapped still knows them. The epoch lives in an IMap too: it changes only when the
 * whole cluster (and with it the log) starts afresh.
 */
public final class ClusterLog implements MessageLog, Bus {
    private static final System.Logger LOG = System.getLogger(ClusterLog.class.getName());
    static final String LOG_NAME = "switchboard-log";
    static final String RETAINED = "switchboard-retained";
    static final String META = "switchboard-meta";
    private static final int BATCH = 1000;
    /** Entries read lately whose copies are recognised (a retried append's copy comes soon after). */
    private static final int REPEAT_WINDOW = 16_384;

    private final Ringbuffer<String> ring;
    private final IMap<String, String> retainedMap;
    private final HistoryStore store;
    private final LongSupplier clock;
    private final ExecutorService reader;
    private final ReentrantLock delivering = new ReentrantLock();
    private final String epoch;
    /** This node's part of each entry id it appends; the count makes the id unique. */
    private final String appender = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong appended = new AtomicLong();
    private final RepeatedEntries repeats = new RepeatedEntries(REPEAT_WINDOW);
    private volatile Consumer<Message> delivery = m -> { };
    private volatile long next;
    private volatile boolean stopped;

    /** {@code reader}: a single thread of the container's that runs this node's delivery. */
    public ClusterLog(HazelcastInstance hz, int capacity, int history, long historyTtlMillis, LongSupplier clock,
                      ExecutorService reader) {
        this(hz, capacity, history, historyTtlMillis, 0, Long.MAX_VALUE, clock, reader);
    }

    /** With this node's copy of history and retained values within {@code maxBytes} (limits.historyBytes). */
    public ClusterLog(HazelcastInstance hz, int capacity, int history, long historyTtlMillis, long retainedTtlMillis,
                      long maxBytes, LongSupplier clock, ExecutorService reader) {
        // One synchronous backup: a message whose publish returned survives the loss of one node.
        hz.getConfig().addRingBufferConfig(new com.hazelcast.config.RingbufferConfig(LOG_NAME)
                .setCapacity(capacity).setBackupCount(1));
        this.ring = hz.getRingbuffer(LOG_NAME);
        this.retainedMap = hz.getMap(RETAINED);
        this.store = new HistoryStore(history, historyTtlMillis, retainedTtlMillis, maxBytes, clock);
        this.clock = clock;
        this.reader = reader;
        IMap<String, String> meta = hz.getMap(META);
        String mine = UUID.randomUUID().toString().substring(0, 8);
        String theirs = meta.putIfAbsent("epoch", mine);
        this.epoch = theirs == null ? mine : theirs;
    }

    /** Loads the retained values, reads what the ringbuffer still holds, then follows it. */
    public void start() {
        retainedMap.forEach((ch, entry) -> {
            int space = entry.indexOf(' ');
            store.recordRetained(LogEntries.decode(entry.substring(space + 1), Long.parseLong(entry.substring(0, space))));
        });
        next = ring.headSequence();
        LOG.log(System.Logger.Level.INFO, "cluster log: epoch {0}, reading from offset {1} (latest {2})",
                epoch, next + 1, ring.tailSequence() + 1);
        reader.execute(this::readMore);
    }

    public void stop() {
        stopped = true;
    }

    private void readMore() {
        if (stopped) {
            return;
        }
        ring.readManyAsync(next, 1, BATCH, null).whenCompleteAsync((rs, error) -> {
            if (error != null) {
                failed(error);
            } else {
                deliver(rs);
            }
            readMore();
        }, reader);
    }

    private void deliver(ReadResultSet<String> rs) {
        delivering.lock();
        try {
            for (int i = 0; i < rs.size(); i++) {
                long off = rs.getSequence(i) + 1;
                if (repeats.repeated(LogEntries.id(rs.get(i)), off)) {
                    LOG.log(System.Logger.Level.INFO, "offset {0} repeats an earlier entry (a retried append): skipped", off);
                    continue;
                }
                Message m = LogEntries.decode(rs.get(i), off);
                store.record(m);
                delivery.accept(m);
            }
            next = rs.getNextSequenceToReadFrom();
        } finally {
            delivering.unlock();
        }
    }

    private void failed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof StaleSequenceException) {
            long head = ring.headSequence();
            LOG.log(System.Logger.Level.WARNING, "this node fell {0} messages behind the cluster log and skips them",
                    head - next);
            next = head;
            return;
        }
        if (!stopped) {
            LOG.log(System.Logger.Level.WARNING, "reading the cluster log failed; trying again: {0}", cause.toString());
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public long latestOffset() {
        return ring.tailSequence() + 1;
    }

    /** The offset of the last message this node has delivered. */
    public long deliveredOffset() {
        return next;
    }

    @Override
    public Message append(ChannelPath channel, String data, String from, boolean retain) {
        long at = clock.getAsLong();
        String id = appender + ':' + Long.toString(appended.incrementAndGet(), 36);
        String entry = LogEntries.encode(id, channel, data, from, retain, at);
        long off;
        try {
            off = ring.addAsync(entry, OverflowPolicy.OVERWRITE).toCompletableFuture().get() + 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to the cluster", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the cluster log did not take the message", e.getCause());
        }
        if (retain) {
            keepRetained(channel.value(), off, entry);
        }
        return new Message(channel, data, off, from, retain, at);
    }

    /** The newest retained value wins, whichever node wrote last. */
    private void keepRetained(String ch, long off, String entry) {
        String mine = off + " " + entry;
        for (int i = 0; i < 20; i++) {
            String current = retainedMap.putIfAbsent(ch, mine);
            if (current == null) {
                return;
            }
            if (Long.parseLong(current.substring(0, current.indexOf(' '))) >= off || retainedMap.replace(ch, current, mine)) {
                return;
            }
        }
    }

    /** Local delivery is the reader's: what this node publishes comes back to it in the cluster's order. */
    @Override
    public void publish(Message message) {
    }

    @Override
    public boolean deliversInLogOrder() {
        return true;
    }

    @Override
    public void onMessage(Consumer<Message> localDelivery) {
        this.delivery = localDelivery;
    }

    @Override
    public List<Message> retained(ChannelPattern pattern) {
        return store.retained(pattern);
    }

    @Override
    public Replay replay(ChannelPattern pattern, Since since) {
        return store.replay(pattern, since, epoch);
    }

    @Override
    public HistoryPage history(ChannelPath channel, Since since, int limit, boolean reverse,
                                                       long maxChars) {
        return store.page(channel, since, limit, reverse, maxChars, epoch);
    }

    @Override
    public List<ChannelPath> channels() {
        return store.channels();
    }

    @Override
    public boolean holds(ChannelPath channel) {
        return store.holds(channel);
    }

    /**
     * Runs {@code work} while this node delivers nothing, and hands it the offset delivered so far:
     * a session taken up from another node subscribes and replays up to that offset, and the
     * reader goes on after it, so nothing is missed or delivered twice.
     */
    public <T> T whilePaused(LongFunction<T> work) {
        delivering.lock();
        try {
            return work.apply(next);
        } finally {
            delivering.unlock();
        }
    }

    /**
     * The messages with offsets {@code from..to}, as far as the ringbuffer still holds them, each
     * once (copies left by retried appends are skipped); {@code lost} gets the first offset still
     * held when some are gone.
     */
    public List<Message> read(long from, long to, LongConsumer lost) {
        List<Message> out = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        long seq = Math.max(from - 1, 0);
        long head = ring.headSequence();
        if (seq < head) {
            lost.accept(head + 1);
            seq = head;
        }
        while (seq <= to - 1) {
            int count = (int) Math.min(BATCH, to - seq);
            ReadResultSet<String> rs;
            try {
                rs = ring.readManyAsync(seq, 0, count, null).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return out;
            } catch (Exception e) {
                throw new IllegalStateException("reading the cluster log failed", e);
            }
            if (rs.size() == 0) {
                break;
            }
            for (int i = 0; i < rs.size(); i++) {
                long off = rs.getSequence(i) + 1;
                String id = LogEntries.id(rs.get(i));
                if (ids.add(id) && !repeats.isCopy(id, off)) {
                    out.add(LogEntries.decode(rs.get(i), off));
                }
            }
            seq = rs.getNextSequenceToReadFrom();
        }
        return out;
    }

    /** How far this node's delivery trails the cluster log (messages). */
    public long lag() {
        return Math.max(0, ring.tailSequence() + 1 - next);
    }

    @Override
    public void sweep() {
        store.sweep();
    }

    @Override
    public boolean admitsRetained(long size) {
        return store.admitsRetained(size);
    }

    @Override
    public long heldBytes() {
        return store.bytes();
    }

    @Override
    public long evictedForBudget() {
        return store.evicted();
    }
}
