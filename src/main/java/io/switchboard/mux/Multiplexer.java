package io.switchboard.mux;

import io.switchboard.protocol.FrameSize;
import io.switchboard.sockets.Peer;
import io.switchboard.sockets.SocketRequest;
import io.switchboard.sockets.SocketRoutes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One {@code /mux} socket (docs/protocol.md, Multiplexing): {@code sub,<topic>} opens
 * the socket of this server that the topic names, through the same {@link SocketRoutes} a direct
 * WebSocket reaches, so the topic runs the endpoint's own code with no loopback connection. Each
 * topic's request is the mux handshake's (User-Agent, address, token) with the topic's path and
 * query. {@code msg} goes to the topic's socket; {@code uns} from the client is a clean close
 * (1000, or the code it names); a path that is no socket is answered {@code uns}. Frames for a
 * topic not subscribed are ignored, as is a second {@code sub} of an open topic.
 *
 * <p>The carrier calls {@link #received}, {@link #pong} and {@link #closed} one at a time.
 */
public final class Multiplexer {
    /** The close code a {@code uns} carries when a topic names no socket of this server. */
    public static final int NO_SOCKET = 4404;

    private final int hardFrame;
    private final Peer carrier;
    private final SocketRoutes routes;
    private final SocketRequest handshake;
    private final Executor executor;
    private static final long LIFE_NANOS = 1_000_000_000L;

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    /** Touched only by the carrier's event thread (events arrive one at a time). */
    private long lastLife = System.nanoTime();

    /** The close code a {@code uns} carries when the socket has {@code limits.muxTopics} topics open already. */
    public static final int OVERLOADED = 1013;

    private final int maxTopics;
    private final Runnable refused;

    public Multiplexer(Peer carrier, SocketRoutes routes, SocketRequest handshake, Executor executor, int hardFrame) {
        this(carrier, routes, handshake, executor, hardFrame, Integer.MAX_VALUE, () -> { });
    }

    /** At most {@code maxTopics} topics open at once (limits.muxTopics); {@code refused} counts each one turned away. */
    public Multiplexer(Peer carrier, SocketRoutes routes, SocketRequest handshake, Executor executor, int hardFrame,
                       int maxTopics, Runnable refused) {
        this.maxTopics = maxTopics;
        this.refused = refused;
        this.hardFrame = hardFrame;
        this.carrier = carrier;
        this.routes = routes;
        this.handshake = handshake;
        this.executor = executor;
    }

    public void received(String text) {
        carrierAlive();
        MuxFrame frame = MuxFrame.parse(text);
        if (frame == null) {
            return;
        }
        switch (frame.type()) {
            case SUB -> subscribe(frame.topic());
            case MSG -> {
                Topic t = topics.get(frame.topic());
                String payload = frame.payload() == null ? "" : frame.payload();
                if (t != null && FrameSize.over(payload, hardFrame)) {
                    t.close(1009, "frame too large"); // the topic's socket would take no more on its own
                } else if (t != null) {
                    t.text(payload);
                }
            }
            case UNS -> {
                Topic t = topics.get(frame.topic());
                if (t != null) {
                    t.ended(frame.closeCode());
                }
            }
        }
    }

    private void subscribe(String name) {
        if (topics.containsKey(name)) {
            return;
        }
        String path = TopicPath.of(name);
        if (path == null) {
            carrier.send(MuxFrame.uns(name, NO_SOCKET, "bad escape in topic"));
            return;
        }
        if (topics.size() >= maxTopics) {
            refused.run();
            carrier.send(MuxFrame.uns(name, OVERLOADED, "overloaded: " + maxTopics + " topics are open (limits.muxTopics)"));
            return;
        }
        SocketRequest request = handshake.forTopic("mux", path);
        Topic topic = new Topic(name, carrier, executor, () -> topics.remove(name));
        topics.put(name, topic);
        if (!topic.open(peer -> routes.open(request, peer))) {
            topics.remove(name, topic);
            carrier.send(MuxFrame.uns(name, NO_SOCKET, "no socket at " + request.path()));
        }
    }

    /** The carrier answered a ping: every topic is alive. */
    public void pong() {
        lastLife = System.nanoTime();
        for (Topic t : List.copyOf(topics.values())) {
            t.pong();
        }
    }

    /**
     * Any frame on the carrier is life for every topic on it, so a topic that is quiet
     * itself is never closed for silence while its carrier talks. Told at most once a second: the
     * heartbeat counts in seconds, and a busy carrier must not pay a call per topic per frame.
     */
    private void carrierAlive() {
        long now = System.nanoTime();
        if (now - lastLife >= LIFE_NANOS) {
            pong();
        }
    }

    /** The carrier closed with {@code code}: so does every topic. */
    public void closed(int code) {
        for (Topic t : List.copyOf(topics.values())) {
            t.ended(code);
        }
    }

    public int topics() {
        return topics.size();
    }
}
