package io.switchboard.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw TCP line client for the ITs: one JSON frame per line, as {@code nc} would speak it. The
 * hub's {@code {"op":"ping"}} heartbeats are answered with a pong and kept out of the frames;
 * the final {@code close} frame is kept in them, so a test can read the code a close carried.
 * Unless {@link #reading} is off, a reader thread takes lines as they come.
 */
public final class LineClient implements AutoCloseable {
    /** A ceiling for frames that will come; generous, so that a busy machine does not fail a test. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String EOF = "";

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ArrayDeque<JsonObject> stash = new ArrayDeque<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private LineClient(String host, int port, boolean reading) throws IOException {
        socket = new Socket(host, port);
        out = socket.getOutputStream();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        if (reading) {
            startReading();
        }
    }

    public static LineClient connect(String host, int port) throws IOException {
        return new LineClient(host, port, true);
    }

    /** A client that reads nothing until {@link #startReading}: a device that stopped reading. */
    public static LineClient notReading(String host, int port) throws IOException {
        return new LineClient(host, port, false);
    }

    public void startReading() {
        Thread t = new Thread(this::read, "line-client");
        t.setDaemon(true);
        t.start();
    }

    private void read() {
        try {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("{\"op\":\"ping\"}")) {
                    sendRawOrThrow("{\"op\":\"pong\"}\n"); // a failed pong ends the stream below, as a reset does
                } else {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // a reset ends the stream as EOF does
        }
        lines.add(EOF);
        ended.complete(null);
    }

    /** Sends one frame given as JSON with single quotes for readability, and its newline. */
    public LineClient send(String json) {
        return sendRaw(json.replace('\'', '"') + "\n");
    }

    public synchronized LineClient sendRaw(String text) {
        return sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public synchronized LineClient sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("send failed", e);
        }
        return this;
    }

    /** Writes without the test's assertion: an IOException says the hub has dropped the connection. */
    public synchronized void sendRawOrThrow(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Writes a pong, as a client that stopped reading still may: false once the hub has dropped the
     * connection (the write fails).
     */
    public boolean keepAlive() {
        return keepAliveWith("{\"op\":\"pong\"}\n");
    }

    /** Writes {@code text} as {@link #keepAlive} writes its pong: false once the hub has dropped the connection. */
    public boolean keepAliveWith(String text) {
        try {
            sendRawOrThrow(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public JsonObject next() {
        if (!stash.isEmpty()) {
            return stash.pollFirst();
        }
        return take();
    }

    private JsonObject take() {
        try {
            String t = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (t == null || t.equals(EOF)) {
                if (t != null) {
                    lines.add(EOF);
                }
                throw new AssertionError(t == null ? "no frame within " + WAIT : "the hub closed the socket");
            }
            return Json.createReader(new StringReader(t)).readObject();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame of that op; frames passed over stay for {@link #next}, in order. */
    public JsonObject nextOp(String op) {
        for (var it = stash.iterator(); it.hasNext(); ) {
            JsonObject f = it.next();
            if (op.equals(f.getString("op"))) {
                it.remove();
                return f;
            }
        }
        while (true) {
            JsonObject f = take();
            if (op.equals(f.getString("op"))) {
                return f;
            }
            stash.addLast(f);
        }
    }

    /** Waits for the hub to end the stream (EOF or reset). */
    public void awaitEnd() {
        try {
            ended.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not ended within " + WAIT, e);
        }
    }

    /** Drops the connection without a word (a reset), as a device losing power would. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
