package io.switchboard.bench;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The load side of {@code src/bench/side-by-side.sh}: one scenario against one server, the hub or
 * nginx + nchan, with the same code for both (only {@link Peer} knows which is which). Prints a
 * summary and one {@code RESULT} line, which {@link SideBySideTable} turns into the comparison.
 *
 * <pre>
 *   SideBySide --peer hub|nchan --port P --server-pid PID --scenario idle   [--connections 10000] [--java-heap true]
 *   SideBySide --peer hub|nchan --port P --server-pid PID --scenario fanout [--subscribers 1000] [--window 8]
 *              [--duration 20] [--size 100] [--warmup 0 (seconds of the same fan-out first, not counted)]
 *   common: [--host 127.0.0.1] [--clients 4] [--connect-concurrency 64] [--settle-ms 3000] [--stall 10] [--timeout 600]
 * </pre>
 */
public final class SideBySide {

    private static final Map<String, String> DEFAULTS = defaults();

    private SideBySide() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("peer", "");
        d.put("scenario", "idle");
        d.put("host", "127.0.0.1");
        d.put("port", "");
        d.put("server-pid", "");
        d.put("connections", "10000");
        d.put("java-heap", "false");
        d.put("subscribers", "1000");
        d.put("window", "8");
        d.put("duration", "20");
        d.put("warmup", "0");
        d.put("size", "100");
        d.put("clients", "4");
        d.put("connect-concurrency", "64");
        d.put("settle-ms", "3000");
        d.put("stall", "10");
        d.put("timeout", "600");
        d.put("generator", "jdk");
        d.put("sources", "0");
        return d;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = parse(args);
        Peer peer = Peer.named(o.get("peer"));
        InetAddress host = InetAddress.getByName(o.get("host"));
        if (!host.isLoopbackAddress()) {
            throw new IllegalArgumentException("refusing " + host + ": the side-by-side load only targets loopback");
        }
        String base = host.getHostAddress() + ":" + Integer.parseInt(o.get("port"));
        ServerProcess server = new ServerProcess(Long.parseLong(o.get("server-pid")));
        Subscribers sockets = new Subscribers(peer, base, num(o, "clients"), num(o, "connect-concurrency"));
        long timeoutS = num(o, "timeout");
        String line;
        String status;
        switch (o.get("scenario")) {
            case "idle" -> {
                int n = num(o, "connections");
                // One loopback source address per 25,000 sockets, unless said: each has ~28,000 ports to one server port.
                int sources = num(o, "sources") > 0 ? num(o, "sources") : (n + 24_999) / 25_000;
                NioSockets nio = "nio".equals(o.get("generator"))
                        ? new NioSockets(peer, base, sources, num(o, "connect-concurrency")) : null;
                IdleRun.Result r = new IdleRun(peer, sockets, nio, server, Boolean.parseBoolean(o.get("java-heap")))
                        .run(n, num(o, "settle-ms"), timeoutS);
                line = r.resultLine(peer);
                status = r.failed() == 0 ? "ok" : "failed";
            }
            case "fanout" -> {
                if (num(o, "warmup") > 0) {
                    // The same run on a channel of its own, in this JVM: warms the server and the generator alike.
                    FanoutRun.Result w = fanout(peer, base, sockets, server, o).run(num(o, "warmup"), num(o, "stall"), timeoutS);
                    System.out.println("warmup (not counted): " + w.resultLine(peer).substring("RESULT ".length()));
                }
                FanoutRun.Result r = fanout(peer, base, sockets, server, o).run(num(o, "duration"), num(o, "stall"), timeoutS);
                line = r.resultLine(peer);
                status = r.status();
            }
            default -> throw new IllegalArgumentException("unknown scenario " + o.get("scenario") + " (idle or fanout)");
        }
        System.out.println(line);
        System.exit(status.equals("ok") ? 0 : 1);
    }

    private static FanoutRun fanout(Peer peer, String base, Subscribers sockets, ServerProcess server,
                                    Map<String, String> o) {
        return new FanoutRun(peer, base, sockets, server, num(o, "subscribers"), num(o, "window"), num(o, "size"));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i + 1 < args.length; i += 2) {
            String k = args[i].replaceFirst("^--?", "");
            if (!o.containsKey(k)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + o.keySet());
            }
            o.put(k, args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option without a value: " + args[args.length - 1]);
        }
        for (String required : new String[] {"peer", "port", "server-pid"}) {
            if (o.get(required).isEmpty()) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        System.out.println("side-by-side: " + o.toString().toLowerCase(Locale.ROOT));
        return o;
    }

    private static int num(Map<String, String> o, String key) {
        return Integer.parseInt(o.get(key));
    }
}
