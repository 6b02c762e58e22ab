package io.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard's verdicts on their own, on explicit clocks (no time passes unless a test says so). */
class ConnectionGuardTest {
    private static final int RATE = 5;
    private static final long BEAT = 1_000;
    private final Limits limits = new Limits(100, 1_000, 10, 60_000, RATE, BEAT, 10, 60_000);
    private final HubStats stats = new HubStats();
    private final ConnectionGuard guard = new ConnectionGuard(limits, stats, 0, 0);

    @Test
    void theBurstPassesThenRefusalsAreAnsweredOncePer100AndPastTheRateItIsFlooding() {
        List<ConnectionGuard.Rate> verdicts = new ArrayList<>();
        for (int i = 0; i < RATE + RATE + 1; i++) {
            verdicts.add(guard.take(0));
        }
        assertThat(verdicts.subList(0, RATE)).containsOnly(ConnectionGuard.Rate.PASS);
        assertThat(verdicts.get(RATE)).isEqualTo(ConnectionGuard.Rate.REFUSED_ANSWERED);
        assertThat(verdicts.subList(RATE + 1, 2 * RATE)).containsOnly(ConnectionGuard.Rate.REFUSED);
        assertThat(verdicts.get(2 * RATE)).isEqualTo(ConnectionGuard.Rate.FLOODING);
        assertThat(stats.floodCloses.sum()).isEqualTo(1);
    }

    @Test
    void aRefillAfterASecondPassesAgain() {
        for (int i = 0; i < RATE + 1; i++) {
            guard.take(0);
        }
        assertThat(guard.take(1_000_000_000L)).isEqualTo(ConnectionGuard.Rate.PASS);
    }

    @Test
    void sizesAgainstTheFrameAndHardLimits() {
        assertThat(guard.size("x".repeat(100))).isEqualTo(ConnectionGuard.Size.FITS);
        assertThat(guard.size("x".repeat(101))).isEqualTo(ConnectionGuard.Size.TOO_LARGE);
        assertThat(guard.size("x".repeat(1_001))).isEqualTo(ConnectionGuard.Size.OVER_HARD_LIMIT);
    }

    @Test
    void oneHeartbeatPingsTwoSilentOnesEndIt() {
        assertThat(guard.beat(BEAT - 1)).isEqualTo(ConnectionGuard.Beat.QUIET);
        assertThat(guard.beat(BEAT)).isEqualTo(ConnectionGuard.Beat.PING);
        assertThat(guard.beat(BEAT + 1)).as("pinged already this beat").isEqualTo(ConnectionGuard.Beat.QUIET);
        guard.seen(2 * BEAT);
        assertThat(guard.beat(4 * BEAT)).isEqualTo(ConnectionGuard.Beat.PING);
        assertThat(guard.beat(4 * BEAT + 1)).isEqualTo(ConnectionGuard.Beat.SILENT);
    }
}
