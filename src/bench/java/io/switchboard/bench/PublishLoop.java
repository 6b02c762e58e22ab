package io.switchboard.bench;

import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The fan-out publisher's loop: --messages pubs of --size bytes of data, paced at --rate if one is
 * given, and always within two windows: at most --window pubs the hub has not confirmed, and at
 * most --max-lag messages the slowest subscriber is still owed. Stops at --duration, the run's
 * deadline, or when neither window moves for --stall seconds.
 */
final class PublishLoop {

    /** What was published: how many, from when for how long, and why it stopped ({@code ok}: all sent). */
    record Published(int sent, long firstSendNs, long spanNs, String status) {
    }

    private final LoadRun run;
    private final LoadOptions o;
    private final PublisherConn pub;
    private final List<SubscriberConn> subs;
    private final StringBuilder sb;
    private final long stallNs;
    /** Fewest messages any subscriber has had (or lost to a gap); only grows. */
    private long slowest;

    PublishLoop(LoadRun run, PublisherConn pub, List<SubscriberConn> subs) {
        this.run = run;
        this.o = run.o;
        this.pub = pub;
        this.subs = subs;
        this.sb = new StringBuilder(o.size + 160);
        this.stallNs = TimeUnit.SECONDS.toNanos(o.stallS);
    }

    Published run() {
        CompletableFuture<WebSocket> prev = pub.lastSend;
        double intervalNs = o.rate > 0 ? 1e9 / o.rate : 0;
        long start = System.nanoTime();
        long stopAt = start + TimeUnit.SECONDS.toNanos(o.durationS);
        long first = 0;
        long lastSend = 0;
        int sent = 0;
        String status = "ok";
        for (int i = 0; i < o.messages; i++) {
            if (o.durationS > 0 && System.nanoTime() - stopAt > 0) {
                break;
            }
            if (intervalNs > 0) {
                pace(start + (long) (i * intervalNs));
            }
            status = awaitWindows(i);
            if (status.equals("ok")) {
                status = awaitSent(prev);
            }
            if (!status.equals("ok")) {
                break;
            }
            long t = System.nanoTime();
            if (i == 0) {
                first = t;
            }
            lastSend = t;
            prev = pub.ws.sendText(pubFrame(i, t), true);
            sent++;
        }
        awaitLast(prev);
        return new Published(sent, first, lastSend - first, status);
    }

    private static void pace(long dueNs) {
        for (long now = System.nanoTime(); now < dueNs; now = System.nanoTime()) {
            LockSupport.parkNanos(dueNs - now);
        }
    }

    /**
     * Waits until message {@code i} fits both windows: {@code ok}, or why not. The cached
     * "slowest" is only refreshed when it would hold us back.
     */
    private String awaitWindows(int i) {
        long lastSlowest = -1;
        long lastConfirmed = -2;
        long lastMove = System.nanoTime();
        while (true) {
            long conf = pub.confirmed;
            if (i - slowest > o.maxLag) {
                slowest = slowest();
            }
            if (i - conf <= o.window && i - slowest <= o.maxLag) {
                return "ok";
            }
            long now = System.nanoTime();
            if (run.pastDeadline(now)) {
                return "timeout";
            }
            if (slowest != lastSlowest || conf != lastConfirmed) {
                lastSlowest = slowest;
                lastConfirmed = conf;
                lastMove = now;
            } else if (now - lastMove > stallNs) {
                return "publish_stalled";
            }
            LockSupport.parkNanos(50_000);
        }
    }

    private long slowest() {
        long min = Long.MAX_VALUE;
        for (SubscriberConn c : subs) {
            min = Math.min(min, c.progress);
        }
        return min;
    }

    /** The JDK WebSocket takes one text at a time: the previous pub must have gone out. */
    private String awaitSent(CompletableFuture<WebSocket> prev) {
        try {
            prev.get(run.remainingNs(), TimeUnit.NANOSECONDS);
            return "ok";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException | TimeoutException e) {
            run.error("publisher send failed: " + e);
            return "send_failed";
        }
    }

    private void awaitLast(CompletableFuture<WebSocket> prev) {
        try {
            prev.get(Math.max(1, run.remainingNs()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            run.error("publisher last send: " + e);
        }
    }

    /** {@code {"op":"pub","ch":C[,"id":"p<i>"],"data":{"n":i,"t":T,"pad":"xx.."}}}, data --size bytes. */
    private String pubFrame(int i, long t) {
        boolean confirm = i % o.confirmEvery == 0 || i == o.messages - 1;
        sb.setLength(0);
        sb.append("{\"op\":\"pub\",\"ch\":\"").append(o.channel).append('"');
        if (confirm) {
            sb.append(",\"id\":\"p").append(i).append('"');
        }
        sb.append(",\"data\":");
        int dataStart = sb.length();
        sb.append("{\"n\":").append(i).append(",\"t\":").append(t).append(",\"pad\":\"");
        for (int pad = o.size - (sb.length() - dataStart) - 2; pad > 0; pad--) {
            sb.append('x');
        }
        sb.append("\"}}");
        return sb.toString();
    }
}
