package io.switchboard.bench;

import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * An rpc connection, caller or callee: an ephemeral service session whose sends go one text
 * message in flight per socket (the JDK's rule), the rest queued in order.
 */
abstract class ServiceConn extends Conn {
    final RpcCalls calls;
    private final ArrayDeque<String> outq = new ArrayDeque<>();
    private boolean sending;
    /** The longest the queue grew (written under its lock, read after the run). */
    int maxQueued;

    ServiceConn(LoadRun run, int index, RpcCalls calls) {
        super(run, index);
        this.calls = calls;
    }

    @Override
    void errorReceived() {
        calls.countError(f.errorCode);
    }

    void send(String text) {
        synchronized (outq) {
            outq.add(text);
            if (outq.size() > maxQueued) {
                maxQueued = outq.size();
            }
            if (sending) {
                return;
            }
            sending = true;
        }
        pump();
    }

    private void pump() {
        while (true) {
            String next;
            synchronized (outq) {
                next = outq.poll();
                if (next == null || ws == null || run.closing) {
                    sending = false;
                    return;
                }
            }
            CompletableFuture<WebSocket> cf;
            try {
                cf = ws.sendText(next, true);
            } catch (RuntimeException e) {
                run.error("conn " + index + ": send: " + e);
                return; // sending stays true: this socket sends no more
            }
            lastSend = cf;
            if (!cf.isDone()) {
                cf.whenComplete((w, e) -> sent(e));
                return;
            }
            if (cf.isCompletedExceptionally()) {
                if (!run.closing) {
                    run.error("conn " + index + ": send failed");
                }
                return;
            }
        }
    }

    /** A send that did not finish at once has: the next goes out, unless it failed. */
    private void sent(Throwable e) {
        if (e != null) {
            if (!run.closing) {
                run.error("conn " + index + ": send failed: " + e);
            }
        } else {
            pump();
        }
    }
}
