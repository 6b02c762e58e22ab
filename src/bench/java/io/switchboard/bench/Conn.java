package io.switchboard.bench;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.CharBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a load run, a WebSocket or (for {@link TcpSubscribers}) a TCP line: puts a text
 * message back together, scans its frames with one {@link FrameScanner} and hands each to the hook
 * for its op. A role's subclass overrides the hooks it is built for; a plain {@code Conn} (an idle
 * session) counts any message, invoke or result as foreign.
 */
class Conn implements WebSocket.Listener {
    private static final int DEMAND = 64;

    /** The frame that makes a connection ready: its opening, the hello's welcome, or the sub's ok. */
    enum Ready { OPEN, WELCOME, SUB_OK }

    final LoadRun run;
    final int index;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    volatile WebSocket ws;
    volatile CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
    volatile Ready readyOn = Ready.OPEN;
    /** With {@link Ready#SUB_OK}: the id of the {@code ok} that makes this connection ready. */
    volatile String readyId = "s";
    long connectStartNs;
    volatile long openNs;
    volatile long readyNs;

    /** The frame being handled; the hooks read it, and only while they are called. */
    final FrameScanner f = new FrameScanner();
    private final StringBuilder partial = new StringBuilder();
    private char[] scratch = new char[0];
    private int credit;

    Conn(LoadRun run, int index) {
        this.run = run;
        this.index = index;
    }

    void markReady() {
        readyNs = System.nanoTime();
        ready.complete(null);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        openNs = System.nanoTime();
        credit = DEMAND;
        webSocket.request(DEMAND);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
            partial.append(data);
        } else if (partial.length() > 0) {
            partial.append(data);
            handle(partial);
            partial.setLength(0);
        } else {
            handle(data);
        }
        if (--credit <= DEMAND / 2) {
            credit += DEMAND / 2;
            webSocket.request(DEMAND / 2);
        }
        return null;
    }

    /**
     * One whole WebSocket text message: one frame, or with batch several separated by newlines.
     * Read straight from the decoder's char array when there is one (no copy).
     */
    void handle(CharSequence text) {
        char[] buf;
        int p;
        int end;
        if (text instanceof CharBuffer cb && cb.hasArray()) {
            buf = cb.array();
            p = cb.arrayOffset() + cb.position();
            end = p + cb.remaining();
        } else {
            buf = copy(text);
            p = 0;
            end = text.length();
        }
        while ((p = FrameScanner.skipWs(buf, p, end)) < end) {
            int next = f.scan(buf, p, end);
            if (next < 0) {
                run.error("conn " + index + ": " + f.errorMessage);
                return;
            }
            frame(buf);
            p = next;
        }
    }

    private char[] copy(CharSequence text) {
        int len = text.length();
        if (scratch.length < len) {
            scratch = new char[Math.max(len, scratch.length * 2)];
        }
        if (text instanceof StringBuilder sb) {
            sb.getChars(0, len, scratch, 0);
        } else {
            for (int i = 0; i < len; i++) {
                scratch[i] = text.charAt(i);
            }
        }
        return scratch;
    }

    private void frame(char[] buf) {
        switch (f.op) {
            case FrameScanner.OP_MSG -> onMsg();
            case FrameScanner.OP_INVOKE -> onInvoke(buf);
            case FrameScanner.OP_RESULT -> onResult();
            case FrameScanner.OP_OK -> onOk();
            case FrameScanner.OP_WELCOME -> {
                if (readyOn == Ready.WELCOME) {
                    markReady();
                }
            }
            case FrameScanner.OP_GAP -> onGap();
            case FrameScanner.OP_ERROR -> onErrorFrame();
            default -> {
            }
        }
    }

    void onMsg() {
        run.foreign.incrementAndGet();
    }

    /** {@code buf} holds the frame's text, whose {@code data} lies at {@code f.dataStart..f.dataEnd}. */
    void onInvoke(char[] buf) {
        run.foreign.incrementAndGet();
    }

    void onResult() {
        run.foreign.incrementAndGet();
    }

    void onOk() {
        okMakesReady();
    }

    /** Marks this connection ready if the ok is the one it waits for; false if it is another. */
    final boolean okMakesReady() {
        if (readyOn == Ready.SUB_OK && readyId.equals(f.id)) {
            markReady();
            return true;
        }
        return false;
    }

    void onGap() {
        run.gapFrames.incrementAndGet();
        if (f.from >= 0 && f.to >= f.from) {
            run.gapSeqs.addAndGet(f.to - f.from + 1);
        }
    }

    private void onErrorFrame() {
        String what = "conn " + index + ": error " + f.errorCode + ": " + f.errorMessage
                + (f.id != null ? " (id " + f.id + ")" : "");
        run.error(what);
        errorReceived();
        if (!ready.isDone()) {
            ready.completeExceptionally(new IOException(what));
        }
    }

    /** After an error frame is counted, before it fails a connection that is not ready yet. */
    void errorReceived() {
    }

    void awaitSend(long millis) {
        try {
            lastSend.get(millis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the close goes ahead regardless
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!run.closing) {
            run.unexpectedCloses.incrementAndGet();
            run.error("conn " + index + ": closed by server " + statusCode + " " + reason);
        }
        ready.completeExceptionally(new IOException("closed " + statusCode + " " + reason));
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!run.closing) {
            run.error("conn " + index + ": " + error);
        }
        ready.completeExceptionally(error);
        closed.complete(null);
    }
}
