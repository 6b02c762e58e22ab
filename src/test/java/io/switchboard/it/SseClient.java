package io.switchboard.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent events client for the ITs on the JDK HTTP client. It parses the stream as the
 * EventSource spec does (fields, multi-line data, comments) and queues what it reads; unlike a
 * browser it also queues events without data (id-only positions) and comments, so tests can see them.
 */
public final class SseClient implements AutoCloseable {
    /**
     * HTTP/1.1, as a browser's EventSource on http:// speaks. Over h2c (the JDK client's default)
     * Payara's Grizzly ends the whole HTTP/2 session, every stream on it, after one stream is reset
     * by the client (seen here: "Unable to write GOAWAY. Terminating session").
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** A ceiling for events that will come; generous, so that a busy machine does not fail a test. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** One event as read: {@code event} is "message" when unnamed; {@code comment} set for a comment line. */
    public record Event(String id, String event, String data, String comment, Long retry) {
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    private volatile long endedAt;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(b::header);
        try {
            HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
                throw new AssertionError("SSE " + uri + " answered " + r.statusCode() + ": " + body);
            }
            return new SseClient(r);
        } catch (IOException e) {
            throw new AssertionError("SSE " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static SseClient open(URI uri) {
        return open(uri, Map.of());
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            Long retry = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (id != null || event != null || data != null || retry != null) {
                        events.add(new Event(id, event == null ? "message" : event, data == null ? null : data.toString(),
                                null, retry));
                    }
                    id = null;
                    event = null;
                    data = null;
                    retry = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, null, null, line.substring(1).trim(), null));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        case "retry" -> retry = Long.parseLong(value);
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed by the test or the server: ended says so
        } finally {
            endedAt = System.nanoTime();
            ended.countDown();
        }
    }

    /** The next thing read (event, comment, retry), or an AssertionError after the wait. */
    public Event next() {
        try {
            Event e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("no SSE event within " + WAIT + (ended.getCount() == 0 ? " (the stream ended)" : ""));
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** The next event with data (what a browser dispatches), skipping comments, retry and id-only events. */
    public Event nextEvent() {
        for (Event e = next(); ; e = next()) {
            if (e.data() != null) {
                return e;
            }
        }
    }

    /** Whether the server ended the stream within the wait (everything before the end is still queued). */
    public boolean awaitEnd(Duration d) {
        try {
            return ended.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** When the stream ended, in {@link System#nanoTime}; 0 while it is open. */
    public long endedAtNanos() {
        return endedAt;
    }

    public Event poll(Duration d) throws InterruptedException {
        return events.poll(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
