package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.Limits;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode without a container: two hubs on two embedded Hazelcast members. A message
 * published on either reaches subscribers on both once, with one offset; history resumes across
 * nodes; a session whose node dies resumes on the other with nothing lost or repeated.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class ClusterNodesTest {
    private static final long WAIT = 20_000;
    private static TwoNodes cluster;

    @BeforeAll
    static void start() {
        cluster = new TwoNodes(Limits.defaults(), 100_000);
    }

    /** A new client on node {@code node} whose subscription to {@code pattern} the hub has confirmed. */
    private static TwoNodes.Client subscribed(int node, String pattern) throws InterruptedException {
        TwoNodes.Client c = cluster.connect(node, "{\"op\":\"hello\"}");
        c.send("{'op':'sub','ch':'" + pattern + "','id':'s'}");
        c.link().await(f -> "ok".equals(f.getString("op", "")), WAIT);
        return c;
    }

    @Test
    void aCallReachesACalleeOnTheOtherNodeAndEachFailureStaysApart() throws Exception {
        TwoNodes.Client callee = cluster.connect(1, "{\"op\":\"hello\",\"kind\":\"service\"}");
        callee.send("{'op':'register','ch':'/svc/echo','id':'r'}");
        callee.link().await(f -> "ok".equals(f.getString("op", "")) && "r".equals(f.getString("id", "")), WAIT);
        TwoNodes.Client caller = cluster.connect(0, "{\"op\":\"hello\"}");
        caller.send("{'op':'call','ch':'/svc/echo','data':{'x':1},'id':'c1','timeout':5000}");
        JsonObject invoke = callee.link().await(f -> "invoke".equals(f.getString("op", "")), WAIT);
        assertThat(invoke.getJsonObject("data").getInt("x")).isEqualTo(1);
        callee.send("{'op':'yield','id':'" + invoke.getString("id") + "','data':{'echo':1}}");
        JsonObject result = caller.link().await(f -> "result".equals(f.getString("op", "")), WAIT);
        assertThat(result.getString("id")).isEqualTo("c1");
        assertThat(result.getJsonObject("data").getInt("echo")).isEqualTo(1);

        caller.send("{'op':'call','ch':'/svc/echo','data':2,'id':'c2','timeout':5000}");
        JsonObject second = callee.link().await(f -> "invoke".equals(f.getString("op", ""))
                && f.get("data") instanceof jakarta.json.JsonNumber n && n.intValue() == 2, WAIT);
        callee.send("{'op':'yield','id':'" + second.getString("id") + "','error':{'message':'no'}}");
        JsonObject failed = caller.link().await(f -> "error".equals(f.getString("op", "")) && "c2".equals(f.getString("id", "")), WAIT);
        assertThat(failed.getJsonObject("error").getString("code")).isEqualTo("callee_error");

        caller.send("{'op':'call','ch':'/svc/nobody','data':3,'id':'c3'}");
        JsonObject none = caller.link().await(f -> "error".equals(f.getString("op", "")) && "c3".equals(f.getString("id", "")), WAIT);
        assertThat(none.getJsonObject("error").getString("code")).isEqualTo("no_callee");

        caller.send("{'op':'call','ch':'/svc/echo','data':4,'id':'c4','timeout':300}");
        JsonObject late = caller.link().await(f -> "error".equals(f.getString("op", "")) && "c4".equals(f.getString("id", "")), WAIT);
        assertThat(late.getJsonObject("error").getString("code")).isEqualTo("timeout");
    }

    @Test
    void aDeviceOnOneNodeIsViewedListedAndDrivenFromTheOther() throws Exception {
        TwoNodes.Client device = cluster.connect(1, "{\"op\":\"hello\",\"kind\":\"device\",\"name\":\"far-thermo\"}");
        device.link().await(f -> "welcome".equals(f.getString("op", "")), WAIT);
        TwoNodes.Client browser = cluster.connect(0, "{\"op\":\"hello\",\"kind\":\"browser\",\"name\":\"near-page\"}");
        browser.send("{'op':'view','device':'far-thermo','id':'v'}");
        JsonObject viewing = browser.link().await(f -> "presence".equals(f.getString("op", ""))
                && "viewing".equals(f.getString("event", "")), WAIT);
        assertThat(viewing.getInt("viewers")).isEqualTo(1);
        assertThat(cluster.hubs.get(0).devices().list()).anySatisfy(d -> {
            assertThat(d.name()).isEqualTo("far-thermo");
            assertThat(d.connected()).isTrue();
            assertThat(d.viewers()).isEqualTo(1);
        });
        assertThat(cluster.hubs.get(1).devices().list()).anySatisfy(d -> assertThat(d.viewers()).isEqualTo(1));

        device.send("{'op':'emit','data':{'temp':21.5},'id':'e'}");
        JsonObject emit = browser.link().await(f -> "emit".equals(f.getString("op", "")), WAIT);
        assertThat(emit.getString("device")).isEqualTo("far-thermo");
        assertThat(emit.getJsonObject("data").getJsonNumber("temp").doubleValue()).isEqualTo(21.5);

        browser.send("{'op':'input','device':'far-thermo','data':{'id':'reset'},'id':'i'}");
        JsonObject input = device.link().await(f -> "input".equals(f.getString("op", "")), WAIT);
        assertThat(input.getString("from")).isEqualTo("near-page");
        browser.link().await(f -> "ok".equals(f.getString("op", "")) && "i".equals(f.getString("id", "")), WAIT);

        browser.send("{'op':'input','device':'nowhere','data':1,'id':'i2'}");
        JsonObject offline = browser.link().await(f -> "error".equals(f.getString("op", "")) && "i2".equals(f.getString("id", "")), WAIT);
        assertThat(offline.getJsonObject("error").getString("code")).isEqualTo("device_offline");

        device.send("{'op':'bye'}");
        browser.link().await(f -> "presence".equals(f.getString("op", ""))
                && "disconnected".equals(f.getString("event", "")), WAIT);
    }

    @Test
    void patchesFromBothNodesMakeOneRevisionOrderForWatchersOnBoth() throws Exception {
        TwoNodes.Client w0 = cluster.connect(0, "{\"op\":\"hello\"}");
        TwoNodes.Client w1 = cluster.connect(1, "{\"op\":\"hello\"}");
        w0.send("{'op':'watch','ch':'/state/room','id':'w'}");
        w1.send("{'op':'watch','ch':'/state/room','id':'w'}");
        w0.link().await(f -> "snapshot".equals(f.getString("op", "")), WAIT);
        w1.link().await(f -> "snapshot".equals(f.getString("op", "")), WAIT);
        int n = 40;
        Thread other = new Thread(() -> {
            for (int i = 0; i < n / 2; i++) {
                w1.send("{'op':'patch','ch':'/state/room','merge':{'b" + i + "':" + i + "},'id':'pb" + i + "'}");
            }
        });
        other.start();
        for (int i = 0; i < n / 2; i++) {
            w0.send("{'op':'patch','ch':'/state/room','merge':{'a" + i + "':" + i + "},'id':'pa" + i + "'}");
        }
        other.join(WAIT);
        List<JsonObject> on0 = w0.link().awaitCount("patched", n, WAIT);
        List<JsonObject> on1 = w1.link().awaitCount("patched", n, WAIT);
        assertThat(on0).extracting(f -> f.getJsonNumber("rev").longValue()).isEqualTo(
                java.util.stream.LongStream.rangeClosed(1, n).boxed().toList());
        assertThat(on0).extracting(f -> f.getJsonArray("ops").toString())
                .isEqualTo(on1.stream().map(f -> f.getJsonArray("ops").toString()).toList());
        w0.send("{'op':'patch','ch':'/state/room','merge':{'x':1},'base':1,'id':'stale'}");
        JsonObject conflict = w0.link().await(f -> "error".equals(f.getString("op", "")) && "stale".equals(f.getString("id", "")), WAIT);
        assertThat(conflict.getJsonObject("error").getString("code")).isEqualTo("conflict");
        TwoNodes.Client late = cluster.connect(0, "{\"op\":\"hello\"}");
        late.send("{'op':'watch','ch':'/state/room','id':'w'}");
        JsonObject snap = late.link().await(f -> "snapshot".equals(f.getString("op", "")), WAIT);
        assertThat(snap.getInt("rev")).isEqualTo(n);
        assertThat(snap.getJsonObject("data")).hasSize(n);
    }

    @Test
    void aChatRoomSpansNodesAndExistsWhileAnyoneIsInItAnywhere() throws Exception {
        List<io.switchboard.chat.ChatRooms> rooms = new java.util.ArrayList<>();
        List<java.util.Set<String>> listed = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            var r = new io.switchboard.chat.ChatRooms(java.time.Clock.systemUTC());
            java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            new ClusterRooms(cluster.members.get(i)).serve(r, new io.switchboard.chat.RoomListener() {
                @Override
                public void opened(String room) {
                    seen.add(room);
                }

                @Override
                public void closed(String room) {
                    seen.remove(room);
                }
            });
            rooms.add(r);
            listed.add(seen);
        }
        var annPeer = new io.switchboard.sockets.RecordingPeer();
        var bobPeer = new io.switchboard.sockets.RecordingPeer();
        var ann = rooms.get(0).join("lobby", "ann", annPeer);
        var bob = rooms.get(1).join("lobby", "bob", bobPeer);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(WAIT))
                .until(() -> listed.get(0).contains("lobby") && listed.get(1).contains("lobby"));
        ann.say("hi");
        bob.say("hello");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(WAIT))
                .until(() -> annPeer.sent.size() == 2 && bobPeer.sent.size() == 2);
        assertThat(annPeer.sent).anyMatch(t -> t.contains("\"from\":\"bob\""));
        assertThat(bobPeer.sent).anyMatch(t -> t.contains("\"from\":\"ann\""));
        ann.leave();
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300)).atMost(java.time.Duration.ofMillis(WAIT))
                .until(() -> listed.get(0).contains("lobby"));
        bob.leave();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(WAIT))
                .until(() -> listed.get(0).isEmpty() && listed.get(1).isEmpty());
    }

    /**
     * Hazelcast retries an append whose partition owner died before it answered, and the first try
     * may already be in the log: the log then holds the entry twice. Here the copy is written the
     * way such a retry writes it, and every way of reading the log gives the message once.
     */
    @Test
    void anEntryTheLogHoldsTwiceIsDeliveredReplayedAndReadOnce() throws Exception {
        TwoNodes.Client a = subscribed(0, "/dup/**");
        TwoNodes.Client b = subscribed(1, "/dup/**");
        long off = cluster.hubs.get(0).publish("/dup/once", "{\"n\":1}", false, null, null).off();
        var ring = cluster.members.get(0).<String>getRingbuffer(ClusterLog.LOG_NAME);
        long copy = ring.add(ring.readOne(off - 1)) + 1;
        long marker = cluster.hubs.get(1).publish("/dup/marker", "{\"n\":2}", false, null, null).off();

        for (TwoNodes.Client c : List.of(a, b)) {
            List<JsonObject> got = c.link().awaitCount("msg", 2, WAIT);
            assertThat(got).extracting(f -> f.getJsonNumber("off").longValue()).containsExactly(off, marker);
        }
        TwoNodes.Client late = cluster.connect(1, "{\"op\":\"hello\"}");
        late.send("{'op':'sub','ch':'/dup/**','id':'late','since':" + (off - 1) + "}");
        assertThat(late.link().awaitCount("msg", 2, WAIT)).extracting(f -> f.getJsonNumber("off").longValue())
                .containsExactly(off, marker);
        for (ClusterNode node : cluster.nodes) {
            List<Long> read = node.log().whilePaused(delivered -> node.log().read(off, copy, lost -> { }))
                    .stream().map(io.switchboard.routing.Message::off).toList();
            assertThat(read).containsExactly(off);
        }
    }

    @Test
    void aNameIsUniqueAcrossNodes() throws Exception {
        TwoNodes.Client first = cluster.connect(0, "{\"op\":\"hello\",\"client\":\"n1\",\"name\":\"only-one\"}");
        first.link().await(f -> "welcome".equals(f.getString("op", "")), WAIT);
        TwoNodes.Client second = cluster.connect(1, "{\"op\":\"hello\",\"client\":\"n2\",\"name\":\"only-one\"}");
        JsonObject e = second.link().await(f -> "error".equals(f.getString("op", "")), WAIT);
        assertThat(e.getJsonObject("error").getString("code")).isEqualTo("name_taken");
    }

    /**
     * Runs last (it kills node 0): names sort the tests, and this one's starts with z. A call in
     * flight on node 0 is answered callee_gone when node 0 dies, well before its minute's timeout.
     */
    @Test
    void zASessionWhoseNodeDiesResumesOnTheOtherWithEveryMessageOnceInOrder() throws Exception {
        TwoNodes.Client doomedCallee = cluster.connect(0, "{\"op\":\"hello\",\"kind\":\"service\"}");
        doomedCallee.send("{'op':'register','ch':'/svc/doomed','id':'r'}");
        doomedCallee.link().await(f -> "ok".equals(f.getString("op", "")) && "r".equals(f.getString("id", "")), WAIT);
        TwoNodes.Client caller = cluster.connect(1, "{\"op\":\"hello\"}");
        caller.send("{'op':'call','ch':'/svc/doomed','data':1,'id':'inflight','timeout':60000}");
        doomedCallee.link().await(f -> "invoke".equals(f.getString("op", "")), WAIT);
        int n = 3_000;
        TwoNodes.Client sub = cluster.connect(0, "{\"op\":\"hello\",\"client\":\"survivor\"}");
        sub.send("{'op':'sub','ch':'/f/**','id':'s'}");
        sub.link().await(f -> "ok".equals(f.getString("op", "")), WAIT);
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                try {
                    cluster.hubs.get(1).publish("/f/" + (i % 3), "{\"n\":" + i + "}", false, null, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        publisher.start();
        sub.link().awaitCount("msg", n / 3, WAIT);
        cluster.kill(0);
        JsonObject gone = caller.link().await(f -> "error".equals(f.getString("op", "")) && "inflight".equals(f.getString("id", "")), WAIT);
        assertThat(gone.getJsonObject("error").getString("code")).isEqualTo("callee_gone");
        List<JsonObject> before = sub.link().frames().stream().filter(f -> "msg".equals(f.getString("op", ""))).toList();
        long seq = before.get(before.size() - 1).getJsonNumber("seq").longValue();

        TwoNodes.Client back = cluster.connect(1, "{\"op\":\"hello\",\"client\":\"survivor\",\"resume\":{\"seq\":" + seq + "}}");
        JsonObject welcome = back.link().await(f -> "welcome".equals(f.getString("op", "")), WAIT);
        assertThat(welcome.getBoolean("resumed")).isTrue();
        publisher.join(WAIT);
        List<JsonObject> after;
        try {
            after = back.link().awaitCount("msg", n - before.size(), WAIT);
        } catch (AssertionError e) {
            var log = cluster.nodes.get(1).log();
            var s = cluster.hubs.get(1).session("survivor");
            System.err.println("DEBUG lag=" + log.lag() + " delivered=" + log.deliveredOffset() + " latest="
                    + log.latestOffset() + " before=" + before.size() + " lastSeqBefore=" + seq + " session lastSeq="
                    + s.lastSeq() + " depth=" + s.queueDepth() + " busy=" + s.journalBusy()
                    + " firstAfter=" + back.link().frames().subList(0, Math.min(3, back.link().frames().size())));
            throw e;
        }
        assertThat(back.link().frames()).noneMatch(f -> "gap".equals(f.getString("op", "")));
        List<Integer> got = new java.util.ArrayList<>();
        before.forEach(f -> got.add(f.getJsonObject("data").getInt("n")));
        after.forEach(f -> got.add(f.getJsonObject("data").getInt("n")));
        assertThat(got).as(() -> misordered(got, n)).isEqualTo(java.util.stream.IntStream.range(0, n).boxed().toList());
        List<Long> seqs = new java.util.ArrayList<>();
        before.forEach(f -> seqs.add(f.getJsonNumber("seq").longValue()));
        after.forEach(f -> seqs.add(f.getJsonNumber("seq").longValue()));
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    /** What a list of 0..n-1 that is not in order got wrong, in a few words rather than n numbers. */
    private static String misordered(List<Integer> got, int n) {
        java.util.BitSet seen = new java.util.BitSet(n);
        List<Integer> repeated = new java.util.ArrayList<>();
        List<String> jumps = new java.util.ArrayList<>();
        for (int i = 0; i < got.size(); i++) {
            if (seen.get(got.get(i))) {
                repeated.add(got.get(i));
            }
            seen.set(got.get(i));
            if (i > 0 && got.get(i) != got.get(i - 1) + 1) {
                jumps.add("#" + i + ": " + got.get(i - 1) + "->" + got.get(i));
            }
        }
        List<Integer> missing = new java.util.ArrayList<>();
        for (int i = seen.nextClearBit(0); i < n; i = seen.nextClearBit(i + 1)) {
            missing.add(i);
        }
        return got.size() + " numbers; missing " + missing + "; repeated " + repeated + "; jumps " + jumps;
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMessageReachesSubscribersOnBothNodesOnceWithOneOffsetAndHistoryResumesAnywhere() throws Exception {
        TwoNodes.Client a = subscribed(0, "/x/*");
        TwoNodes.Client b = subscribed(1, "/x/**");
        b.send("{'op':'pub','ch':'/x/1','data':{'n':1},'id':'p1'}");
        a.send("{'op':'pub','ch':'/x/2','data':{'n':2},'id':'p2'}");
        List<JsonObject> onA = a.link().awaitCount("msg", 2, WAIT);
        List<JsonObject> onB = b.link().awaitCount("msg", 2, WAIT);
        assertThat(onA).extracting(f -> f.getJsonNumber("off").longValue())
                .containsExactlyElementsOf(onB.stream().map(f -> f.getJsonNumber("off").longValue()).toList());
        assertThat(cluster.hubs.get(0).epoch()).isEqualTo(cluster.hubs.get(1).epoch());
        long first = onA.get(0).getJsonNumber("off").longValue();

        // A since taken from node 0's offsets replays on node 1.
        TwoNodes.Client late = cluster.connect(1, "{\"op\":\"hello\"}");
        late.send("{'op':'sub','ch':'/x/*','id':'late','since':" + (first - 1) + "}");
        List<JsonObject> replayed = late.link().awaitCount("msg", 2, WAIT);
        assertThat(replayed).extracting(f -> f.getJsonNumber("off").longValue())
                .containsExactlyElementsOf(onA.stream().map(f -> f.getJsonNumber("off").longValue()).toList());
    }
}
