package io.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.multimap.MultiMap;
import com.hazelcast.topic.ITopic;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonText;
import io.switchboard.rpc.Caller;
import io.switchboard.rpc.RemoteCallees;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RPC across nodes. Which node offers callees for which pattern is a MultiMap (pattern to node
 * ids); a call with no callee on its own node goes to one of the others that offers the channel
 * (in turn), on that node's topic; that node runs it as a call of its own and sends the outcome
 * back on the caller node's topic. The callee's node keeps the call's deadline and tells
 * {@code callee_gone}. Should the callee's node die meanwhile, its callers hear {@code callee_gone}
 * as soon as the cluster sees it leave; a node that stays but never answers (a lost message) is
 * given up a little after the timeout.
 */
public final class ClusterCalls implements RemoteCallees {
    private static final System.Logger LOG = System.getLogger(ClusterCalls.class.getName());
    static final String OFFERS = "switchboard-callees";
    static final String TOPIC = "switchboard-rpc-";
    private static final long GRACE_MS = 2_000;

    private final HazelcastInstance hz;
    private final MultiMap<String, String> offers;
    private final String me;
    private final ScheduledExecutorService timers;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong turn = new AtomicLong();
    private final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    private volatile Hub hub;

    public ClusterCalls(HazelcastInstance hz, ScheduledExecutorService timers) {
        this.hz = hz;
        this.offers = hz.getMultiMap(OFFERS);
        this.me = Members.self(hz);
        this.timers = timers;
        hz.<String>getTopic(TOPIC + me).addMessageListener(m -> received(m.getMessageObject()));
        Members.onLeave(hz, this::forget);
    }

    /** The hub this node's half of a remote call runs on. */
    public void serve(Hub h) {
        this.hub = h;
        h.offerCallsTo(this);
    }

    @Override
    public void offered(ChannelPattern pattern, boolean offered) {
        if (offered) {
            offers.put(pattern.toString(), me);
        } else {
            offers.remove(pattern.toString(), me);
        }
    }

    /** A call sent to another node, and the node it waits on. */
    private record Waiting(Caller caller, String node) {
    }

    /**
     * A node that left offers nothing any more (whoever sees it go says so; removing twice is
     * harmless), and the calls it was running will not be answered.
     */
    private void forget(String node) {
        for (String pattern : offers.keySet()) {
            offers.remove(pattern, node);
        }
        waiting.forEach((id, w) -> {
            if (w.node().equals(node)) {
                answered(id, null, ErrorCode.CALLEE_GONE, "the callee's node left the cluster");
            }
        });
    }

    @Override
    public boolean call(Caller caller, ChannelPath channel, String dataJson, long timeoutMillis) {
        List<String> nodes = new ArrayList<>();
        for (Map.Entry<String, String> e : offers.entrySet()) {
            if (!e.getValue().equals(me) && matches(e.getKey(), channel) && !nodes.contains(e.getValue())) {
                nodes.add(e.getValue());
            }
        }
        if (nodes.isEmpty()) {
            return false;
        }
        nodes.sort(null);
        String node = nodes.get((int) Math.floorMod(turn.getAndIncrement(), (long) nodes.size()));
        String id = prefix + ids.incrementAndGet();
        waiting.put(id, new Waiting(caller, node));
        timers.schedule(() -> answered(id, null, ErrorCode.TIMEOUT, "no answer from the callee's node within "
                + (timeoutMillis + GRACE_MS) + " ms"), timeoutMillis + GRACE_MS, TimeUnit.MILLISECONDS);
        hz.<String>getTopic(TOPIC + node).publish(JsonText.op("call").str("id", id).str("reply", me)
                .str("ch", channel.value()).raw("data", dataJson).num("timeout", timeoutMillis).toString());
        return true;
    }

    private static boolean matches(String pattern, ChannelPath channel) {
        try {
            return ChannelPattern.parse(pattern).matches(channel);
        } catch (BadChannelException e) {
            return false;
        }
    }

    private void received(String text) {
        JsonObject m;
        try (var r = Json.createReader(new StringReader(text))) {
            m = r.readObject();
        }
        String id = m.getString("id");
        switch (m.getString("op")) {
            case "call" -> runHere(id, m);
            case "result" -> answered(id, m.get("data").toString(), null, null);
            case "failed" -> answered(id, null, ErrorCode.fromWire(m.getString("code")), m.getString("message", ""));
            default -> LOG.log(System.Logger.Level.WARNING, "unknown cluster rpc message {0}", m.getString("op"));
        }
    }

    private void runHere(String id, JsonObject m) {
        ITopic<String> reply = hz.getTopic(TOPIC + m.getString("reply"));
        Caller remoteCaller = new Caller() {
            @Override
            public void result(String dataJson) {
                reply.publish(JsonText.op("result").str("id", id).raw("data", dataJson).toString());
            }

            @Override
            public void failed(ErrorCode code, String message) {
                reply.publish(JsonText.op("failed").str("id", id).str("code", code.wire()).str("message", message).toString());
            }
        };
        try {
            hub.callHere(remoteCaller, ChannelPath.parse(m.getString("ch")), m.get("data").toString(),
                    m.getJsonNumber("timeout").longValue());
        } catch (BadChannelException e) {
            remoteCaller.failed(ErrorCode.BAD_CHANNEL, e.getMessage());
        }
    }

    private void answered(String id, String dataJson, ErrorCode code, String message) {
        Waiting w = waiting.remove(id);
        if (w == null) {
            return;
        }
        Caller caller = w.caller();
        if (code == null) {
            caller.result(dataJson);
        } else {
            caller.failed(code, message);
        }
    }
}
