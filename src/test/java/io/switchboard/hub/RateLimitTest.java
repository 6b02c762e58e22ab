package io.switchboard.hub;

import static io.switchboard.hub.HubFixture.errorCode;
import static io.switchboard.hub.HubFixture.op;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.HubFixture.Client;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rate limit: a token bucket per connection, refilled at {@code rate} a second with a burst of
 * {@code rate}. The bucket runs on the fixture's fake clock: nothing refills during a burst unless
 * the test advances time, however slow the machine.
 */
class RateLimitTest {
    private static final int RATE = 10;
    private final HubFixture fx = new HubFixture(HubFixture.limits(10_000, RATE));

    @BeforeEach
    void warmUp() {
        // The first frames of a JVM load the JSON classes; keep that out of the measured bursts.
        Client warm = fx.hello("{'op':'hello'}");
        warm.send("{'op':'ping','id':1}");
        warm.send("{'op':'pub','ch':'/w','data':1,'id':2}");
    }

    private static long count(List<JsonObject> frames, String op) {
        return frames.stream().filter(f -> op(f).equals(op)).count();
    }

    private static void burst(Client c, int frames) {
        for (int i = 0; i < frames; i++) {
            c.send("{'op':'ping','id':" + i + "}");
        }
    }

    @Test
    void framesBeyondTheBurstAreRefusedWithOneRateLimitedError() {
        Client c = fx.connect();

        burst(c, RATE + 5);

        List<JsonObject> frames = c.take();
        assertThat(count(frames, "pong")).isEqualTo(RATE);
        List<JsonObject> errors = frames.stream().filter(f -> op(f).equals("error")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errorCode(errors.get(0))).isEqualTo("rate_limited");
        assertThat(errors.get(0)).doesNotContainKeys("id", "seq");
        assertThat(c.closeCodes()).as("a short burst is not flooding").isEmpty();
    }

    @Test
    void sustainedFloodingClosesTheConnectionWith1008() {
        Client c = fx.connect();

        burst(c, RATE + 3 * RATE);

        assertThat(c.closeCodes()).isNotEmpty().containsOnly(1008);
        assertThat(count(c.take(), "error")).as("errors are not sent for every refused frame").isEqualTo(1);
        assertThat(fx.hub.stats().rateLimited()).isGreaterThan(RATE);
        assertThat(fx.hub.stats().floodCloses()).as("one connection closed, counted once").isEqualTo(1);
    }

    @Test
    void theBucketRefillsAtTheRate() {
        Client c = fx.connect();
        burst(c, RATE);
        assertThat(count(c.take(), "pong")).isEqualTo(RATE);

        fx.advance(1000 / RATE - 1);
        burst(c, 1);
        assertThat(count(c.take(), "pong")).as("less than one token refilled").isZero();

        fx.advance(1);
        burst(c, 2);
        assertThat(count(c.take(), "pong")).as("one token refilled after 1/rate s").isEqualTo(1);

        fx.advance(10_000);
        burst(c, RATE + 1);
        assertThat(count(c.take(), "pong")).as("the burst is capped at rate").isEqualTo(RATE);
    }

    @Test
    void theLimitIsPerConnection() {
        Client flooder = fx.connect();
        Client calm = fx.connect();

        burst(flooder, RATE + 3 * RATE);
        burst(calm, RATE / 2);

        assertThat(count(calm.take(), "pong")).isEqualTo(RATE / 2);
        assertThat(calm.closeCodes()).isEmpty();
    }
}
