package io.switchboard.hooks;

import io.switchboard.hub.HubEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the hub's events to one URL, in order, at least once (docs/hooks.md): an event leaves the
 * queue only once the receiver answered 2xx; a failure (an error status, no answer within the
 * timeout, no connection) waits {@code retry}, doubled on each further failure up to {@code maxRetry},
 * and tries the same event again. At most {@code capacity} events wait; past that an event is
 * dropped and counted. Every POST runs on {@code runner} (one thread of its own), never on the
 * hub's: a receiver that is down slows nothing but this queue.
 *
 * <p>Concurrency: {@link #offer} may come from any thread; {@code running} makes sure exactly one
 * drain is scheduled or running on {@code runner} at a time, so events leave in order.
 */
public final class Webhooks {
    private static final System.Logger LOG = System.getLogger(Webhooks.class.getName());
    public static final String SIGNATURE = "X-Switchboard-Signature";
    public static final String EVENT_ID = "X-Switchboard-Event-Id";
    public static final String EVENT_TYPE = "X-Switchboard-Event";

    record Post(String id, String type, String body) {
    }

    private final URI url;
    private final SecretKeySpec key;
    private final int capacity;
    private final long retry;
    private final long maxRetry;
    private final Duration timeout;
    private final ScheduledExecutorService runner;
    private final HttpClient client;
    private final LinkedBlockingQueue<Post> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    /** The wait before the next try; only the drain touches it. */
    private long backoff;
    private volatile boolean stopped;

    /** {@code secret} null sends events unsigned; times in ms. */
    public Webhooks(URI url, String secret, int capacity, long retry, long maxRetry, long timeout,
                    ScheduledExecutorService runner, HttpClient client) {
        this.url = url;
        this.key = secret == null ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.capacity = capacity;
        this.retry = retry;
        this.maxRetry = Math.max(retry, maxRetry);
        this.timeout = Duration.ofMillis(timeout);
        this.runner = runner;
        this.client = client;
        this.backoff = retry;
    }

    /** Queues an event (a hub event listener: returns at once). */
    public void offer(HubEvent event) {
        if (stopped) {
            return;
        }
        if (queue.size() >= capacity) {
            dropped.increment();
            return;
        }
        String id = UUID.randomUUID().toString();
        queue.add(new Post(id, event.type(), WebhookJson.of(id, event)));
        wake();
    }

    private void wake() {
        if (!queue.isEmpty() && running.compareAndSet(false, true)) {
            runner.execute(this::drain);
        }
    }

    /** Sends what waits, in order; on a failure hands itself to the runner again after the backoff. */
    private void drain() {
        Post next;
        while (!stopped && (next = queue.peek()) != null) {
            if (!send(next)) {
                failures.increment();
                long wait = backoff;
                backoff = Math.min(backoff * 2, maxRetry);
                runner.schedule(this::drain, wait, TimeUnit.MILLISECONDS);
                return; // still running: the scheduled drain carries on
            }
            queue.poll();
            delivered.increment();
            backoff = retry;
        }
        running.set(false);
        if (!stopped) {
            wake(); // an offer between the last peek and the reset
        }
    }

    private boolean send(Post p) {
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header(EVENT_ID, p.id()).header(EVENT_TYPE, p.type())
                .POST(HttpRequest.BodyPublishers.ofString(p.body(), StandardCharsets.UTF_8));
        if (key != null) {
            req.header(SIGNATURE, "sha256=" + sign(p.body()));
        }
        try {
            int status = client.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return true;
            }
            LOG.log(System.Logger.Level.DEBUG, "webhook {0} answered {1}; trying again in {2} ms", url, status, backoff);
        } catch (java.io.IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "webhook {0} failed ({1}); trying again in {2} ms", url, e.toString(), backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The hex HMAC-SHA256 of {@code body} with the secret. */
    String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }

    public void stop() {
        stopped = true;
    }

    /** Events the receiver took (2xx). */
    public long delivered() {
        return delivered.sum();
    }

    /** POSTs that failed and will be tried again. */
    public long failures() {
        return failures.sum();
    }

    /** Events dropped because {@code capacity} were waiting. */
    public long dropped() {
        return dropped.sum();
    }

    public int waiting() {
        return queue.size();
    }
}
