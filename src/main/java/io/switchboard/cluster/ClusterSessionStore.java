package io.switchboard.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.routing.Message;
import io.switchboard.routing.Router;
import io.switchboard.sessions.Journal;
import io.switchboard.sessions.Kind;
import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import io.switchboard.sessions.SessionStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The sessions of a cluster. Live sessions run on the node their client is connected to; what
 * lets one outlive its node is in Hazelcast: its {@link SessionRecord} (an IMap entry) and its
 * {@link HazelcastJournal} (a ringbuffer with a backup). A client that comes back on another node
 * finds its session there: that node asks the owner to let go (if it still lives), reads the
 * journal, subscribes again and replays from the cluster log what the session missed meanwhile.
 * Inbox names are claimed in an IMap, so they are unique cluster-wide.
 */
public final class ClusterSessionStore implements SessionStore {
    private static final System.Logger LOG = System.getLogger(ClusterSessionStore.class.getName());
    static final String RECORDS = "switchboard-sessions";
    static final String INBOXES = "switchboard-inboxes";
    static final String HANDOVER = "switchboard-handover";
    /** The most a handover waits for a live owner to let go (it waits for that event, not for this). */
    private static final long HANDOVER_WAIT_MS = 15_000;
    /** The most a node letting go waits for its session's journal write in flight. */
    private static final long JOURNAL_DRAIN_MS = 30_000;
    private static final long SWEEP_EVERY_MS = 5_000;

    /** Makes the session object for a client id (the hub's queue limit and listener). */
    public interface SessionMaker {
        Session make(String client, String name, Kind kind);
    }

    private final HazelcastInstance hz;
    private final ClusterLog log;
    private final IMap<String, String> records;
    private final IMap<String, String> inboxes;
    private final ITopic<String> handovers;
    private final String me;
    private final Map<String, Session> byClient = new ConcurrentHashMap<>();
    private final Map<String, HazelcastJournal> journals = new ConcurrentHashMap<>();
    private volatile SessionMaker maker;
    private long lastSweep;

    public ClusterSessionStore(HazelcastInstance hz, ClusterLog log, int journalCapacity) {
        this.hz = hz;
        this.log = log;
        // A journal holds at least the queue limit, with one synchronous backup (the node may die).
        hz.getConfig().addRingBufferConfig(new RingbufferConfig(HazelcastJournal.PREFIX + "*")
                .setCapacity(journalCapacity).setBackupCount(1));
        this.records = hz.getMap(RECORDS);
        this.inboxes = hz.getMap(INBOXES);
        this.handovers = hz.getTopic(HANDOVER);
        this.me = Members.self(hz);
        handovers.addMessageListener(m -> handOver(m.getMessageObject()));
    }

    public void maker(SessionMaker m) {
        this.maker = m;
    }

    @Override
    public Session find(String client) {
        return find(client, 0);
    }

    @Override
    public Session find(String client, long resumeSeq) {
        Session local = byClient.get(client);
        return local != null ? local : adopt(client, resumeSeq);
    }

    /** Only this node's: an admin looking at a session must not take it up from its node. */
    @Override
    public Session here(String client) {
        return byClient.get(client);
    }

    /** From this node's session, else from the record: asking must not take the session up. */
    @Override
    public String userOf(String client) {
        Session local = byClient.get(client);
        if (local != null) {
            return local.identity() == null ? null : local.identity().user();
        }
        String json = records.get(client);
        return json == null ? null : SessionRecord.parse(json).user();
    }

    @Override
    public Session findOrCreate(String client, Function<String, Session> create) {
        Session found = find(client);
        if (found != null) {
            return found;
        }
        return byClient.computeIfAbsent(client, c -> {
            Session s = create.apply(c);
            SessionRecord r = SessionRecord.opened(me, s);
            records.set(c, r.toJson());
            if (s.resumable()) {
                s.useJournal(journalOf(c));
            }
            return s;
        });
    }

    private HazelcastJournal journalOf(String client) {
        return journals.computeIfAbsent(client, c -> new HazelcastJournal(hz.getRingbuffer(HazelcastJournal.PREFIX + c),
                patterns -> subscriptionsChanged(c, patterns)));
    }

    /** Keeps each pattern with the offset delivered before it was subscribed (kept for older ones). */
    private void subscriptionsChanged(String client, Set<ChannelPattern> patterns) {
        long delivered = log.deliveredOffset();
        String json = records.get(client);
        if (json == null) {
            return;
        }
        SessionRecord r = SessionRecord.parse(json);
        Map<String, Long> next = new LinkedHashMap<>();
        for (ChannelPattern p : patterns) {
            next.put(p.toString(), r.patterns().getOrDefault(p.toString(), delivered));
        }
        records.set(client, r.withPatterns(next).toJson());
    }

    @Override
    public boolean claimInbox(String inbox, String client) {
        String holder = inboxes.putIfAbsent(inbox, client);
        if (holder == null || holder.equals(client)) {
            return true;
        }
        return !records.containsKey(holder) && inboxes.replace(inbox, holder, client);
    }

    @Override
    public void remove(Session s) {
        byClient.remove(s.client(), s);
        records.delete(s.client());
        inboxes.remove(s.inbox(), s.client());
        HazelcastJournal j = journals.remove(s.client());
        if (j != null) {
            j.destroy();
        }
    }

    @Override
    public Collection<Session> all() {
        return byClient.values();
    }

    @Override
    public int size() {
        return byClient.size();
    }

    /** Sessions of the whole cluster (records), for metrics. */
    public int clusterSize() {
        return records.size();
    }

    @Override
    public List<Session> expired(long now, long ttlMillis) {
        List<Session> out = new ArrayList<>();
        for (Session s : byClient.values()) {
            if (s.link() == null && s.detachedAt() > 0 && now - s.detachedAt() > ttlMillis) {
                out.add(s);
            }
        }
        if (now - lastSweep > SWEEP_EVERY_MS && oldestMember()) {
            lastSweep = now;
            sweepOrphans(now, ttlMillis);
        }
        return out;
    }

    private boolean oldestMember() {
        return hz.getCluster().getMembers().iterator().next().localMember();
    }

    /** Sessions whose node died: they expire like any other once nobody took them up within the TTL. */
    private void sweepOrphans(long now, long ttlMillis) {
        Set<String> alive = new java.util.HashSet<>();
        for (Member m : hz.getCluster().getMembers()) {
            alive.add(m.getUuid().toString());
        }
        for (Map.Entry<String, String> e : records.entrySet()) {
            SessionRecord r = SessionRecord.parse(e.getValue());
            if (alive.contains(r.owner())) {
                continue;
            }
            if (r.detachedAt() == 0) {
                records.replace(e.getKey(), e.getValue(), r.detached(now).toJson());
            } else if (now - r.detachedAt() > ttlMillis && records.remove(e.getKey(), e.getValue())) {
                inboxes.remove(r.inbox(e.getKey()), e.getKey());
                hz.getRingbuffer(HazelcastJournal.PREFIX + e.getKey()).destroy();
                LOG.log(System.Logger.Level.INFO, "session of client {0} expired after its node left", e.getKey());
            }
        }
    }

    // --- taking a session up from another node ------------------------------------------------

    private Session adopt(String client, long resumeSeq) {
        String json = records.get(client);
        if (json == null || maker == null) {
            return null;
        }
        SessionRecord r = SessionRecord.parse(json);
        if (!r.owner().isEmpty() && !r.owner().equals(me) && alive(r.owner())) {
            handovers.publish(client + " " + me);
            r = awaitRelease(client, r);
        }
        SessionRecord record = r;
        Session adopted = byClient.computeIfAbsent(client, c -> takeUp(c, record, resumeSeq));
        LOG.log(System.Logger.Level.INFO, "took up the session of client {0} from another node", client);
        return adopted;
    }

    private boolean alive(String node) {
        return Members.alive(hz, node);
    }

    /**
     * Waits for the cause of a handover: the owner clears its name from the record (it let go), the
     * record changes or goes, or the owner leaves the cluster. Woken by events on the record's key
     * and on membership, not by a clock; the ceiling only bounds an owner that lives but never
     * answers (then the session is taken up anyway, as before).
     */
    private SessionRecord awaitRelease(String client, SessionRecord r) {
        String owner = r.owner();
        Wakeup wakeup = new Wakeup();
        java.util.UUID onRecord = records.addEntryListener(wakeup, client, false);
        java.util.UUID onMembers = hz.getCluster().addMembershipListener(wakeup);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDOVER_WAIT_MS);
        try {
            while (true) {
                String json = records.get(client);
                if (json == null) {
                    return r;
                }
                SessionRecord now = SessionRecord.parse(json);
                if (!now.owner().equals(owner) || !alive(owner)) {
                    return now;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !wakeup.await(left)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            records.removeEntryListener(onRecord);
            hz.getCluster().removeMembershipListener(onMembers);
        }
        LOG.log(System.Logger.Level.WARNING, "node {0} did not let go of the session of {1} in time", owner, client);
        String json = records.get(client);
        return json == null ? r : SessionRecord.parse(json);
    }

    /** Wakes a handover's wait when the record it watches changes or a member leaves. */
    private static final class Wakeup implements com.hazelcast.map.listener.EntryUpdatedListener<String, String>,
            com.hazelcast.map.listener.EntryRemovedListener<String, String>, com.hazelcast.cluster.MembershipListener {
        private final java.util.concurrent.Semaphore events = new java.util.concurrent.Semaphore(0);

        boolean await(long nanos) throws InterruptedException {
            boolean woken = events.tryAcquire(nanos, TimeUnit.NANOSECONDS);
            events.drainPermits();
            return woken;
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, String> e) {
            events.release();
        }

        @Override
        public void entryRemoved(com.hazelcast.core.EntryEvent<String, String> e) {
            events.release();
        }

        @Override
        public void memberAdded(com.hazelcast.cluster.MembershipEvent e) {
        }

        @Override
        public void memberRemoved(com.hazelcast.cluster.MembershipEvent e) {
            events.release();
        }
    }

    private Session takeUp(String client, SessionRecord r, long resumeSeq) {
        HazelcastJournal journal = journalOf(client);
        HazelcastJournal.Contents kept = journal.read();
        Session s = maker.make(client, r.name(), r.kind());
        s.identify(r.identity());
        // The journal also holds frames the client has acked; what it says it has is not held again
        // (it would count against the queue limit while the missed messages are replayed).
        List<Journal.Entry> unacked = kept.entries().stream()
                .filter(e -> e.seq() > resumeSeq).toList();
        long journaled = kept.entries().stream().mapToLong(Journal.Entry::off).max().orElse(0);
        long journaledSeq = kept.entries().stream().mapToLong(Journal.Entry::seq).max().orElse(0);
        s.restore(unacked, journaledSeq, kept.gapFrom(), kept.gapTo());
        s.useJournal(journal);
        records.set(client, r.withOwner(me).toJson());
        log.whilePaused(delivered -> {
            replayMissed(s, r.patterns(), journaled, delivered);
            return null;
        });
        return s;
    }

    /**
     * Subscribes {@code s} again and gives it, in offset order, every message it missed while no
     * node served it: per pattern, those after both its subscription point and the last message
     * its journal holds, up to what this node has delivered (the reader goes on from there).
     */
    private void replayMissed(Session s, Map<String, Long> patterns, long journaled, long delivered) {
        Map<ChannelPattern, Long> from = new LinkedHashMap<>();
        long start = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : patterns.entrySet()) {
            try {
                ChannelPattern p = ChannelPattern.parse(e.getKey());
                long after = Math.max(e.getValue(), journaled);
                from.put(p, after);
                start = Math.min(start, after + 1);
                s.resubscribe(p);
            } catch (BadChannelException bad) {
                LOG.log(System.Logger.Level.WARNING, "a kept subscription is not a pattern: {0}", e.getKey());
            }
        }
        if (start > delivered) {
            return;
        }
        long[] lostUpTo = {0};
        List<Message> missed = log.read(start, delivered, firstHeld -> lostUpTo[0] = firstHeld - 1);
        if (lostUpTo[0] > 0) {
            s.sendSequenced(ServerFrames.historyGapOpen("/**", start, lostUpTo[0]));
        }
        for (Message m : missed) {
            if (Router.visible(s.inbox(), m.channel()) && matchesAfter(from, m)) {
                s.deliver(m);
            }
        }
    }

    private static boolean matchesAfter(Map<ChannelPattern, Long> from, Message m) {
        for (Map.Entry<ChannelPattern, Long> e : from.entrySet()) {
            if (m.off() > e.getValue() && e.getKey().matches(m.channel())) {
                return true;
            }
        }
        return false;
    }

    /** Another node takes {@code client}'s session up: let it go once its journal has everything. */
    private void handOver(String message) {
        int space = message.indexOf(' ');
        String client = message.substring(0, space);
        if (message.substring(space + 1).equals(me)) {
            return;
        }
        Session s = byClient.remove(client);
        if (s == null) {
            return;
        }
        Link link = s.link();
        s.end();
        if (link != null) {
            link.close(4000, "session taken over on another node");
        }
        // The new owner reads the journal once the record is released: a write still in flight
        // would be lost to it, so the release waits for that write, however slow the machine.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOURNAL_DRAIN_MS);
        while (s.journalBusy() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        if (s.journalBusy()) {
            LOG.log(System.Logger.Level.WARNING, "the journal of {0} is still being written after {1} ms: letting go anyway",
                    client, JOURNAL_DRAIN_MS);
        }
        journals.remove(client);
        releaseRecord(client);
        LOG.log(System.Logger.Level.INFO, "let go of the session of client {0}: another node took it up", client);
    }

    /** Clears this node's name from the client's record, if it is still there. */
    private void releaseRecord(String client) {
        String json = records.get(client);
        if (json != null && SessionRecord.parse(json).owner().equals(me)) {
            records.replace(client, json, SessionRecord.parse(json).withOwner("").toJson());
        }
    }
}
