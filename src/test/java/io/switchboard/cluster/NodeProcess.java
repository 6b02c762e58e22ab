package io.switchboard.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Payara Micro process of a {@link ClusterNodes} cluster: its command line, its ports (the
 * same across restarts, so the member list stays true) and its log, which every start appends to.
 */
public final class NodeProcess {
    /** HTTP/1.1: the default h2c upgrade attempt can leave a Grizzly request hanging (jersey#6059). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** Payara's "Data Grid Status ... DG Size: n" block, printed on each membership change
     *  (and Hazelcast's own "Members {size:n", should its logging be turned up). */
    private static final Pattern MEMBERS = Pattern.compile("DG Size: (\\d+)|Members \\{size:(\\d+)");

    private final int index;
    private final int httpPort;
    private final int hazelcastPort;
    private final List<String> command;
    private final Path log;
    private Process process;
    /** Where the current run's output starts in the log. */
    private long logStart;
    /** What the last readiness probe got: said when the node never gets ready. */
    private volatile String lastProbe = "no probe yet";

    NodeProcess(int index, int httpPort, int hazelcastPort, List<String> command, Path log) {
        this.index = index;
        this.httpPort = httpPort;
        this.hazelcastPort = hazelcastPort;
        this.command = List.copyOf(command);
        this.log = log;
    }

    void start() {
        try {
            logStart = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + index, e);
        }
    }

    /** Waits until the app (not only Payara: it says "ready" even when the deployment failed) answers. */
    void awaitReady(Duration timeout) {
        try {
            await("node " + index + " answers /health/ready (log " + log + ")")
                    .atMost(timeout).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        failIfExited();
                        return ready();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            dumpThreads();
            throw new IllegalStateException("node " + index + " never answered 200 on /health/ready; last probe: "
                    + lastProbe + " (thread dump appended to " + log + ")", e);
        }
    }

    /** A node that never gets ready: its threads say where it hangs. */
    private void dumpThreads() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            jcmd.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            lastProbe += "; no thread dump: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until this node's last membership report counts n members. */
    void awaitMembers(int n, Duration timeout) {
        await("node " + index + " sees " + n + " Hazelcast members (log " + log + ")")
                .atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    failIfExited();
                    return members().orElse(-1) == n;
                });
    }

    private void failIfExited() {
        if (!isAlive()) {
            throw new IllegalStateException("node " + index + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    boolean ready() {
        HttpRequest req = HttpRequest.newBuilder(url().resolve("/health/ready")).timeout(Duration.ofSeconds(5)).build();
        // Asynchronous with a deadline of our own: a probe must never hang the wait that polls it.
        var answer = HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> r = answer.get(10, TimeUnit.SECONDS);
            lastProbe = r.statusCode() + " " + r.body();
            return r.statusCode() == 200;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            lastProbe = String.valueOf(e.getCause() != null ? e.getCause() : e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The member count of the last membership report of the current run, if there was one yet. */
    OptionalInt members() {
        String text = currentRunLog();
        Matcher m = MEMBERS.matcher(text);
        OptionalInt last = OptionalInt.empty();
        while (m.find()) {
            last = OptionalInt.of(Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)));
        }
        return last;
    }

    private String currentRunLog() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logStart, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGKILL, as a crash would: the java process and anything it started. Returns once none of
     * them is alive, and fails if one survives.
     */
    void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> family = process.descendants().toList();
        process.destroyForcibly();
        family.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node " + index + " (pid " + process.pid() + ") survived SIGKILL");
            }
            for (ProcessHandle child : family) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("a child of node " + index + " survived SIGKILL", e);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The java process, to check that nothing of it is left after {@link #kill}. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    int httpPort() {
        return httpPort;
    }

    int hazelcastPort() {
        return hazelcastPort;
    }

    Path log() {
        return log;
    }
}
