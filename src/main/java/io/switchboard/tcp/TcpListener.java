package io.switchboard.tcp;

import io.switchboard.app.HubService;
import io.switchboard.app.HubSettings;
import io.switchboard.app.ShutdownHook;
import io.switchboard.hub.Hub;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code TCP :<switchboard.tcp.port>}: off unless the port is configured. Starts and stops with
 * the application.
 *
 * <p>Why {@link AsynchronousServerSocketChannel} in an {@link AsynchronousChannelGroup} of fixed
 * size rather than a Selector loop: the group runs every accept, read and write completion on
 * threads the container's {@link ManagedThreadFactory} makes (a fixed group creates no thread of
 * its own, unlike a group over an arbitrary executor), it needs no hand-written interest-set
 * bookkeeping, and a completion handler per read and per write gives the one-read and
 * one-write-in-flight rules of the other transports for free. Writes are started from a small
 * writer pool (also managed threads) so that a publisher never does a subscriber's socket write.
 */
@ApplicationScoped
public class TcpListener {
    @Inject
    ShutdownHook shutdownHook;

    private static final System.Logger LOG = System.getLogger(TcpListener.class.getName());

    @Inject
    HubService service;

    @Inject
    HubSettings settings;

    @Resource
    ManagedThreadFactory threads;

    private final TcpStats stats = new TcpStats();
    private final Set<LineChannel> open = ConcurrentHashMap.newKeySet();
    private AsynchronousChannelGroup group;
    private ExecutorService writers;
    private AsynchronousServerSocketChannel server;
    private volatile InetSocketAddress bound;
    private volatile boolean stopping;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        settings.tcpPort().ifPresent(this::listen);
        // On SIGTERM: stop accepting, and every line connection gets its close frame.
        shutdownHook.onStop(this::stop, open::size);
    }

    private synchronized void listen(int port) {
        String address = settings.tcpAddress();
        int n = settings.tcpThreads();
        try {
            group = AsynchronousChannelGroup.withFixedThreadPool(n, threads);
            writers = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
            server = AsynchronousServerSocketChannel.open(group).setOption(StandardSocketOptions.SO_REUSEADDR, true)
                    .bind(new InetSocketAddress(address, port), 128);
            bound = (InetSocketAddress) server.getLocalAddress();
            accept();
            LOG.log(System.Logger.Level.INFO, "Switchboard TCP lines on {0}", bound);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the TCP listener could not open " + address + ":" + port, e);
            stop();
        }
    }

    private void accept() {
        server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel channel, Void v) {
                accept();
                opened(channel);
            }

            @Override
            public void failed(Throwable t, Void v) {
                if (!stopping && server.isOpen()) {
                    LOG.log(System.Logger.Level.WARNING, "tcp accept failed: {0}", String.valueOf(t));
                    accept();
                }
            }
        });
    }

    private void opened(AsynchronousSocketChannel channel) {
        Hub hub = service.hub();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "tcp socket options: {0}", String.valueOf(e));
        }
        LineChannel[] self = new LineChannel[1];
        self[0] = new LineChannel(channel, writers, service.timers(), hub.stats(), stats, hub.limits(), () -> {
            open.remove(self[0]);
            stats.open.decrementAndGet();
        });
        open.add(self[0]);
        stats.open.incrementAndGet();
        stats.accepted.increment();
        self[0].start(hub);
        if (stopping) {
            self[0].closeForRestart();
        }
    }

    /**
     * Stops accepting, tells every connection the hub is restarting (1012; their sessions stay
     * resumable), gives them a moment to write it, then closes what is left.
     */

    @PreDestroy
    synchronized void stop() {
        stopping = true;
        bound = null;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "tcp listener close: {0}", String.valueOf(e));
        }
        if (group == null) {
            return;
        }
        for (LineChannel c : open) {
            c.closeForRestart();
        }
        try {
            group.shutdown();
            if (!group.awaitTermination(2, TimeUnit.SECONDS)) {
                group.shutdownNow();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "tcp group shutdown: {0}", String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writers.shutdownNow();
        LOG.log(System.Logger.Level.INFO, "Switchboard TCP lines stopped");
    }

    /** Where it listens, or null when TCP is off or the listener is down. */
    public InetSocketAddress address() {
        return bound;
    }

    public boolean configured() {
        return settings.tcpPort().isPresent();
    }

    public boolean listening() {
        AsynchronousServerSocketChannel s = server;
        return bound != null && s != null && s.isOpen() && !group.isShutdown();
    }

    public TcpStats stats() {
        return stats;
    }
}
