package io.switchboard.bench;

import java.util.Arrays;

/**
 * Entry point for {@code mvn -Pbench compile exec:exec -Dbench=WHAT -Dbench.args="..."}.
 *
 * <ul>
 *   <li>{@code match} (default): JMH, {@link MatchBenchmark} only; extra args are JMH options
 *       (e.g. {@code -p subscriptions=100000 -rf json -rff target/bench/match.json});</li>
 *   <li>{@code jmh}: JMH with the args as given (regexps, options, {@code -l} to list, {@code -h});</li>
 *   <li>{@code load}: {@link LoadGenerator} against a running hub (see its {@code --help});</li>
 *   <li>{@code tree}: {@link TreeLoad}, chat-room and {@code /data} socket fan-out against a running hub;</li>
 *   <li>{@code sse}: {@link SseLoadGenerator}, SSE fan-out against a running hub;</li>
 *   <li>{@code mux}: {@link MuxBenchmark}, {@code /mux} topics against direct sockets on a running hub.</li>
 * </ul>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "match" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        switch (which) {
            case "match" -> {
                String[] jmh = Arrays.copyOf(rest, rest.length + 1);
                jmh[rest.length] = "io\\.switchboard\\.bench\\.MatchBenchmark\\.";
                org.openjdk.jmh.Main.main(jmh);
            }
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "load" -> LoadGenerator.main(rest);
            case "tree" -> TreeLoad.main(rest);
            case "sse" -> SseLoadGenerator.main(rest);
            case "mux" -> MuxBenchmark.main(rest);
            default -> {
                System.err.println("usage: Bench match|jmh|load|sse|tree|mux [args...]   (unknown: " + which + ")");
                System.exit(2);
            }
        }
    }
}
