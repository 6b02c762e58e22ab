package io.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes {@link StampedMessage}s with one HTTP POST each ({@code Content-Type: application/json}),
 * to the hub's {@code /api/publish/<channel>} or nchan's {@code /pub/<key>} alike. Sends are
 * asynchronous: the fan-out run, not the HTTP answer, decides when the next may go. Answers that
 * are not 2xx are counted by status.
 */
final class HttpPublisher {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
    private final URI target;
    private final int size;
    private final AtomicLong failures = new AtomicLong();
    private final Map<String, Long> failuresByStatus = new ConcurrentHashMap<>();

    HttpPublisher(URI target, int size) {
        this.target = target;
        this.size = size;
    }

    /** Sends message {@code number}, stamped with the time of this call. */
    void publish(long number) {
        String body = new StampedMessage(number, System.nanoTime()).body(size);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, e) -> {
            if (e != null) {
                failed(e.getClass().getSimpleName());
            } else if (response.statusCode() / 100 != 2) {
                failed(Integer.toString(response.statusCode()));
            }
        });
    }

    private void failed(String why) {
        failures.incrementAndGet();
        failuresByStatus.merge(why, 1L, Long::sum);
    }

    long failures() {
        return failures.get();
    }

    String failuresByStatus() {
        return failuresByStatus.isEmpty() ? "none" : failuresByStatus.toString().replace(" ", "");
    }
}
