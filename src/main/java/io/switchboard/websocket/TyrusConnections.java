package io.switchboard.websocket;

import jakarta.websocket.Session;
import java.io.Closeable;
import java.lang.reflect.Field;

/**
 * Aborting a WebSocket: dropping its TCP connection without a close handshake, for a peer that
 * stopped reading (its close frame could never be written). The standard API has no such call;
 * Tyrus' {@code Writer.close()} (reached by reflection: remote endpoint → web socket → protocol
 * handler → writer) closes the servlet connection, and Tyrus then reports the close as 1006.
 * Where that path is not there, the standard close is the fallback.
 */
final class TyrusConnections {
    private static final System.Logger LOG = System.getLogger(TyrusConnections.class.getName());
    private static volatile Field[] path;
    private static volatile boolean unavailable;

    private TyrusConnections() {
    }

    static void abort(Session ws) {
        Closeable writer = unavailable ? null : writerOf(ws);
        try {
            if (writer != null) {
                writer.close();
            } else if (ws.isOpen()) {
                ws.close();
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "abort failed: {0}", String.valueOf(e));
        }
    }

    private static Closeable writerOf(Session ws) {
        try {
            Object remote = ws.getAsyncRemote();
            if (path == null) {
                path = lookUp(remote.getClass());
            }
            Object o = remote;
            for (Field f : path) {
                o = f.get(o);
            }
            return (Closeable) o;
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Tyrus connection abort unavailable, closing instead: {0}", e.toString());
            return null;
        }
    }

    private static Field[] lookUp(Class<?> remoteClass) throws ReflectiveOperationException {
        Field webSocket = declared(remoteClass, "org.glassfish.tyrus.core.TyrusRemoteEndpoint", "webSocket");
        Field handler = declared(webSocket.getType(), webSocket.getType().getName(), "protocolHandler");
        Field writer = declared(handler.getType(), handler.getType().getName(), "writer");
        return new Field[] {webSocket, handler, writer};
    }

    private static Field declared(Class<?> start, String owner, String name) throws ReflectiveOperationException {
        for (Class<?> c = start; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(owner)) {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            }
        }
        throw new NoSuchFieldException(owner + "." + name + " from " + start.getName());
    }
}
