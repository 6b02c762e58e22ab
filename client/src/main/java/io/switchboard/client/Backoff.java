package io.switchboard.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: a random delay up to min(max, initial * 2^attempt). */
public record Backoff(Duration initial, Duration max) {

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    public Duration delay(int attempt) {
        long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }
}
