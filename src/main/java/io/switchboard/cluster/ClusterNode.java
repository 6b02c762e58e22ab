package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Limits;
import io.switchboard.routing.Router;
import io.switchboard.sessions.Session;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/** This node's part of a clustered hub: the Hazelcast instance, the cluster log and the session store. */
public final class ClusterNode {
    private final HazelcastInstance hz;
    private final ClusterLog log;
    private final Router router;
    private final ClusterSessionStore sessions;
    private final ExecutorService reader;
    private final ClusterCalls calls;
    private final ClusterDevices devices;
    private final ClusterDocuments documents;
    private final ClusterRooms rooms;

    public ClusterNode(HazelcastInstance hz, int logCapacity, Limits limits, ThreadFactory threads,
                       java.util.concurrent.ScheduledExecutorService timers) {
        this.hz = hz;
        this.reader = Executors.newSingleThreadExecutor(threads);
        this.log = new ClusterLog(hz, logCapacity, limits.history(), limits.historyTtl(),
                limits.budgets().retainedTtl(), limits.budgets().historyBytes(), System::currentTimeMillis, reader);
        this.router = new Router(log, log);
        this.sessions = new ClusterSessionStore(hz, log, Math.max(limits.queue() + 16, 64));
        this.calls = new ClusterCalls(hz, timers);
        this.devices = new ClusterDevices(hz);
        this.documents = new ClusterDocuments(hz);
        this.rooms = new ClusterRooms(hz);
    }

    /** The chat rooms of the cluster (served by the socket tree). */
    public ClusterRooms rooms() {
        return rooms;
    }

    /** Looks the instance up in JNDI (Payara's {@code payara/Hazelcast}). */
    public static HazelcastInstance lookup(String jndi) {
        try {
            return (HazelcastInstance) new javax.naming.InitialContext().lookup(jndi);
        } catch (javax.naming.NamingException | ClassCastException e) {
            throw new IllegalStateException("switchboard.cluster is true but there is no Hazelcast at " + jndi
                    + " (is Payara Micro's clustering off, e.g. --nocluster?)", e);
        }
    }

    public Router router() {
        return router;
    }

    public ClusterSessionStore sessions() {
        return sessions;
    }

    public ClusterLog log() {
        return log;
    }

    /** The hub is built: sessions taken up from other nodes are made like its own, and delivery starts. */
    public void started(Hub hub) {
        Limits limits = hub.limits();
        sessions.maker((client, name, kind) -> new Session(router, client, UUID.randomUUID().toString(), name, kind, true,
                limits.queue(), limits.budgets().queueBytes(), limits.budgets().recentIds(), hub.listener()));
        calls.serve(hub);
        devices.serve(hub.devices());
        documents.serve(hub.documents());
        hub.events().countOccupancyWith(new ClusterOccupancy(hz));
        log.start();
    }

    public int members() {
        return hz.getCluster().getMembers().size();
    }

    public String memberId() {
        return hz.getCluster().getLocalMember().getUuid().toString();
    }

    public void stop() {
        log.stop();
        reader.shutdownNow();
    }
}
