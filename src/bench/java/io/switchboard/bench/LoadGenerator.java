package io.switchboard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.CharBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * WebSocket load generator for a RUNNING hub on loopback, JDK {@code java.net.http} only.
 *
 * <p>Scenarios ({@code --scenario}):
 * <ul>
 *   <li>{@code fanout}: one publisher, {@code --subscribers} ephemeral subscribers on one channel.
 *       The publisher sends {@code --messages} pubs whose data is {@code {"n":i,"t":nanoTime,"pad":..}}
 *       ({@code --size} bytes), as fast as two windows allow (pubs confirmed by the server's
 *       {@code ok}, and deliveries still owed to the subscribers) or at {@code --rate} msgs/s.
 *       Latency is receive nanoTime minus {@code t} (same JVM).</li>
 *   <li>{@code acks}: the same with resumable subscribers (hello with a {@code client} id) that ack
 *       cumulatively every {@code --ack-every} messages.</li>
 *   <li>{@code idle}: {@code --connections} sessions each subscribed to {@code /bench/idle/<i>};
 *       the server's heap ({@code jcmd <pid> GC.class_histogram}, a full GC) and RSS
 *       ({@code /proc/<pid>/status}) before and after give KB per connection.</li>
 *   <li>{@code rpc}: {@code --callees} ephemeral service sessions register {@code --rpc-channel} and
 *       echo every {@code invoke} back as a {@code yield}; {@code --callers} connections each keep
 *       {@code --inflight} calls in flight until {@code --calls} round trips (after
 *       {@code --warmup-calls}) or {@code --duration}. Call data is {@code {"t":nanoTime}}; latency is
 *       the {@code result}'s receive nanoTime minus {@code t}. {@code error} answers are counted by code.</li>
 * </ul>
 * Every wait is bounded by {@code --timeout}; the program closes its sockets and exits by itself.
 * It ends with a summary block and one {@code RESULT key=value ...} line.
 */
public final class LoadGenerator {

    static final String USAGE = """
            usage: LoadGenerator [--flag value]...
              --scenario fanout|acks|idle|rpc  (fanout)
              --host 127.0.0.1 --port 8080 --path /ws   loopback only
              --publish-port P   the publisher on another node of a cluster (default: --port)
              --transport ws|tcp   fanout: the subscribers' transport; tcp uses the hub's TCP lines (ws)
              --tcp-port P         the hub's switchboard.tcp.port, for --transport tcp (7070)
              --subscribers N      fanout/acks subscribers (100)
              --messages M         messages published (20000)
              --duration S         stop publishing (rpc: calling) after S seconds even if fewer were sent (0 = no limit)
              --rate R             msgs/s, 0 = as fast as the windows allow (0)
              --size B             bytes of the data object (100)
              --batch true|false   hello.batch: server may join frames with \\n (false)
              --acks true|false    resumable subscribers acking (false; true for scenario acks)
              --ack-every K        cumulative ack every K messages (100)
              --window W           max pubs not yet confirmed by ok (1000)
              --confirm-every K    pub carries an id every K messages (50)
              --max-lag L          max messages published but not yet delivered to the slowest subscriber (32)
              --channel C          fanout channel (/bench/fan)
              --connections N      idle connections (10000)
              --resumable          idle: hello with a client id
              --callees N          rpc: callee connections registered on the channel (1)
              --callers M          rpc: caller connections (10)
              --inflight K         rpc: calls each caller keeps in flight (16)
              --calls TOTAL        rpc: measured round trips, all callers together (100000)
              --warmup-calls W     rpc: round trips before the measurement, not recorded (0)
              --rpc-channel C      rpc: channel registered and called (/bench/rpc)
              --call-timeout MS    rpc: call.timeout, 0 = the hub's default of 10000 (0)
              --server-pid PID     idle: required; fanout/acks/rpc: server CPU
              --settle S           idle: seconds to wait before measuring after (3)
              --clients K          shared HttpClients (4)
              --threads T          executor threads per HttpClient, 0 = run on its selector thread (0)
              --connect-concurrency C  handshakes in flight (64)
              --stall S            give up when nothing moves for S seconds (10)
              --timeout S          whole run, connect to drain (120)
              --token T            hello.token, if the hub wants one
            """;

    public static void main(String[] args) {
        LoadOptions o;
        try {
            o = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.print(USAGE);
            System.exit(0);
        }
        int rc;
        try {
            rc = new LoadGenerator(o).run();
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            rc = 2;
        } catch (Exception e) {
            e.printStackTrace();
            rc = 1;
        }
        System.out.flush();
        System.exit(rc);
    }


    // ------------------------------------------------------------------------------------------------
    // Run state shared by the connections

    private final LoadOptions o;
    private final URI uri;
    private final URI publishUri;
    private final HttpClient[] clients;
    private final ExecutorService[] pools;
    private final long startNs = System.nanoTime();
    private final long deadlineNs;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    final AtomicLong delivered = new AtomicLong();
    final AtomicLong gapSeqs = new AtomicLong();
    final AtomicLong gapFrames = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong unexpectedCloses = new AtomicLong();
    final AtomicLong foreign = new AtomicLong();
    final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errorSampleCount = new AtomicInteger();
    volatile long confirmed = -1;
    volatile boolean closing;

    // rpc: run-wide call accounting
    final AtomicLong callsIssued = new AtomicLong();
    final AtomicLong callsDone = new AtomicLong();
    final Map<String, AtomicLong> callErrors = new ConcurrentHashMap<>();
    long callsTotal;
    String callPrefix;
    volatile boolean stopCalling;
    volatile long measuredStartNs;
    volatile boolean measuring;

    LoadGenerator(LoadOptions o) throws IOException {
        this.o = o;
        InetAddress address = InetAddress.getByName(o.host);
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("refusing " + o.host + ": the load generator only targets loopback");
        }
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        this.uri = URI.create("ws://" + host + ":" + o.port + o.path);
        this.publishUri = o.publishPort > 0 ? URI.create("ws://" + host + ":" + o.publishPort + o.path) : uri;
        this.deadlineNs = startNs + TimeUnit.SECONDS.toNanos(o.timeoutS);
        this.clients = new HttpClient[o.clients];
        this.pools = new ExecutorService[o.clients];
        for (int k = 0; k < o.clients; k++) {
            int client = k;
            AtomicInteger threadNo = new AtomicInteger();
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15));
            if (o.threads > 0) {
                pools[k] = Executors.newFixedThreadPool(o.threads, r -> {
                    Thread t = new Thread(r, "lg-http" + client + "-" + threadNo.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                builder.executor(pools[k]);
            } else {
                // Direct: listener calls run on the client's selector thread, with no hand-off per frame.
                builder.executor(Runnable::run);
            }
            clients[k] = builder.build();
        }
    }

    int run() throws Exception {
        try {
            return switch (o.scenario) {
                case "idle" -> idle();
                case "rpc" -> rpc();
                default -> fanout();
            };
        } finally {
            for (ExecutorService p : pools) {
                if (p != null) {
                    p.shutdownNow();
                }
            }
        }
    }

    void error(String what) {
        errors.incrementAndGet();
        if (errorSampleCount.incrementAndGet() <= 10) {
            errorSamples.add(what);
        }
    }

    long remainingNs() {
        return Math.max(0, deadlineNs - System.nanoTime());
    }

    // ------------------------------------------------------------------------------------------------
    // fanout and acks

    private int fanout() throws Exception {
        int n = o.subscribers;
        boolean acks = o.acks;
        String sub = "{\"op\":\"sub\",\"ch\":\"" + o.channel + "\",\"id\":\"s\"}";
        System.out.printf(Locale.ROOT, "load: %s, %d subscribers on %s, %d messages, target %s%n",
                o.scenario, n, o.channel, o.messages, uri);

        TcpSubscribers tcp = o.transport.equals("tcp") ? new TcpSubscribers() : null;
        Connected subs = tcp != null ? connectTcp(tcp, n, sub)
                : connectAll(n, i -> new Conn(this, i, Role.SUB, o.messages),
                        i -> hello(acks ? "lg-" + runId + "-" + i : null, o.batch), i -> sub);
        Conn pub = new Conn(this, -1, Role.PUB, 0);
        Connected pubs = connectList(List.of(pub), i -> hello(null, false), i -> null);
        if (subs.failed > 0 || pubs.failed > 0 || remainingNs() == 0) {
            System.out.printf(Locale.ROOT, "load: %d of %d subscribers and %d publisher failed to connect%n",
                    subs.failed, n, pubs.failed);
            printErrors();
            closeAll(subs.conns, pubs.conns);
            if (tcp != null) {
                tcp.close();
            }
            System.out.printf(Locale.ROOT, "RESULT scenario=%s subscribers=%d status=connect_failed connect_failed=%d%n",
                    o.scenario, n, subs.failed + pubs.failed);
            return 1;
        }

        CpuSample cpu0 = CpuSample.now(o.serverPid);
        Published published = publish(pub, subs.conns);
        long expected = (long) published.sent * n;
        String status = published.status;
        long drainStart = System.nanoTime();
        long lastSeen = -1;
        long lastMove = drainStart;
        while (true) {
            long done = delivered.get() + gapSeqs.get();
            long now = System.nanoTime();
            if (done >= expected) {
                break;
            }
            if (now > deadlineNs) {
                status = "timeout";
                break;
            }
            if (done != lastSeen) {
                lastSeen = done;
                lastMove = now;
            } else if (now - lastMove > TimeUnit.SECONDS.toNanos(o.stallS)) {
                status = status.equals("ok") ? "drain_stalled" : status;
                break;
            }
            LockSupport.parkNanos(2_000_000);
        }
        CpuSample cpu1 = CpuSample.now(o.serverPid);

        if (acks) {
            for (Conn c : subs.conns) {
                c.finalAck();
            }
        }
        closeAll(subs.conns, pubs.conns);
        if (tcp != null) {
            tcp.close();
        }

        LatencyHistogram latency = new LatencyHistogram();
        long received = 0;
        long dup = 0;
        long ooo = 0;
        long unique = 0;
        long lastDelivery = published.firstSendNs;
        long acksSent = 0;
        int subsMissing = 0;
        for (Conn c : subs.conns) {
            latency.add(c.latency);
            received += c.received;
            dup += c.dup;
            ooo += c.ooo;
            unique += c.received - c.dup;
            acksSent += c.acksSent;
            lastDelivery = Math.max(lastDelivery, c.lastDeliveryNs);
            if (c.received - c.dup < published.sent) {
                subsMissing++;
            }
        }
        long lost = expected - unique;
        double spanS = (lastDelivery - published.firstSendNs) / 1e9;
        double deliveredPerS = spanS > 0 ? received / spanS : 0;
        double pubPerS = published.spanNs > 0 ? published.sent / (published.spanNs / 1e9) : 0;
        double genCpu = cpu1.genPct(cpu0);
        double srvCpu = cpu1.serverPct(cpu0);

        System.out.println();
        System.out.printf(Locale.ROOT, "== switchboard load: %s ==%n", o.scenario);
        System.out.printf(Locale.ROOT, "target            %s%s%n", uri,
                tcp != null ? " (publisher); subscribers on tcp://" + o.host + ":" + o.tcpPort : "");
        System.out.printf(Locale.ROOT, "subscribers       %d %s, batch=%s%s%n", n,
                acks ? "resumable (client id)" : "ephemeral", o.batch,
                acks ? ", ack every " + o.ackEvery + " (" + acksSent + " acks sent)" : "");
        System.out.printf(Locale.ROOT, "messages          %d x %d B data%s, rate=%s, window=%d, max-lag=%d%n",
                o.messages, o.size, o.durationS > 0 ? " (at most " + o.durationS + " s)" : "",
                o.rate > 0 ? Report.fmt(o.rate) + "/s" : "max", o.window, o.maxLag);
        System.out.printf(Locale.ROOT, "connect           %s%n", subs.describe());
        System.out.printf(Locale.ROOT, "published         %d in %.3f s = %.0f msg/s (status %s)%n",
                published.sent, published.spanNs / 1e9, pubPerS, status);
        System.out.printf(Locale.ROOT, "delivered         %d of %d in %.3f s = %.0f deliveries/s%n",
                received, expected, spanS, deliveredPerS);
        Report.printLatency(latency);
        System.out.printf(Locale.ROOT, "lost/dup/ooo      %d / %d / %d  (%d subscribers missed some)%n",
                lost, dup, ooo, subsMissing);
        System.out.printf(Locale.ROOT, "gaps              %d gap frames covering %d seqs; errors %d; "
                + "unexpected closes %d; foreign frames %d%n",
                gapFrames.get(), gapSeqs.get(), errors.get(), unexpectedCloses.get(), foreign.get());
        Report.printCpu(genCpu, srvCpu);
        printErrors();
        System.out.printf(Locale.ROOT, "RESULT scenario=%s transport=%s subscribers=%d messages=%d batch=%s acks=%s rate=%s "
                + "size=%d sent=%d delivered=%d expected=%d delivered_per_s=%.0f pub_per_s=%.0f "
                + "p50_ms=%s p90_ms=%s p99_ms=%s p999_ms=%s max_ms=%s lost=%d dup=%d ooo=%d gaps=%d errors=%d "
                + "connect_s=%.3f gen_cpu_pct=%.0f srv_cpu_pct=%.0f status=%s%n",
                o.scenario, o.transport, n, o.messages, o.batch, acks, Report.fmt(o.rate), o.size, published.sent, received,
                expected, deliveredPerS, pubPerS, Report.ms(latency.percentile(50)), Report.ms(latency.percentile(90)),
                Report.ms(latency.percentile(99)), Report.ms(latency.percentile(99.9)), Report.ms(latency.max()), lost, dup, ooo,
                gapSeqs.get(), errors.get(), subs.elapsedNs / 1e9, genCpu, srvCpu, status);
        return status.equals("ok") ? 0 : 1;
    }

    private record Published(int sent, long firstSendNs, long spanNs, String status) {
    }

    private Published publish(Conn pub, List<Conn> subs) {
        StringBuilder sb = new StringBuilder(o.size + 160);
        CompletableFuture<WebSocket> prev = pub.lastSend;
        long stallNs = TimeUnit.SECONDS.toNanos(o.stallS);
        double intervalNs = o.rate > 0 ? 1e9 / o.rate : 0;
        long start = System.nanoTime();
        long stopAt = start + TimeUnit.SECONDS.toNanos(o.durationS);
        long first = 0;
        long lastSend = 0;
        long slowest = 0; // fewest messages any subscriber has had (or lost to a gap); only grows
        int sent = 0;
        String status = "ok";
        for (int i = 0; i < o.messages; i++) {
            if (o.durationS > 0 && System.nanoTime() - stopAt > 0) {
                break;
            }
            if (intervalNs > 0) {
                long due = start + (long) (i * intervalNs);
                for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                    LockSupport.parkNanos(due - now);
                }
            }
            // Two windows: pubs the server has not confirmed yet, and messages the slowest subscriber
            // is still owed. The cached "slowest" is only refreshed when it would hold us back.
            long lastSlowest = -1;
            long lastConfirmed = -2;
            long lastMove = System.nanoTime();
            while (true) {
                long conf = confirmed;
                if (i - slowest > o.maxLag) {
                    slowest = slowest(subs);
                }
                if (i - conf <= o.window && i - slowest <= o.maxLag) {
                    break;
                }
                long now = System.nanoTime();
                if (now > deadlineNs) {
                    status = "timeout";
                    break;
                }
                if (slowest != lastSlowest || conf != lastConfirmed) {
                    lastSlowest = slowest;
                    lastConfirmed = conf;
                    lastMove = now;
                } else if (now - lastMove > stallNs) {
                    status = "publish_stalled";
                    break;
                }
                LockSupport.parkNanos(50_000);
            }
            if (!status.equals("ok")) {
                break;
            }
            try {
                prev.get(remainingNs(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = "interrupted";
                break;
            } catch (ExecutionException | TimeoutException e) {
                error("publisher send failed: " + e);
                status = "send_failed";
                break;
            }
            boolean confirm = i % o.confirmEvery == 0 || i == o.messages - 1;
            long t = System.nanoTime();
            sb.setLength(0);
            sb.append("{\"op\":\"pub\",\"ch\":\"").append(o.channel).append('"');
            if (confirm) {
                sb.append(",\"id\":\"p").append(i).append('"');
            }
            sb.append(",\"data\":");
            int dataStart = sb.length();
            sb.append("{\"n\":").append(i).append(",\"t\":").append(t).append(",\"pad\":\"");
            for (int pad = o.size - (sb.length() - dataStart) - 2; pad > 0; pad--) {
                sb.append('x');
            }
            sb.append("\"}}");
            if (i == 0) {
                first = t;
            }
            lastSend = t;
            prev = pub.ws.sendText(sb.toString(), true);
            sent++;
        }
        try {
            prev.get(Math.max(1, remainingNs()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            error("publisher last send: " + e);
        }
        return new Published(sent, first, lastSend - first, status);
    }

    private static long slowest(List<Conn> subs) {
        long min = Long.MAX_VALUE;
        for (Conn c : subs) {
            min = Math.min(min, c.progress);
        }
        return min;
    }

    // ------------------------------------------------------------------------------------------------
    // rpc

    private int rpc() throws Exception {
        String ch = o.rpcChannel;
        callsTotal = o.warmupCalls + o.calls;
        callPrefix = "{\"op\":\"call\",\"ch\":\"" + ch + "\","
                + (o.callTimeoutMs > 0 ? "\"timeout\":" + o.callTimeoutMs + "," : "") + "\"data\":{\"t\":";
        System.out.printf(Locale.ROOT, "load: rpc, %d callees, %d callers x %d in flight on %s, %d calls "
                        + "(+%d warmup)%s, target %s%n", o.callees, o.callers, o.inflight, ch, o.calls, o.warmupCalls,
                o.durationS > 0 ? ", at most " + o.durationS + " s" : "", uri);

        String register = "{\"op\":\"register\",\"ch\":\"" + ch + "\",\"id\":\"r\"}";
        List<Conn> calleeList = new ArrayList<>(o.callees);
        for (int i = 0; i < o.callees; i++) {
            Conn c = new Conn(this, i, Role.CALLEE, 0);
            c.readyId = "r";
            calleeList.add(c);
        }
        Connected callees = connectList(calleeList, i -> serviceHello(), i -> register);
        callees.readyWhat = "register ok";
        List<Conn> callerList = new ArrayList<>(o.callers);
        for (int i = 0; i < o.callers; i++) {
            callerList.add(new Conn(this, i, Role.CALLER, 0));
        }
        Connected callers = connectList(callerList, i -> serviceHello(), i -> null);
        callers.readyWhat = "welcome";
        if (callees.failed > 0 || callers.failed > 0 || remainingNs() == 0) {
            System.out.printf(Locale.ROOT, "load: %d of %d callees and %d of %d callers failed to connect%n",
                    callees.failed, o.callees, callers.failed, o.callers);
            printErrors();
            closeAll(callees.conns, callers.conns);
            System.out.printf(Locale.ROOT, "RESULT scenario=rpc callees=%d callers=%d inflight=%d calls=%d "
                    + "status=connect_failed connect_failed=%d%n", o.callees, o.callers, o.inflight, o.calls,
                    callees.failed + callers.failed);
            return 1;
        }

        // Every caller starts with --inflight calls; each answer (result or error) sends the next one.
        long kickNs = System.nanoTime();
        for (int k = 0; k < o.inflight; k++) {
            for (Conn c : callerList) {
                c.nextCall();
            }
        }
        String status = "ok";
        CpuSample cpu0 = null;
        long stopAt = 0;
        long lastDone = -1;
        long lastMove = System.nanoTime();
        boolean quietOnce = false;
        long stallNs = TimeUnit.SECONDS.toNanos(o.stallS);
        while (true) {
            long now = System.nanoTime();
            if (cpu0 == null && measuring) {
                cpu0 = CpuSample.now(o.serverPid);
                stopAt = measuredStartNs + TimeUnit.SECONDS.toNanos(o.durationS);
            }
            if (o.durationS > 0 && cpu0 != null && now - stopAt > 0) {
                stopCalling = true;
            }
            long issued = callsIssued.get();
            long done = callsDone.get();
            if (done >= issued && (issued >= callsTotal || stopCalling)) {
                // Seen twice in a row, so a caller that was just sending one more call is not cut off.
                if (quietOnce) {
                    break;
                }
                quietOnce = true;
            } else {
                quietOnce = false;
            }
            if (now > deadlineNs) {
                status = "timeout";
                break;
            }
            if (done != lastDone) {
                lastDone = done;
                lastMove = now;
            } else if (now - lastMove > stallNs) {
                status = "stalled";
                break;
            }
            LockSupport.parkNanos(2_000_000);
        }
        stopCalling = true;
        CpuSample cpu1 = CpuSample.now(o.serverPid);
        closeAll(callers.conns, callees.conns);

        LatencyHistogram latency = new LatencyHistogram();
        long results = 0;
        long measuredErrors = 0;
        long lastDone2 = measuredStartNs;
        int maxQueued = 0;
        for (Conn c : callerList) {
            latency.add(c.latency);
            results += c.results;
            measuredErrors += c.callErrors;
            lastDone2 = Math.max(lastDone2, c.lastCallDoneNs);
            maxQueued = Math.max(maxQueued, c.maxQueued);
        }
        long minInvokes = Long.MAX_VALUE;
        long maxInvokes = 0;
        long invokes = 0;
        int calleeQueued = 0;
        for (Conn c : calleeList) {
            invokes += c.invokes;
            minInvokes = Math.min(minInvokes, c.invokes);
            maxInvokes = Math.max(maxInvokes, c.invokes);
            calleeQueued = Math.max(calleeQueued, c.maxQueued);
        }
        long issued = callsIssued.get();
        long unanswered = issued - callsDone.get();
        if (!measuring) {
            status = status.equals("ok") ? "warmup_unfinished" : status;
        } else if (status.equals("ok") && (errors.get() > 0 || unanswered > 0)) {
            status = "errors";
        }
        double spanS = measuring ? (lastDone2 - measuredStartNs) / 1e9 : 0;
        double rtPerS = spanS > 0 ? results / spanS : 0;
        double genCpu = cpu0 != null ? cpu1.genPct(cpu0) : -1;
        double srvCpu = cpu0 != null ? cpu1.serverPct(cpu0) : -1;
        StringBuilder codes = new StringBuilder();
        callErrors.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                codes.append(codes.length() > 0 ? "," : "").append(e.getKey()).append(':').append(e.getValue().get()));

        System.out.println();
        System.out.println("== switchboard load: rpc ==");
        System.out.printf(Locale.ROOT, "target            %s, channel %s%n", uri, ch);
        System.out.printf(Locale.ROOT, "callees           %d (ephemeral services, echo); invokes per callee min %d max %d "
                + "(%d in all, warmup included); most yields queued on one socket %d%n",
                o.callees, minInvokes == Long.MAX_VALUE ? 0 : minInvokes, maxInvokes, invokes, calleeQueued);
        System.out.printf(Locale.ROOT, "callers           %d x %d calls in flight%s; most calls queued on one socket %d%n",
                o.callers, o.inflight, o.callTimeoutMs > 0 ? ", timeout " + o.callTimeoutMs + " ms" : "", maxQueued);
        System.out.printf(Locale.ROOT, "connect           callees: %s%n", callees.describe());
        System.out.printf(Locale.ROOT, "                  callers: %s%n", callers.describe());
        System.out.printf(Locale.ROOT, "calls             %d issued (%d warmup, %d measured asked for%s), %d unanswered, "
                + "status %s; warmup took %.3f s%n", issued, Math.min(issued, o.warmupCalls), o.calls,
                o.durationS > 0 ? ", at most " + o.durationS + " s" : "", unanswered, status,
                measuring ? (measuredStartNs - kickNs) / 1e9 : 0.0);
        System.out.printf(Locale.ROOT, "round trips       %d in %.3f s = %.0f round trips/s (measured window)%n",
                results, spanS, rtPerS);
        Report.printLatency(latency);
        System.out.printf(Locale.ROOT, "errors            %d (%d answering measured calls); by code: %s; "
                + "unexpected closes %d; foreign frames %d%n", errors.get(), measuredErrors,
                codes.length() > 0 ? codes : "none", unexpectedCloses.get(), foreign.get());
        Report.printCpu(genCpu, srvCpu);
        printErrors();
        System.out.printf(Locale.ROOT, "RESULT scenario=rpc callees=%d callers=%d inflight=%d calls=%d warmup_calls=%d "
                + "rt=%d rt_per_s=%.0f p50_ms=%s p90_ms=%s p99_ms=%s p999_ms=%s max_ms=%s errors=%d error_codes=%s "
                + "unanswered=%d invokes_min=%d invokes_max=%d connect_s=%.3f gen_cpu_pct=%.0f srv_cpu_pct=%.0f "
                + "status=%s%n",
                o.callees, o.callers, o.inflight, o.calls, o.warmupCalls, results, rtPerS,
                Report.ms(latency.percentile(50)), Report.ms(latency.percentile(90)), Report.ms(latency.percentile(99)),
                Report.ms(latency.percentile(99.9)), Report.ms(latency.max()), errors.get(), codes.length() > 0 ? codes : "none",
                unanswered, minInvokes == Long.MAX_VALUE ? 0 : minInvokes, maxInvokes,
                (callees.elapsedNs + callers.elapsedNs) / 1e9, genCpu, srvCpu, status);
        return status.equals("ok") ? 0 : 1;
    }

    /** An ephemeral service session (no client id, so nothing is kept for acks): callers and callees alike. */
    private String serviceHello() {
        StringBuilder sb = new StringBuilder("{\"op\":\"hello\",\"kind\":\"service\"");
        if (o.token != null) {
            sb.append(",\"token\":\"").append(o.token.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append(",\"batch\":").append(o.batch).append('}').toString();
    }

    // ------------------------------------------------------------------------------------------------
    // idle

    private int idle() throws Exception {
        int n = o.connections;
        System.out.printf(Locale.ROOT, "load: idle, %d connections, server pid %d, target %s%n", n, o.serverPid, uri);
        ServerMemory before = ServerMemory.of(o.serverPid);
        System.out.printf(Locale.ROOT, "load: before: heap %.1f MB live, RSS %.1f MB%n",
                before.heapBytes() / 1e6, before.rssKb() / 1e3);
        Connected idle = connectAll(n, i -> new Conn(this, i, Role.IDLE, 0),
                i -> o.resumable ? hello("lg-" + runId + "-idle-" + i, false) : null,
                i -> "{\"op\":\"sub\",\"ch\":\"/bench/idle/" + i + "\",\"id\":\"s\"}");
        String status = idle.failed == 0 ? "ok" : "connect_failed";
        if (idle.failed > 0) {
            System.out.printf(Locale.ROOT, "load: %d of %d connections failed%n", idle.failed, n);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.settleS));
        int open = 0;
        for (Conn c : idle.conns) {
            if (c.ready.isDone() && !c.ready.isCompletedExceptionally() && !c.closed.isDone()) {
                open++;
            }
        }
        ServerMemory after = ServerMemory.of(o.serverPid);
        closeAll(idle.conns, List.of());
        // What the server still holds once they are all closed (sessions, caches, leaks).
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.settleS));
        ServerMemory closed = ServerMemory.of(o.serverPid);

        double heapKb = open > 0 ? (after.heapBytes() - before.heapBytes()) / 1024.0 / open : 0;
        double rssKb = open > 0 ? (after.rssKb() - before.rssKb()) / (double) open : 0;
        double retainedKb = open > 0 ? (closed.heapBytes() - before.heapBytes()) / 1024.0 / open : 0;
        System.out.println();
        System.out.println("== switchboard load: idle ==");
        System.out.printf(Locale.ROOT, "target            %s (server pid %d)%n", uri, o.serverPid);
        System.out.printf(Locale.ROOT, "connections       %d open and subscribed of %d (%s)%n", open, n,
                o.resumable ? "resumable, client id" : "ephemeral");
        System.out.printf(Locale.ROOT, "connect           %s%n", idle.describe());
        System.out.printf(Locale.ROOT, "server heap       %.1f MB -> %.1f MB live (after full GC) = %.2f KB/connection%n",
                before.heapBytes() / 1e6, after.heapBytes() / 1e6, heapKb);
        System.out.printf(Locale.ROOT, "server RSS        %.1f MB -> %.1f MB = %.2f KB/connection "
                + "(RSS only grows: meaningful on a fresh server)%n", before.rssKb() / 1e3, after.rssKb() / 1e3, rssKb);
        System.out.printf(Locale.ROOT, "after close       heap %.1f MB live = %.2f KB/connection still held%n",
                closed.heapBytes() / 1e6, retainedKb);
        System.out.println("heap growth by class, open - before (top 12):");
        ServerMemory.printTop(before, after, open, 12);
        if (retainedKb > 1) {
            System.out.println("heap still held after close by class, closed - before (top 8):");
            ServerMemory.printTop(before, closed, open, 8);
        }
        System.out.printf(Locale.ROOT, "errors            %d; unexpected closes %d%n", errors.get(), unexpectedCloses.get());
        printErrors();
        System.out.printf(Locale.ROOT, "RESULT scenario=idle connections=%d open=%d resumable=%s heap_kb_per_conn=%.2f "
                + "rss_kb_per_conn=%.2f retained_kb_per_conn=%.2f heap_before_mb=%.1f heap_after_mb=%.1f "
                + "heap_closed_mb=%.1f rss_before_mb=%.1f rss_after_mb=%.1f connect_s=%.3f errors=%d status=%s%n",
                n, open, o.resumable, heapKb, rssKb, retainedKb, before.heapBytes() / 1e6, after.heapBytes() / 1e6,
                closed.heapBytes() / 1e6, before.rssKb() / 1e3, after.rssKb() / 1e3, idle.elapsedNs / 1e9, errors.get(),
                status);
        return status.equals("ok") ? 0 : 1;
    }



    // ------------------------------------------------------------------------------------------------
    // Connecting and closing

    private String hello(String client, boolean batch) {
        StringBuilder sb = new StringBuilder("{\"op\":\"hello\"");
        if (client != null) {
            sb.append(",\"client\":\"").append(client).append('"');
        }
        if (o.token != null) {
            sb.append(",\"token\":\"").append(o.token.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append(",\"batch\":").append(batch).append('}').toString();
    }

    interface IntFn<R> {
        R apply(int i);
    }

    final class Connected {
        final List<Conn> conns;
        int failed;
        long elapsedNs;
        /** What "ready" means for these connections, for {@link #describe}. */
        String readyWhat = "sub ok";

        Connected(List<Conn> conns) {
            this.conns = conns;
        }

        String describe() {
            LatencyHistogram handshake = new LatencyHistogram();
            LatencyHistogram ready = new LatencyHistogram();
            for (Conn c : conns) {
                if (c.openNs > 0) {
                    handshake.record(c.openNs - c.connectStartNs);
                }
                if (c.readyNs > 0) {
                    ready.record(c.readyNs - c.connectStartNs);
                }
            }
            double s = elapsedNs / 1e9;
            return String.format(Locale.ROOT, "%d connections in %.3f s (%.0f/s, %d in flight); handshake p50 %s "
                            + "p99 %s ms; to %s p50 %s p99 %s max %s ms; %d failed",
                    conns.size() - failed, s, s > 0 ? (conns.size() - failed) / s : 0, o.connectConcurrency,
                    Report.ms(handshake.percentile(50)), Report.ms(handshake.percentile(99)), readyWhat, Report.ms(ready.percentile(50)),
                    Report.ms(ready.percentile(99)), Report.ms(ready.max()), failed);
        }
    }

    /** Fan-out subscribers over TCP lines: connected one after another (a TCP connect is cheap), then read by one thread. */
    private Connected connectTcp(TcpSubscribers tcp, int count, String sub) throws InterruptedException {
        List<Conn> conns = new ArrayList<>(count);
        Connected result = new Connected(conns);
        java.net.InetSocketAddress hub = new java.net.InetSocketAddress(o.host, o.tcpPort);
        tcp.start();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Conn c = new Conn(this, i, Role.SUB, o.messages);
            c.readyOn = Ready.SUB_OK;
            conns.add(c);
            try {
                tcp.connect(c, hub, hello(null, false), sub);
            } catch (IOException e) {
                c.ready.completeExceptionally(e);
            }
        }
        for (Conn c : conns) {
            try {
                c.ready.get(remainingNs(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                result.failed++;
                error("tcp connection " + c.index + ": " + e);
            }
        }
        result.elapsedNs = System.nanoTime() - t0;
        return result;
    }

    private Connected connectAll(int count, IntFn<Conn> make, IntFn<String> hello, IntFn<String> sub)
            throws InterruptedException {
        List<Conn> conns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            conns.add(make.apply(i));
        }
        return connectList(conns, hello, sub);
    }

    private Connected connectList(List<Conn> conns, IntFn<String> hello, IntFn<String> sub)
            throws InterruptedException {
        Connected result = new Connected(conns);
        Semaphore inFlight = new Semaphore(o.connectConcurrency);
        long t0 = System.nanoTime();
        int started = 0;
        for (int i = 0; i < conns.size(); i++) {
            if (!inFlight.tryAcquire(remainingNs(), TimeUnit.NANOSECONDS)) {
                break;
            }
            Conn c = conns.get(i);
            c.ready.whenComplete((v, e) -> inFlight.release());
            open(c, clients[i % clients.length], hello.apply(i), sub.apply(i));
            started++;
        }
        for (int i = 0; i < conns.size(); i++) {
            Conn c = conns.get(i);
            if (i >= started) {
                c.ready.completeExceptionally(new TimeoutException("not started before the timeout"));
            }
            try {
                c.ready.get(remainingNs(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                result.failed++;
                error("connection " + c.index + ": " + e.getCause());
            } catch (TimeoutException e) {
                result.failed++;
                c.ready.completeExceptionally(e);
            }
        }
        result.elapsedNs = System.nanoTime() - t0;
        return result;
    }

    private void open(Conn c, HttpClient client, String hello, String sub) {
        c.readyOn = sub != null ? Ready.SUB_OK : hello != null ? Ready.WELCOME : Ready.OPEN;
        c.connectStartNs = System.nanoTime();
        client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(15)).buildAsync(c.role == Role.PUB ? publishUri : uri, c)
                .thenCompose(ws -> {
                    CompletableFuture<WebSocket> f = CompletableFuture.completedFuture(ws);
                    if (hello != null) {
                        f = f.thenCompose(w -> w.sendText(hello, true));
                    }
                    if (sub != null) {
                        f = f.thenCompose(w -> w.sendText(sub, true));
                    }
                    c.lastSend = f;
                    return f;
                })
                .whenComplete((ws, e) -> {
                    if (e != null) {
                        c.ready.completeExceptionally(e);
                    } else if (c.readyOn == Ready.OPEN) {
                        c.markReady();
                    }
                });
    }

    @SafeVarargs
    private void closeAll(List<Conn>... groups) {
        closing = true;
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (List<Conn> group : groups) {
            for (Conn c : group) {
                WebSocket ws = c.ws;
                if (ws == null || c.closed.isDone()) {
                    c.closed.complete(null);
                    continue;
                }
                c.awaitSend(1_000);
                try {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done")
                            .whenComplete((w, e) -> {
                                if (e != null) {
                                    c.closed.complete(null);
                                }
                            });
                } catch (RuntimeException e) {
                    c.closed.complete(null);
                }
                waits.add(c.closed);
            }
        }
        try {
            CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0])).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            int aborted = 0;
            for (List<Conn> group : groups) {
                for (Conn c : group) {
                    if (!c.closed.isDone() && c.ws != null) {
                        c.ws.abort();
                        aborted++;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "load: %d connections did not close in 15 s and were aborted%n", aborted);
        }
    }

    private void printErrors() {
        for (String e : errorSamples) {
            System.out.println("error             " + e);
        }
        if (errors.get() > errorSamples.size()) {
            System.out.println("error             ... " + (errors.get() - errorSamples.size()) + " more");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // One connection

    enum Role { SUB, PUB, IDLE, CALLEE, CALLER }

    enum Ready { OPEN, WELCOME, SUB_OK }

    static final class Conn implements WebSocket.Listener {
        private static final int DEMAND = 64;

        final LoadGenerator run;
        final int index;
        final Role role;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile WebSocket ws;
        volatile CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
        volatile Ready readyOn = Ready.OPEN;
        /** With {@link Ready#SUB_OK}: the id of the {@code ok} that makes this connection ready. */
        volatile String readyId = "s";
        long connectStartNs;
        volatile long openNs;
        volatile long readyNs;

        private final FrameScanner f = new FrameScanner();
        private final StringBuilder partial = new StringBuilder();
        private char[] scratch = new char[0];
        private int credit;

        // Subscriber statistics, written by the listener, read after close.
        final LatencyHistogram latency;
        private final BitSet seen;
        private final int messages;
        long received;
        long dup;
        long ooo;
        private long maxN = -1;
        private long lastSeq = -1;
        private long ackedSeq = -1;
        long acksSent;
        long lastDeliveryNs;

        // RPC: written by the listener (and the sender), read after the run.
        final String name;
        private final StringBuilder out = new StringBuilder(96);
        private final ArrayDeque<String> outq = new ArrayDeque<>();
        private boolean sending;
        int maxQueued;
        long invokes;
        long results;
        long callErrors;
        long lastCallDoneNs;
        /** Messages received plus seqs lost to gaps: what the publisher's lag window reads. */
        volatile long progress;
        private long gapped;

        Conn(LoadGenerator run, int index, Role role, int messages) {
            this.run = run;
            this.index = index;
            this.role = role;
            this.messages = messages;
            this.latency = role == Role.SUB || role == Role.CALLER ? new LatencyHistogram() : null;
            this.name = (role == Role.CALLER ? "c" : "k") + index;
            this.seen = role == Role.SUB ? new BitSet(Math.min(messages, 1 << 16)) : null;
        }

        void markReady() {
            readyNs = System.nanoTime();
            ready.complete(null);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            openNs = System.nanoTime();
            credit = DEMAND;
            webSocket.request(DEMAND);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (!last) {
                partial.append(data);
            } else if (partial.length() > 0) {
                partial.append(data);
                handle(partial);
                partial.setLength(0);
            } else {
                handle(data);
            }
            if (--credit <= DEMAND / 2) {
                credit += DEMAND / 2;
                webSocket.request(DEMAND / 2);
            }
            return null;
        }

        /**
         * One whole WebSocket text message: one frame, or with batch several separated by newlines.
         * Read straight from the decoder's char array when there is one (no copy).
         */
        void handle(CharSequence text) {
            char[] buf;
            int p;
            int end;
            if (text instanceof CharBuffer cb && cb.hasArray()) {
                buf = cb.array();
                p = cb.arrayOffset() + cb.position();
                end = p + cb.remaining();
            } else {
                int len = text.length();
                if (scratch.length < len) {
                    scratch = new char[Math.max(len, scratch.length * 2)];
                }
                if (text instanceof StringBuilder sb) {
                    sb.getChars(0, len, scratch, 0);
                } else {
                    for (int i = 0; i < len; i++) {
                        scratch[i] = text.charAt(i);
                    }
                }
                buf = scratch;
                p = 0;
                end = len;
            }
            while ((p = FrameScanner.skipWs(buf, p, end)) < end) {
                int next = f.scan(buf, p, end);
                if (next < 0) {
                    run.error("conn " + index + ": " + f.errorMessage);
                    return;
                }
                frame(buf);
                p = next;
            }
        }

        private void frame(char[] buf) {
            switch (f.op) {
                case FrameScanner.OP_MSG -> onMsg();
                case FrameScanner.OP_INVOKE -> onInvoke(buf);
                case FrameScanner.OP_RESULT -> onResult();
                case FrameScanner.OP_OK -> {
                    if (readyOn == Ready.SUB_OK && readyId.equals(f.id)) {
                        markReady();
                    } else if (role == Role.PUB && f.id != null && f.id.startsWith("p")) {
                        long confirmedN = Long.parseLong(f.id, 1, f.id.length(), 10);
                        if (confirmedN > run.confirmed) {
                            run.confirmed = confirmedN;
                        }
                    }
                }
                case FrameScanner.OP_WELCOME -> {
                    if (readyOn == Ready.WELCOME) {
                        markReady();
                    }
                }
                case FrameScanner.OP_GAP -> {
                    run.gapFrames.incrementAndGet();
                    if (f.from >= 0 && f.to >= f.from) {
                        run.gapSeqs.addAndGet(f.to - f.from + 1);
                        gapped += f.to - f.from + 1;
                        progress = received + gapped;
                    }
                    lastSeq = Math.max(lastSeq, f.seq);
                }
                case FrameScanner.OP_ERROR -> {
                    String what = "conn " + index + ": error " + f.errorCode + ": " + f.errorMessage
                            + (f.id != null ? " (id " + f.id + ")" : "");
                    run.error(what);
                    if (role == Role.CALLER || role == Role.CALLEE) {
                        run.callErrors.computeIfAbsent(String.valueOf(f.errorCode), k -> new AtomicLong())
                                .incrementAndGet();
                    }
                    if (role == Role.CALLER && ready.isDone()) {
                        onCallError();
                    }
                    if (!ready.isDone()) {
                        ready.completeExceptionally(new IOException(what));
                    }
                }
                default -> {
                }
            }
        }

        // ---- rpc: callee

        /** Echoes the invoke's data straight back: {@code {"op":"yield","id":I,"data":D}}. */
        private void onInvoke(char[] buf) {
            if (role != Role.CALLEE || f.id == null || f.dataStart < 0) {
                run.foreign.incrementAndGet();
                return;
            }
            invokes++;
            out.setLength(0);
            out.append("{\"op\":\"yield\",\"id\":\"").append(f.id).append("\",\"data\":")
                    .append(buf, f.dataStart, f.dataEnd - f.dataStart).append('}');
            send(out.toString());
        }

        // ---- rpc: caller

        /**
         * Sends the next call if the run still wants one (fewer than warmup + calls issued, not past
         * --duration); returns false if it does not. The id is {@code <name>-<n>} with n the run-wide
         * call number, so ids never repeat within a session (the hub answers a repeated id from its
         * memory instead of calling again).
         */
        boolean nextCall() {
            LoadGenerator r = run;
            long n;
            do {
                n = r.callsIssued.get();
                if (n >= r.callsTotal || r.stopCalling || r.closing) {
                    return false;
                }
            } while (!r.callsIssued.compareAndSet(n, n + 1));
            long t = System.nanoTime();
            if (n == r.o.warmupCalls) {
                r.measuredStartNs = t;
                r.measuring = true;
            }
            send(r.callPrefix + t + "},\"id\":\"" + name + "-" + n + "\"}");
            return true;
        }

        /** The run-wide number of one of this caller's calls, from its id; -1 if the id is not one of ours. */
        private long callNumber(String id) {
            int len = name.length();
            if (id == null || id.length() <= len + 1 || !id.startsWith(name) || id.charAt(len) != '-') {
                return -1;
            }
            try {
                return Long.parseLong(id, len + 1, id.length(), 10);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private void onResult() {
            long now = System.nanoTime();
            long n = role == Role.CALLER ? callNumber(f.id) : -1;
            if (n < 0) {
                run.foreign.incrementAndGet();
                return;
            }
            if (n >= run.o.warmupCalls) {
                if (f.t != Long.MIN_VALUE) {
                    latency.record(now - f.t);
                } else {
                    run.error("conn " + index + ": result without data.t (id " + f.id + ")");
                }
                results++;
                lastCallDoneNs = now;
            }
            run.callsDone.incrementAndGet();
            nextCall();
        }

        /** An error that answers one of our calls ends that call: it is counted, and the next one goes out. */
        private void onCallError() {
            long n = callNumber(f.id);
            if (n < 0) {
                return; // not a call's answer (e.g. rate_limited has no id); counted as an error only
            }
            if (n >= run.o.warmupCalls) {
                callErrors++;
                lastCallDoneNs = System.nanoTime();
            }
            run.callsDone.incrementAndGet();
            nextCall();
        }

        // ---- rpc: one text message in flight per socket (the JDK's rule), the rest queued in order

        void send(String text) {
            synchronized (outq) {
                outq.add(text);
                if (outq.size() > maxQueued) {
                    maxQueued = outq.size();
                }
                if (sending) {
                    return;
                }
                sending = true;
            }
            pump();
        }

        private void pump() {
            while (true) {
                String next;
                synchronized (outq) {
                    next = outq.poll();
                    if (next == null || ws == null || run.closing) {
                        sending = false;
                        return;
                    }
                }
                CompletableFuture<WebSocket> cf;
                try {
                    cf = ws.sendText(next, true);
                } catch (RuntimeException e) {
                    run.error("conn " + index + ": send: " + e);
                    return; // sending stays true: this socket sends no more
                }
                lastSend = cf;
                if (!cf.isDone()) {
                    cf.whenComplete((w, e) -> {
                        if (e != null) {
                            if (!run.closing) {
                                run.error("conn " + index + ": send failed: " + e);
                            }
                        } else {
                            pump();
                        }
                    });
                    return;
                }
                if (cf.isCompletedExceptionally()) {
                    if (!run.closing) {
                        run.error("conn " + index + ": send failed");
                    }
                    return;
                }
            }
        }

        private void onMsg() {
            long now = System.nanoTime();
            if (f.seq > lastSeq) {
                lastSeq = f.seq;
            }
            long n = f.n;
            if (role != Role.SUB || n < 0 || n >= messages || f.t == Long.MIN_VALUE) {
                run.foreign.incrementAndGet();
                return;
            }
            received++;
            if (seen.get((int) n)) {
                dup++;
            } else {
                seen.set((int) n);
            }
            if (n < maxN) {
                ooo++;
            } else {
                maxN = n;
            }
            latency.record(now - f.t);
            lastDeliveryNs = now;
            progress = received + gapped;
            run.delivered.incrementAndGet();
            if (run.o.acks && received % run.o.ackEvery == 0 && !run.closing) {
                ack(lastSeq);
            }
        }

        /** Cumulative ack if no other send is in flight; a skipped one is covered by the next. */
        private synchronized void ack(long seq) {
            if (seq <= ackedSeq || !lastSend.isDone() || ws == null) {
                return;
            }
            ackedSeq = seq;
            acksSent++;
            lastSend = ws.sendText("{\"op\":\"ack\",\"seq\":" + seq + "}", true);
        }

        /** Acks everything received (then says bye) before the close; called after the drain. */
        void finalAck() {
            if (ws == null || closed.isDone()) {
                return;
            }
            awaitSend(1_000);
            synchronized (this) {
                if (lastSeq > ackedSeq) {
                    ack(lastSeq);
                }
            }
        }

        void awaitSend(long millis) {
            try {
                lastSend.get(millis, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // the close goes ahead regardless
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!run.closing) {
                run.unexpectedCloses.incrementAndGet();
                run.error("conn " + index + ": closed by server " + statusCode + " " + reason);
            }
            ready.completeExceptionally(new IOException("closed " + statusCode + " " + reason));
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!run.closing) {
                run.error("conn " + index + ": " + error);
            }
            ready.completeExceptionally(error);
            closed.complete(null);
        }
    }
}
