package io.switchboard.hub;

import io.switchboard.protocol.FrameCodec;
import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Router;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A hub on a fake clock (wall and monotonic), and clients that talk to it through {@link FakeLink}s. */
final class HubFixture {
    static final String DEVICE_AGENT = "sensor-firmware/2.1";
    /** The default client is a browser: devices publish presence on /$sys/presence, which moves offsets. */
    static final String BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) test";

    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final Limits limits;
    final Hub hub;

    HubFixture() {
        this(Limits.defaults());
    }

    HubFixture(Limits limits) {
        this.limits = limits;
        Router router = new Router(new LocalMessageLog(limits.history(), limits.historyTtl(),
                limits.budgets().retainedTtl(), limits.budgets().historyBytes(), clock::get), new LocalBus());
        this.hub = new Hub(router, limits, new FrameCodec(JsonProvider.provider()), clock::get);
        // The rate limiter runs on the same fake time: a burst is exact however slow the machine is.
        hub.useNanoClock(() -> clock.get() * 1_000_000L);
    }

    /** Limits.defaults() with another queue and rate. */
    static Limits limits(int queue, int rate) {
        Limits d = Limits.defaults();
        return new Limits(d.frame(), d.hardFrame(), queue, d.sessionTtl(), rate, d.heartbeat(), d.history(), d.historyTtl());
    }

    void advance(long millis) {
        clock.addAndGet(millis);
    }

    Client connect() {
        return connect(BROWSER_AGENT);
    }

    Client connect(String userAgent) {
        return connectWith(new Handshake("ws", userAgent, null));
    }

    Client connectWith(Handshake handshake) {
        FakeLink link = new FakeLink();
        return new Client(link, hub.connect(link, handshake));
    }

    /** A connected client that has said hello and whose welcome has been read. */
    Client hello(String singleQuotedHello) {
        Client c = connect();
        c.send(singleQuotedHello);
        JsonObject welcome = c.take().get(0);
        if (!"welcome".equals(welcome.getString("op"))) {
            throw new AssertionError("expected a welcome, got " + welcome);
        }
        return c;
    }

    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    record Client(FakeLink link, Connection connection) {
        /** Sends a frame written with single quotes. */
        Client send(String singleQuoted) {
            connection.receive(q(singleQuoted));
            return this;
        }

        Client sendRaw(String text) {
            connection.receive(text);
            return this;
        }

        List<JsonObject> take() {
            return link.take();
        }

        JsonObject takeOne() {
            List<JsonObject> frames = take();
            if (frames.size() != 1) {
                throw new AssertionError("expected one frame, got " + frames);
            }
            return frames.get(0);
        }

        List<Integer> closeCodes() {
            return link.closeCodes();
        }
    }

    static String op(JsonObject frame) {
        return frame.getString("op");
    }

    static String errorCode(JsonObject frame) {
        return frame.getJsonObject("error").getString("code");
    }

    static List<String> ops(List<JsonObject> frames) {
        return frames.stream().map(HubFixture::op).toList();
    }

    static List<Long> seqs(List<JsonObject> frames) {
        return frames.stream().filter(f -> f.containsKey("seq")).map(f -> f.getJsonNumber("seq").longValue()).toList();
    }

    static List<String> data(List<JsonObject> frames) {
        return frames.stream().filter(f -> op(f).equals("msg")).map(f -> f.get("data")).map(JsonValue::toString).toList();
    }
}
