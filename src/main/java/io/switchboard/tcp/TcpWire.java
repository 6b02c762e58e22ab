package io.switchboard.tcp;

import io.switchboard.protocol.JsonText;
import io.switchboard.outbound.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A TCP connection as the pump's {@link Wire}: frames as lines. TCP has no ping and no close code:
 * a ping is the frame {@code {"op":"ping"}} (queued through the session by {@code pinger}, so it
 * never overtakes the write in flight), and a close is the line
 * {@code {"op":"close","code":C,"reason":R}}, then a half-close (FIN) so the peer reads everything
 * before it sees the end; the pump aborts a peer that has not closed its side within the grace
 * (docs/tcp.md). {@code afterClose} hears once the close line is out.
 */
final class TcpWire implements Wire {
    static final String PING = "{\"op\":\"ping\"}";

    private final AsynchronousSocketChannel channel;
    private final TcpStats stats;
    private final Runnable pinger;
    private final Runnable afterClose;
    private volatile int closeCode;

    TcpWire(AsynchronousSocketChannel channel, TcpStats stats, Runnable pinger, Runnable afterClose) {
        this.channel = channel;
        this.stats = stats;
        this.pinger = pinger;
        this.afterClose = afterClose;
    }

    @Override
    public CompletionStage<Void> write(List<String> frames, boolean joined) {
        stats.framesOut.add(frames.size());
        StringBuilder sb = new StringBuilder();
        for (String f : frames) {
            sb.append(f).append('\n');
        }
        return writeAll(sb);
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        closeCode = code;
        String line = JsonText.op("close").num("code", code).str("reason", reason).toString();
        return writeAll(new StringBuilder(line).append('\n')).thenRun(this::halfClose);
    }

    /**
     * The hub hears of the close now, not when the peer is done: a peer that vanished would hold
     * it for the grace.
     */
    private void halfClose() {
        try {
            channel.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            abort();
        }
        afterClose.run();
    }

    /** The code the server closed with, or 0 if it has not closed. */
    int closeCode() {
        return closeCode;
    }

    private CompletionStage<Void> writeAll(CharSequence text) {
        ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> done = new CompletableFuture<>();
        writeRest(buf, done);
        return done;
    }

    private void writeRest(ByteBuffer buf, CompletableFuture<Void> done) {
        try {
            channel.write(buf, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void v) {
                    stats.bytesOut.add(n);
                    if (buf.hasRemaining()) {
                        writeRest(buf, done);
                    } else {
                        done.complete(null);
                    }
                }

                @Override
                public void failed(Throwable t, Void v) {
                    done.completeExceptionally(t);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** Closes the socket at once; the reader's pending read fails and ends the connection. */
    @Override
    public void abort() {
        try {
            channel.close();
        } catch (IOException e) {
            System.getLogger(TcpWire.class.getName()).log(System.Logger.Level.DEBUG, "tcp close failed: {0}", String.valueOf(e));
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void ping() {
        pinger.run();
    }
}
