package io.switchboard.websocket;

import jakarta.websocket.Session;
import java.io.Closeable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Aborting a WebSocket: dropping its TCP connection without a close handshake, for a peer that
 * stopped reading (its close frame could never be written). The standard API has no such call.
 * Tyrus' {@code Writer.close()} (reached by reflection: remote endpoint → web socket → protocol
 * handler → writer) closes the servlet connection, and Tyrus then reports the close as 1006; but
 * on Payara that ends in a <em>graceful</em> Grizzly close, which is queued behind the connection's
 * pending async writes and so never happens for a peer that does not read. So first the Grizzly
 * connection itself is terminated (writer → upgrade handler → {@code WebConnection} → Catalina
 * request → Grizzly request → {@code Connection.terminateSilently()}): the socket is closed at once
 * and what is still queued is dropped. Each path is resolved once; where one is not there, the
 * next best is the fallback (the writer's close, then the standard close), said once at INFO.
 */
final class TyrusConnections {
    private static final System.Logger LOG = System.getLogger(TyrusConnections.class.getName());
    private static volatile Field[] path;
    private static volatile boolean unavailable;
    /** Writer → Grizzly connection, then its terminateSilently; resolved on the first abort. */
    private static volatile MethodHandle grizzlyConnection;
    private static volatile MethodHandle terminate;
    private static volatile boolean noTermination;

    private TyrusConnections() {
    }

    static void abort(Session ws) {
        Closeable writer = unavailable ? null : writerOf(ws);
        try {
            if (writer != null) {
                terminate(writer);
                writer.close();
            } else if (ws.isOpen()) {
                ws.close();
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "abort failed: {0}", String.valueOf(e));
        }
    }

    /** Closes the TCP connection under {@code writer} now, whatever is still queued to it; false if it cannot. */
    static boolean terminate(Object writer) {
        if (noTermination) {
            return false;
        }
        if (terminate == null) {
            try {
                resolveTermination(writer);
            } catch (Throwable e) {
                noTermination = true;
                LOG.log(System.Logger.Level.INFO,
                        "Grizzly connection termination unavailable, an abort waits for the container''s close: {0}", e.toString());
                return false;
            }
        }
        try {
            terminate.invoke(grizzlyConnection.invoke(writer));
            return true;
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.DEBUG, "connection not terminated: {0}", String.valueOf(e));
            return false;
        }
    }

    /**
     * TyrusServletWriter.tyrusHttpUpgradeHandler → getWebConnection() (package-private; the handler is a
     * proxy of the container's) → WebConnectionImpl.request
     * → getCoyoteRequest() → getRequest() → getConnection(), composed into one handle.
     */
    private static synchronized void resolveTermination(Object writer) throws Throwable {
        if (terminate != null) {
            return;
        }
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Object o = writer;
        MethodHandle chain = MethodHandles.identity(Object.class);
        Step[] steps = {
            new Step("tyrusHttpUpgradeHandler", false), new Step("getWebConnection", true), new Step("request", false),
            new Step("getCoyoteRequest", true), new Step("getRequest", true), new Step("getConnection", true)};
        for (Step s : steps) {
            if (o == null) {
                throw new NoSuchFieldException("null before " + s.name());
            }
            MethodHandle h = s.method() ? lookup.unreflect(method(o.getClass(), s.name()))
                    : lookup.unreflectGetter(field(o.getClass(), s.name()));
            h = h.asType(MethodType.methodType(Object.class, Object.class));
            o = h.invoke(o);
            chain = MethodHandles.filterReturnValue(chain, h);
        }
        if (o == null) {
            throw new NoSuchFieldException("no connection");
        }
        MethodHandle t = lookup.unreflect(method(o.getClass(), "terminateSilently"))
                .asType(MethodType.methodType(void.class, Object.class));
        grizzlyConnection = chain;
        terminate = t;
    }

    private record Step(String name, boolean method) {
    }

    private static Field field(Class<?> start, String name) throws NoSuchFieldException {
        for (Class<?> c = start; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException next) {
                // the superclass may declare it
            }
        }
        throw new NoSuchFieldException(name + " from " + start.getName());
    }

    /** A no-argument method, public or not, declared by {@code start} or a supertype (public interfaces included). */
    private static Method method(Class<?> start, String name) throws NoSuchMethodException {
        for (Class<?> c = start; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException next) {
                // the superclass may declare it
            }
        }
        Method m = start.getMethod(name);
        m.setAccessible(true);
        return m;
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
