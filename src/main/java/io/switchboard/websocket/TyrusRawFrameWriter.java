package io.switchboard.websocket;

import jakarta.websocket.RemoteEndpoint;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Tyrus fast path: all pending frames encoded as WebSocket frames into one buffer and
 * written with one {@code TyrusWebSocket#sendRawFrame}. The standard send costs a scheduled
 * idle-timeout restart with a Jakarta context capture per message on Payara (STACK.md measured
 * it at about 63 % of the sender's CPU); this path skips it and coalesces writes. Reached by
 * reflection on a package-private field; {@link #forRemote} returns null where that is not
 * possible and the caller falls back to {@link StandardFrameWriter}.
 */
final class TyrusRawFrameWriter implements FrameWriter {
    private static final System.Logger LOG = System.getLogger(TyrusRawFrameWriter.class.getName());
    private static volatile Access access;
    private static volatile boolean unavailable;

    private record Access(Field webSocket, MethodHandle sendRawFrame) {
    }

    private final Object webSocket;
    private final MethodHandle sendRawFrame;

    private TyrusRawFrameWriter(Object webSocket, MethodHandle sendRawFrame) {
        this.webSocket = webSocket;
        this.sendRawFrame = sendRawFrame;
    }

    static FrameWriter forRemote(RemoteEndpoint.Async remote) {
        if (unavailable) {
            return null;
        }
        try {
            Access a = access == null ? access = lookUp(remote.getClass()) : access;
            return new TyrusRawFrameWriter(a.webSocket().get(remote), a.sendRawFrame());
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Tyrus raw frames unavailable, using the standard send path: {0}", e.toString());
            return null;
        }
    }

    private static Access lookUp(Class<?> remoteClass) throws ReflectiveOperationException {
        for (Class<?> c = remoteClass; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.glassfish.tyrus.core.TyrusRemoteEndpoint")) {
                Field f = c.getDeclaredField("webSocket");
                f.setAccessible(true);
                MethodHandle send = MethodHandles.publicLookup().findVirtual(f.getType(), "sendRawFrame",
                        MethodType.methodType(java.util.concurrent.Future.class, ByteBuffer.class));
                return new Access(f, send);
            }
        }
        throw new NoSuchFieldException("not a Tyrus remote endpoint: " + remoteClass.getName());
    }

    @Override
    public CompletableFuture<Void> write(List<String> frames, boolean joined) {
        ByteBuffer buffer = joined ? WebSocketFrames.text(String.join("\n", frames).getBytes(StandardCharsets.UTF_8))
                : WebSocketFrames.texts(frames);
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            Object future = sendRawFrame.invoke(webSocket, buffer);
            if (future instanceof CompletableFuture<?> cf) {
                cf.whenComplete((r, t) -> complete(done, t));
            } else {
                ((java.util.concurrent.Future<?>) future).get();
                done.complete(null);
            }
        } catch (Throwable t) {
            done.completeExceptionally(t);
        }
        return done;
    }

    private static void complete(CompletableFuture<Void> done, Throwable t) {
        if (t == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(t);
        }
    }
}
