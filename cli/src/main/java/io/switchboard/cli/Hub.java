package io.switchboard.cli;

import io.switchboard.client.HubClient;
import io.switchboard.client.HubException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A connected {@link HubClient} for one command: the connect is bounded by
 * {@code --connect-timeout} and fails fast when the hub refuses the connection; the session ends
 * ({@code bye}) when the command closes it. {@link #ended()} fails if the hub closes the session
 * for good (1008: unauthorized, name_taken, ...), so long-running commands stop then too.
 */
final class Hub implements AutoCloseable {
    /** Every session open in this JVM, ended by {@link Main#main}'s shutdown hook on Ctrl+C. */
    static final Set<Hub> OPEN = ConcurrentHashMap.newKeySet();

    final HubClient client;
    private final Switchboard options;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private Hub(Switchboard options, HubClient client) {
        this.options = options;
        this.client = client;
    }

    static Hub connect(Switchboard options, java.io.PrintWriter err) {
        if (options.url.getScheme() == null || !options.url.getScheme().matches("(?i)wss?")) {
            throw new Exit.Failure(Exit.USAGE, "switchboard: --url must be a ws:// or wss:// URL: " + options.url);
        }
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        Hub[] self = new Hub[1];
        if (options.verbose) {
            Main.LIBRARY_LOG.setLevel(java.util.logging.Level.INFO);
        }
        HubClient client = HubClient.builder(options.url)
                .kind("service").name(options.name).token(options.token)
                .onConnectFailure(refused::complete)
                .onGap(gap -> say(err, "switchboard: gap (frames or messages lost for good): " + gap))
                .onReconnect(resumed -> {
                    if (options.verbose) {
                        say(err, "switchboard: reconnected to " + options.url + (resumed ? "" : " (a new session)"));
                    }
                })
                .onDisconnect((code, reason) -> {
                    if (options.verbose) {
                        say(err, "switchboard: disconnected (" + code + " " + reason + ")");
                    }
                    if (code == 1008 && self[0] != null) {
                        self[0].ended.completeExceptionally(new HubException("closed",
                                "the hub closed the session (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")"));
                    }
                })
                .onError(error -> {
                    if (self[0] != null && "unauthorized".equals(error.getString("code", ""))) {
                        self[0].ended.completeExceptionally(new HubException("unauthorized", error.getString("message", "")));
                    }
                })
                .build();
        Hub hub = new Hub(options, client);
        self[0] = hub;
        OPEN.add(hub);
        long seconds = options.connectTimeout().toSeconds();
        try {
            CompletableFuture<Object> first = CompletableFuture.anyOf(client.connect(), refused);
            Object outcome = first.get(seconds, TimeUnit.SECONDS);
            if (outcome instanceof Throwable t) {
                throw cannotConnect(options, t);
            }
            return hub;
        } catch (TimeoutException e) {
            hub.close();
            throw new Exit.Failure(Exit.CANNOT_CONNECT, "switchboard: cannot connect to " + options.url
                    + ": no welcome within " + seconds + " s");
        } catch (ExecutionException e) {
            hub.close();
            Throwable t = Exit.unwrap(e);
            if (t instanceof HubException h) {
                throw h;
            }
            throw cannotConnect(options, t);
        } catch (InterruptedException e) {
            hub.close();
            Thread.currentThread().interrupt();
            throw new Exit.Failure(Exit.CANNOT_CONNECT, "switchboard: interrupted while connecting to " + options.url);
        } catch (Exit.Failure e) {
            hub.close();
            throw e;
        }
    }

    private static void say(java.io.PrintWriter err, String line) {
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }

    private static Exit.Failure cannotConnect(Switchboard options, Throwable t) {
        String why;
        if (t instanceof WebSocketHandshakeException h) {
            why = "the handshake was refused (HTTP " + h.getResponse().statusCode() + ")";
        } else if (t instanceof ConnectException) {
            why = "connection refused";
        } else if (t instanceof HttpConnectTimeoutException) {
            why = "connect timed out";
        } else {
            why = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        }
        return new Exit.Failure(Exit.CANNOT_CONNECT, "switchboard: cannot connect to " + options.url + ": " + why);
    }

    /** Waits for an answer of the hub, bounded by --connect-timeout. */
    <T> T await(Future<T> answer) {
        return await(answer, options.connectTimeout());
    }

    <T> T await(Future<T> answer, Duration bound) {
        try {
            return answer.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Exit.Failure(Exit.TIMEOUT, "error: timeout: no answer from the hub within " + bound.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable t = Exit.unwrap(e);
            throw t instanceof RuntimeException r ? r : new RuntimeException(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Exit.Failure(Exit.REFUSED, "error: interrupted");
        }
    }

    /** Fails when the hub ends the session for good; never completes normally. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public void close() {
        if (OPEN.remove(this)) {
            client.close();
        }
    }
}
