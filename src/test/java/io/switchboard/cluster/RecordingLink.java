package io.switchboard.cluster;

import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A socket for tests where frames come from other threads (a cluster's reader, Hazelcast's callbacks). */
final class RecordingLink implements Link {
    private Session session;
    private final List<JsonObject> frames = new ArrayList<>();
    private final List<Integer> closes = new ArrayList<>();

    @Override
    public synchronized void bind(Session s) {
        this.session = s;
    }

    @Override
    public void wake() {
        Session s;
        synchronized (this) {
            s = session;
        }
        List<String> out = new ArrayList<>();
        s.drainTo(this, out, Integer.MAX_VALUE);
        synchronized (this) {
            for (String text : out) {
                for (String line : text.split("\n")) {
                    try (var r = Json.createReader(new StringReader(line))) {
                        frames.add(r.readObject());
                    }
                }
            }
            notifyAll();
        }
    }

    @Override
    public void ping() {
    }

    @Override
    public synchronized void close(int code, String reason) {
        closes.add(code);
        notifyAll();
    }

    synchronized List<JsonObject> frames() {
        return List.copyOf(frames);
    }

    /** Waits up to {@code millis} until some frame matches. */
    synchronized JsonObject await(Predicate<JsonObject> p, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            for (JsonObject f : frames) {
                if (p.test(f)) {
                    return f;
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("no such frame within " + millis + " ms; got " + frames);
            }
            wait(left);
        }
    }

    /** Waits until at least {@code n} frames of {@code op} came. */
    synchronized List<JsonObject> awaitCount(String op, int n, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            List<JsonObject> of = frames.stream().filter(f -> op.equals(f.getString("op", ""))).toList();
            if (of.size() >= n) {
                return of;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("only " + of.size() + " " + op + " frames within " + millis + " ms");
            }
            wait(left);
        }
    }
}
