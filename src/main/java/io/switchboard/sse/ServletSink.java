package io.switchboard.sse;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/** A stream's servlet side: non-blocking output (Servlet 3.1 WriteListener) on an async response. */
final class ServletSink implements Sink, WriteListener, AsyncListener {
    private static final System.Logger LOG = System.getLogger(ServletSink.class.getName());

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final SseStream stream;

    ServletSink(AsyncContext async, ServletOutputStream out, SseStream stream) {
        this.async = async;
        this.out = out;
        this.stream = stream;
    }

    @Override
    public boolean isReady() {
        return out.isReady();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void complete() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "SSE response already completed: {0}", e.toString());
        }
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
        stream.ended(null);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        stream.ended(null);
    }

    @Override
    public void onError(AsyncEvent event) {
        stream.ended(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Only called if the request is put into async mode again, which an event stream never is.
    }
}
