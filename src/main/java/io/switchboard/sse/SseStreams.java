package io.switchboard.sse;

import io.switchboard.app.HubService;
import io.switchboard.hub.Budget;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every open event stream of the application: opens them with the configured {@link SseLimits}
 * ({@code switchboard.sse.*}), writes them on the hub's writer threads, ticks their heartbeats
 * and maximum age, and closes them when the application stops. Any SSE endpoint opens its streams
 * here: {@code @Inject SseStreams streams; SseStream s = streams.open(req, resp, onClose);}.
 */
@ApplicationScoped
public class SseStreams {
    private static final System.Logger LOG = System.getLogger(SseStreams.class.getName());

    @Inject
    HubService service;

    @Inject
    SseSettings settings;

    private final Set<SseStream> open = ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final SseStats stats = new SseStats();
    private SseLimits limits;
    private ScheduledFuture<?> ticker;

    @PostConstruct
    void start() {
        limits = settings.limits();
        // Fine enough for a heartbeat interval of any size, and for max age to within a second.
        long period = Math.max(50, Math.min(1000, limits.heartbeatMillis() / 2));
        ticker = service.timers().scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        ticker.cancel(false);
        open.forEach(SseStream::close);
    }

    /**
     * Starts an event stream as the response to this request; {@code onClose} runs once when it ends.
     * Call it before anything is written to the response.
     */
    public SseStream open(HttpServletRequest req, HttpServletResponse resp, Runnable onClose) throws IOException {
        String address = req.getRemoteAddr();
        perAddress.merge(address, 1, Integer::sum);
        java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);
        Runnable uncount = () -> {
            if (counted.getAndSet(false)) {
                perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
            }
        };
        SseStream s;
        try {
            s = SseStream.start(req, resp, limits, service.flusher(), stats, ended -> {
                open.remove(ended);
                uncount.run();
                onClose.run();
            });
        } catch (IOException | RuntimeException e) {
            uncount.run();
            throw e;
        }
        open.add(s); // a stream that ended while starting is dropped by the next tick
        return s;
    }

    /**
     * Whether the request's address already has {@code limits.sessionsPerAddress} streams open
     * (docs/protocol.md, Budgets); if so it is answered 503 {@code overloaded} here, before any stream starts.
     */
    public boolean refusedForAddress(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int max = service.hub().limits().budgets().sessionsPerAddress();
        if (perAddress.getOrDefault(req.getRemoteAddr(), 0) < max) {
            return false;
        }
        service.hub().stats().overloaded(Budget.SESSIONS_PER_ADDRESS);
        resp.setStatus(503);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getOutputStream().write(("{\"error\":{\"code\":\"overloaded\",\"message\":\"this address has " + max
                + " event streams open (limits.sessionsPerAddress)\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return true;
    }

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            open.removeIf(SseStream::isClosed);
            for (SseStream s : open) {
                s.tick(now);
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and carry on.
            LOG.log(System.Logger.Level.WARNING, "SSE tick failed", e);
        }
    }

    /** Streams open now. */
    public int openCount() {
        return open.size();
    }

    public SseLimits limits() {
        return limits;
    }

    public SseStats stats() {
        return stats;
    }
}
