package io.switchboard.sse;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * A stream's servlet side: non-blocking output (Servlet 3.1 WriteListener) on an async response.
 * Once the container has ended the response (client gone, server stopping) it may recycle the
 * request and response objects for another request, so nothing may touch them after that: the
 * {@code done} flag and this object's monitor keep writes and the container's end apart. The
 * writes held under it do not block (non-blocking output).
 */
final class ServletSink implements Sink, WriteListener, AsyncListener {
    private static final System.Logger LOG = System.getLogger(ServletSink.class.getName());

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final SseStream stream;
    /** Guarded by this: the response is over and its objects are no longer ours. */
    private boolean done;

    ServletSink(AsyncContext async, ServletOutputStream out, SseStream stream) {
        this.async = async;
        this.out = out;
        this.stream = stream;
    }

    @Override
    public synchronized boolean isReady() {
        return !done && out.isReady();
    }

    @Override
    public synchronized void write(byte[] bytes) throws IOException {
        if (done) {
            throw new IOException("the response has ended");
        }
        out.write(bytes);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!done) {
            out.flush();
        }
    }

    @Override
    public synchronized void complete() {
        if (done) {
            return;
        }
        done = true;
        try {
            async.complete();
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "SSE response already completed: {0}", e.toString());
        }
    }

    /** The container ended the response; it completes it itself. */
    private void over(Throwable cause) {
        synchronized (this) {
            done = true;
        }
        stream.ended(cause);
    }

    @Override
    public void onWritePossible() {
        stream.writable();
    }

    @Override
    public void onError(Throwable t) {
        stream.ended(t);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        over(null);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        over(null);
    }

    @Override
    public void onError(AsyncEvent event) {
        over(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Only called if the request is put into async mode again, which an event stream never is.
    }
}
