package io.switchboard.sse;

import java.io.IOException;

/**
 * Where a stream's bytes go: the container's non-blocking servlet output, or a fake in tests. Only
 * one thread at a time calls it (the stream's writer); none of its methods may block.
 */
interface Sink {

    /** Whether a write may be made now. When false, the sink calls the stream's {@code writable()} once it may. */
    boolean isReady();

    void write(byte[] bytes) throws IOException;

    void flush() throws IOException;

    /** Ends the response (the connection may be kept for the next request). */
    void complete();
}
