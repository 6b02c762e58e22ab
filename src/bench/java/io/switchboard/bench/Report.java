package io.switchboard.bench;

import java.util.Locale;

/**
 * The lines the scenarios' reports share, and the number formats of all of them (scripts read the
 * {@code RESULT} lines: docs/benchmarks.md and src/bench/run-server-bench.sh).
 */
final class Report {

    private Report() {
    }

    static void printLatency(LatencyHistogram latency) {
        System.out.printf(Locale.ROOT, "latency ms        p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  mean %s%n",
                ms(latency.percentile(50)), ms(latency.percentile(90)), ms(latency.percentile(99)),
                ms(latency.percentile(99.9)), ms(latency.max()), ms((long) latency.mean()));
    }

    /** Either value is -1 when it is unknown (no server pid, or no measured window). */
    static void printCpu(double genCpu, double srvCpu) {
        System.out.printf(Locale.ROOT, "cpu               generator %.0f%% of a core%s%n", genCpu,
                srvCpu >= 0 ? String.format(Locale.ROOT, ", server %.0f%% of a core", srvCpu) : "");
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
