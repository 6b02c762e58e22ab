package io.switchboard.bench;

/**
 * WebSocket load generator for a RUNNING hub on loopback, JDK {@code java.net.http} only.
 *
 * <p>Scenarios ({@code --scenario}):
 * <ul>
 *   <li>{@code fanout} ({@link FanOut}): one publisher, {@code --subscribers} ephemeral subscribers on one channel.
 *       The publisher sends {@code --messages} pubs whose data is {@code {"n":i,"t":nanoTime,"pad":..}}
 *       ({@code --size} bytes), as fast as two windows allow (pubs confirmed by the server's
 *       {@code ok}, and deliveries still owed to the subscribers) or at {@code --rate} msgs/s.
 *       Latency is receive nanoTime minus {@code t} (same JVM).</li>
 *   <li>{@code acks} ({@link FanOut}): the same with resumable subscribers (hello with a {@code client} id) that ack
 *       cumulatively every {@code --ack-every} messages.</li>
 *   <li>{@code idle} ({@link Idle}): {@code --connections} sessions each subscribed to {@code /bench/idle/<i>};
 *       the server's heap ({@code jcmd <pid> GC.class_histogram}, a full GC) and RSS
 *       ({@code /proc/<pid>/status}) before and after give KB per connection.</li>
 *   <li>{@code rpc} ({@link Rpc}): {@code --callees} ephemeral service sessions register {@code --rpc-channel} and
 *       echo every {@code invoke} back as a {@code yield}; {@code --callers} connections each keep
 *       {@code --inflight} calls in flight until {@code --calls} round trips (after
 *       {@code --warmup-calls}) or {@code --duration}. Call data is {@code {"t":nanoTime}}; latency is
 *       the {@code result}'s receive nanoTime minus {@code t}. {@code error} answers are counted by code.</li>
 * </ul>
 * Every wait is bounded by {@code --timeout}; the program closes its sockets and exits by itself.
 * It ends with a summary block and one {@code RESULT key=value ...} line.
 *
 * <p>This class parses the options ({@link LoadOptions}) and runs the scenario; what the scenarios
 * share is in {@link LoadRun} (options, clients, deadline, errors), {@link Connector} (opening and
 * closing), the {@link Conn} subclasses (one per role), {@link Report}, {@link CpuSample} and
 * {@link ServerMemory}.
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

    private LoadGenerator() {
    }

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
            rc = run(o);
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

    /** Runs the scenario; the exit code is 0 only when its status is {@code ok}. */
    static int run(LoadOptions o) throws Exception {
        try (LoadRun run = new LoadRun(o)) {
            return switch (o.scenario) {
                case "idle" -> new Idle(run).run();
                case "rpc" -> new Rpc(run).run();
                default -> new FanOut(run).run();
            };
        }
    }
}
