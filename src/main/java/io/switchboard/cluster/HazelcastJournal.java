package io.switchboard.cluster;

import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.sessions.Journal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A session's journal: a ringbuffer of its own (with a synchronous backup on another member)
 * that holds its sequenced frames as {@code "<seq> <off> <frame>"}, and {@code "G <from> <to>"}
 * for a range dropped as a slow consumer. It holds at least the session's queue limit of frames,
 * so whatever the client has not acked is still there when another node takes the session up.
 */
final class HazelcastJournal implements Journal {
    private static final System.Logger LOG = System.getLogger(HazelcastJournal.class.getName());
    static final String PREFIX = "switchboard-journal-";

    /** What a journal held when its session was taken up. */
    record Contents(List<Entry> entries, long gapFrom, long gapTo) {
    }

    private final Ringbuffer<String> ring;
    private final Consumer<Set<ChannelPattern>> onSubscriptions;

    HazelcastJournal(Ringbuffer<String> ring, Consumer<Set<ChannelPattern>> onSubscriptions) {
        this.ring = ring;
        this.onSubscriptions = onSubscriptions;
    }

    @Override
    public void append(List<Entry> entries, Runnable done) {
        List<String> texts = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            texts.add(e.seq() + " " + e.off() + " " + e.text());
        }
        write(texts, done, 0);
    }

    private void write(List<String> texts, Runnable done, int attempt) {
        java.util.concurrent.CompletionStage<Long> added;
        try {
            added = ring.addAllAsync(texts, OverflowPolicy.OVERWRITE);
        } catch (RuntimeException e) {
            added = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        added.whenComplete((seq, error) -> {
            if (error == null) {
                try {
                    done.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "handling a journal write failed", e);
                }
            } else if (error instanceof com.hazelcast.core.HazelcastInstanceNotActiveException
                    || error.getCause() instanceof com.hazelcast.core.HazelcastInstanceNotActiveException) {
                LOG.log(System.Logger.Level.DEBUG, "this node is leaving: a journal write is abandoned");
            } else if (attempt < 5) {
                LOG.log(System.Logger.Level.WARNING, "a session journal write failed; trying again: {0}", error.toString());
                write(texts, done, attempt + 1);
            } else {
                // The frames stay unwritten rather than be seen by a client and then lost with the node.
                LOG.log(System.Logger.Level.ERROR, "a session journal write failed 6 times: {0}", error.toString());
            }
        });
    }

    @Override
    public void dropped(long from, long to) {
        ring.addAsync("G " + from + " " + to, OverflowPolicy.OVERWRITE);
    }

    @Override
    public void subscriptions(Set<ChannelPattern> patterns) {
        onSubscriptions.accept(patterns);
    }

    void destroy() {
        ring.destroy();
    }

    /** Everything the ringbuffer holds, oldest first. */
    Contents read() {
        List<Entry> entries = new ArrayList<>();
        long gapFrom = 0;
        long gapTo = 0;
        long seq = ring.headSequence();
        long tail = ring.tailSequence();
        while (seq <= tail) {
            ReadResultSet<String> rs;
            try {
                rs = ring.readManyAsync(seq, 0, 1000, null).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                throw new IllegalStateException("reading a session journal failed", e);
            }
            if (rs.size() == 0) {
                break;
            }
            for (int i = 0; i < rs.size(); i++) {
                String s = rs.get(i);
                int a = s.indexOf(' ');
                int b = s.indexOf(' ', a + 1);
                if (s.startsWith("G ")) {
                    gapFrom = gapTo == 0 ? Long.parseLong(s, a + 1, b, 10) : gapFrom;
                    gapTo = Long.parseLong(s.substring(b + 1));
                } else {
                    entries.add(new Entry(Long.parseLong(s, 0, a, 10), Long.parseLong(s, a + 1, b, 10), s.substring(b + 1)));
                }
            }
            seq = rs.getNextSequenceToReadFrom();
        }
        return new Contents(entries, gapFrom, gapTo);
    }
}
