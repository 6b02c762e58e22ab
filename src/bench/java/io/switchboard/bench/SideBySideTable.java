package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the {@code RESULT} lines of one {@code side-by-side.sh} run into its comparison: one row
 * per server and a row of ratios (Switchboard / nchan), then the details behind them. Reads the
 * lines named {@code idle} and {@code fanout}; a figure whose run did not end {@code ok} is shown
 * with its status instead of a number.
 *
 * <pre>  SideBySideTable results.txt</pre>
 */
public final class SideBySideTable {

    private final Map<String, Map<String, String>> byName = new HashMap<>();

    private SideBySideTable(List<String> lines) {
        for (String line : lines) {
            if (!line.startsWith("RESULT ")) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (String pair : line.substring(7).trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            byName.put(fields.get("peer") + "/" + fields.get("name"), fields);
        }
    }

    public static void main(String[] args) throws IOException {
        SideBySideTable t = new SideBySideTable(Files.readAllLines(Path.of(args[0])));
        System.out.print(t.summary());
        System.out.println();
        System.out.print(t.details());
    }

    String summary() {
        Map<String, String> idle = byName.getOrDefault("nchan/idle", byName.getOrDefault("hub/idle", Map.of()));
        String connections = idle.getOrDefault("connections", "N");
        StringBuilder out = new StringBuilder();
        out.append("| server | KB per idle connection (RSS) | time to connect ").append(thousands(connections))
                .append(" | fan-out deliveries/s | server CPU | deliveries per CPU-second |\n");
        out.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Peer p : new Peer[] {Peer.NCHAN, Peer.HUB}) {
            String peer = p.name().toLowerCase(Locale.ROOT);
            out.append("| ").append(p.title)
                    .append(" | ").append(field(peer, "idle", "rss_kb_per_conn", v -> fixed(v, 1)))
                    .append(" | ").append(field(peer, "idle", "connect_s", v -> fixed(v, 1) + " s"))
                    .append(" | ").append(field(peer, "fanout", "deliveries_per_s", v -> thousands(v)))
                    .append(" | ").append(field(peer, "fanout", "srv_cpu_pct", v -> fixed(v, 0) + " %"))
                    .append(" | ").append(field(peer, "fanout", "deliveries_per_cpu_s", v -> thousands(v)))
                    .append(" |\n");
        }
        out.append("| Switchboard / nchan")
                .append(" | ").append(ratio("idle", "rss_kb_per_conn"))
                .append(" | ").append(ratio("idle", "connect_s"))
                .append(" | ").append(ratio("fanout", "deliveries_per_s"))
                .append(" | ").append(ratio("fanout", "srv_cpu_pct"))
                .append(" | ").append(ratio("fanout", "deliveries_per_cpu_s"))
                .append(" |\n");
        return out.toString();
    }

    String details() {
        StringBuilder out = new StringBuilder();
        out.append("| server | heap KB per idle connection | RSS before / after (MB) | CPU while connecting, server / generator "
                + "| fan-out p50 / p99 / p99.9 ms "
                + "| generator CPU | sent / delivered | lost / duplicates | load average idle / fan-out (before → after) |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Peer p : new Peer[] {Peer.NCHAN, Peer.HUB}) {
            String peer = p.name().toLowerCase(Locale.ROOT);
            out.append("| ").append(p.title)
                    .append(" | ").append(field(peer, "idle", "heap_kb_per_conn",
                            v -> Double.parseDouble(v) < 0 ? "(not a JVM)" : fixed(v, 1)))
                    .append(" | ").append(field(peer, "idle", "rss_before_mb", Function.identity())).append(" / ")
                    .append(field(peer, "idle", "rss_after_mb", Function.identity()))
                    .append(" | ").append(field(peer, "idle", "connect_srv_cpu_pct", v -> fixed(v, 0) + " %")).append(" / ")
                    .append(field(peer, "idle", "connect_gen_cpu_pct", v -> fixed(v, 0) + " %"))
                    .append(" | ").append(field(peer, "fanout", "p50_ms", Function.identity())).append(" / ")
                    .append(field(peer, "fanout", "p99_ms", Function.identity())).append(" / ")
                    .append(field(peer, "fanout", "p999_ms", Function.identity()))
                    .append(" | ").append(field(peer, "fanout", "gen_cpu_pct", v -> fixed(v, 0) + " %"))
                    .append(" | ").append(field(peer, "fanout", "sent", Function.identity())).append(" / ")
                    .append(field(peer, "fanout", "delivered", Function.identity()))
                    .append(" | ").append(field(peer, "fanout", "lost", Function.identity())).append(" / ")
                    .append(field(peer, "fanout", "duplicates", Function.identity()))
                    .append(" | ").append(loadAverages(peer, "idle")).append(" / ").append(loadAverages(peer, "fanout"))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** A field of one run, formatted; the run's status when it did not end ok; "n/a" when it is missing. */
    private String field(String peer, String name, String key, Function<String, String> format) {
        Map<String, String> run = byName.get(peer + "/" + name);
        if (run == null || !run.containsKey(key)) {
            return "n/a";
        }
        String status = run.getOrDefault("status", "ok");
        return status.equals("ok") ? format.apply(run.get(key)) : "(" + status + ")";
    }

    private String loadAverages(String peer, String name) {
        Map<String, String> run = byName.getOrDefault(peer + "/" + name, Map.of());
        return run.getOrDefault("loadavg_before", "?") + " → " + run.getOrDefault("loadavg_after", "?");
    }

    private String ratio(String name, String key) {
        Map<String, String> hub = byName.get("hub/" + name);
        Map<String, String> nchan = byName.get("nchan/" + name);
        if (hub == null || nchan == null || !"ok".equals(hub.get("status")) || !"ok".equals(nchan.get("status"))) {
            return "n/a";
        }
        double below = Double.parseDouble(nchan.get(key));
        return below == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f ×", Double.parseDouble(hub.get(key)) / below);
    }

    private static String fixed(String v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", Double.parseDouble(v));
    }

    private static String thousands(String v) {
        try {
            return String.format(Locale.ROOT, "%,d", Math.round(Double.parseDouble(v)));
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
