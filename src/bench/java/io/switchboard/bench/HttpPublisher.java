package io.switchboard.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publishes {@link StampedMessage}s with one HTTP/1.1 POST each ({@code Content-Type: application/json})
 * to the hub's {@code /api/publish/<channel>} or nchan's {@code /pub/<key>} alike, one request at a
 * time on one keep-alive connection, so the messages stay in order (with several in flight a server
 * may publish message k+1 before k).
 *
 * <p>Written over a plain socket rather than {@code java.net.http.HttpClient}: with that client one
 * POST at a time to nchan took 2.6 ms each once warm (0.06 ms with this one, same machine, same
 * body), and the publisher, not the server, set the fan-out rate for both servers. This one writes
 * each request in one piece, with {@code TCP_NODELAY}, and reads the answer on the same thread.
 * Answers that are not 2xx, and requests that fail, are counted by status or exception; a failed
 * or closed connection is opened again for the next message.
 */
final class HttpPublisher {

    private final URI target;
    private final int size;
    private final int timeoutMs;
    private final Map<String, Long> failures = new TreeMap<>();
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpPublisher(URI target, int size, Duration timeout) {
        this.target = target;
        this.size = size;
        this.timeoutMs = (int) timeout.toMillis();
    }

    /** Sends message {@code number}, stamped with the time of this call, and waits for the answer. */
    void publish(long number) {
        byte[] body = new StampedMessage(number, System.nanoTime()).body(size).getBytes(StandardCharsets.UTF_8);
        String head = "POST " + target.getRawPath() + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + body.length);
        request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        try {
            connectIfClosed();
            out.write(request.toByteArray());
            out.flush();
            int status = readResponse();
            if (status / 100 != 2) {
                failed(Integer.toString(status));
            }
        } catch (IOException e) {
            failed(e.getClass().getSimpleName());
            close();
        }
    }

    private void connectIfClosed() throws IOException {
        if (socket != null) {
            return;
        }
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMs);
        socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), timeoutMs);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Reads one response (Content-Length or chunked body) and returns its status. */
    private int readResponse() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = 0;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String h; !(h = line()).isEmpty(); ) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closeAfter = true;
            }
        }
        if (chunked) {
            for (long chunk; (chunk = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                skip(chunk + 2); // the chunk and its CRLF
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else {
            skip(length);
        }
        if (closeAfter) {
            close();
        }
        return status;
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    private void skip(long n) throws IOException {
        for (long left = n; left > 0; ) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            failed("close:" + e.getClass().getSimpleName());
        }
        socket = null;
    }

    private void failed(String why) {
        synchronized (failures) {
            failures.merge(why, 1L, Long::sum);
        }
    }

    long failures() {
        synchronized (failures) {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    String failuresByStatus() {
        synchronized (failures) {
            return failures.isEmpty() ? "none" : failures.toString().replace(" ", "");
        }
    }
}
