package io.switchboard.cluster;

import io.switchboard.it.FaultyProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A TCP load balancer on loopback in front of the nodes: each new connection goes to the next
 * node in turn, skipping nodes that refuse it (a killed node), as a real balancer with health
 * checks would. It is a {@link FaultyProxy} with a round-robin upstream, so the tests can also
 * cut every connection through it.
 */
public final class LoadBalancer implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 2000;

    private final List<InetSocketAddress> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicIntegerArray served;
    private final FaultyProxy proxy;

    public LoadBalancer(List<InetSocketAddress> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.served = new AtomicIntegerArray(backends.size());
        this.proxy = new FaultyProxy(this::connectNext);
    }

    /** A balancer in front of every node of the cluster, in node order. */
    public static LoadBalancer inFrontOf(ClusterNodes nodes) throws IOException {
        return new LoadBalancer(nodes.addresses());
    }

    public int port() {
        return proxy.port();
    }

    /** The balancer's base URL, e.g. {@code http://127.0.0.1:41234/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** {@code ws://} to that path through the balancer. */
    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** How many connections went to backend i. */
    public int served(int i) {
        return served.get(i);
    }

    /** Resets every connection through the balancer, as a network fault would. */
    public void cutAll() {
        proxy.cutAll();
    }

    private Socket connectNext() throws IOException {
        int start = Math.floorMod(next.getAndIncrement(), backends.size());
        IOException last = null;
        for (int k = 0; k < backends.size(); k++) {
            int i = (start + k) % backends.size();
            Socket s = new Socket();
            try {
                s.connect(backends.get(i), CONNECT_TIMEOUT_MS);
                served.incrementAndGet(i);
                return s;
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        throw new IOException("no backend accepted the connection", last);
    }

    @Override
    public void close() throws IOException {
        proxy.close();
    }
}
