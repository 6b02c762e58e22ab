package io.switchboard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that the tests can break: {@link #cutAll} resets every connection
 * through it (as a network fault would), {@link #refuse} makes it drop new connections at once,
 * {@link #freeze} stops carrying bytes either way while every socket stays open (a peer that
 * vanished without a FIN: a half-open connection).
 */
public final class FaultyProxy implements AutoCloseable {
    /** Opens the upstream side of each new connection; one that throws resets the client. */
    @FunctionalInterface
    public interface Upstream {
        Socket connect() throws IOException;
    }

    private final ServerSocket server;
    private final Upstream upstream;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean refusing;
    private final Object frozenLock = new Object();
    private boolean frozen;

    public FaultyProxy(String host, int port) throws IOException {
        this(() -> new Socket(host, port));
    }

    public FaultyProxy(Upstream upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    reset(client);
                    continue;
                }
                Socket far = connectUpstream(client);
                if (far == null) {
                    continue;
                }
                sockets.add(client);
                sockets.add(far);
                pipe(client, far);
                pipe(far, client);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** The upstream socket, or null once the client is reset because there is none. */
    private Socket connectUpstream(Socket client) {
        try {
            return upstream.connect();
        } catch (IOException e) {
            reset(client);
            return null;
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    holdWhileFrozen();
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // the other direction or a cut closed it: fall through and close both
            } finally {
                reset(from);
                reset(to);
            }
        }, "proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Resets every connection through the proxy. */
    public void cutAll() {
        cuts.incrementAndGet();
        for (Socket s : sockets) {
            reset(s);
        }
    }

    /** From now on no byte passes, in either direction; the sockets stay open. */
    public void freeze() {
        synchronized (frozenLock) {
            frozen = true;
        }
    }

    private void holdWhileFrozen() throws IOException {
        synchronized (frozenLock) {
            while (frozen && !server.isClosed()) {
                try {
                    frozenLock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    public int cuts() {
        return cuts.get();
    }

    /**
     * The sockets the proxy carries now (both ends of each connection). Once no more cuts come,
     * every one of them outlives the cuts: a cut removes what it resets, and a connection it
     * raced (accepted while the cut ran) is carried on, not cut.
     */
    public int open() {
        return sockets.size();
    }

    public void refuse(boolean on) {
        refusing = on;
        if (on) {
            cutAll();
        }
    }

    private void reset(Socket s) {
        sockets.remove(s);
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
