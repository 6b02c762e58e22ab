package io.switchboard.bench;

import java.util.Locale;

/**
 * The rpc report: the callers' round trips and the callees' invokes added up, the run's final
 * status (a clean end with errors or unanswered calls is {@code errors}), printed as the summary
 * block and the {@code RESULT} line.
 */
final class RpcReport {
    private final LoadRun run;
    private final LoadOptions o;
    private final RpcCalls calls;
    private final Connected<CalleeConn> callees;
    private final Connected<CallerConn> callers;
    private final LatencyHistogram latency = new LatencyHistogram();
    private long results;
    private long measuredErrors;
    private long lastDone;
    private int maxQueued;
    private long minInvokes = Long.MAX_VALUE;
    private long maxInvokes;
    private long invokes;
    private int calleeQueued;
    private final long issued;
    private final long unanswered;
    private final String status;

    RpcReport(LoadRun run, RpcCalls calls, Connected<CalleeConn> callees, Connected<CallerConn> callers,
            String status) {
        this.run = run;
        this.o = run.o;
        this.calls = calls;
        this.callees = callees;
        this.callers = callers;
        this.lastDone = calls.measuredStartNs;
        for (CallerConn c : callers.conns) {
            latency.add(c.latency);
            results += c.results;
            measuredErrors += c.callErrors;
            lastDone = Math.max(lastDone, c.lastCallDoneNs);
            maxQueued = Math.max(maxQueued, c.maxQueued);
        }
        for (CalleeConn c : callees.conns) {
            invokes += c.invokes;
            minInvokes = Math.min(minInvokes, c.invokes);
            maxInvokes = Math.max(maxInvokes, c.invokes);
            calleeQueued = Math.max(calleeQueued, c.maxQueued);
        }
        this.issued = calls.issued.get();
        this.unanswered = issued - calls.done.get();
        this.status = finalStatus(status);
    }

    private String finalStatus(String status) {
        if (!calls.measuring) {
            return status.equals("ok") ? "warmup_unfinished" : status;
        }
        return status.equals("ok") && (run.errors.get() > 0 || unanswered > 0) ? "errors" : status;
    }

    String status() {
        return status;
    }

    /** {@code kickNs}: when the first calls went out, for the warmup's length. */
    void print(long kickNs, double genCpu, double srvCpu) {
        double spanS = calls.measuring ? (lastDone - calls.measuredStartNs) / 1e9 : 0;
        double rtPerS = spanS > 0 ? results / spanS : 0;
        String codes = calls.codes();
        printSummary(kickNs, spanS, rtPerS, codes);
        Report.printCpu(genCpu, srvCpu);
        run.printErrors();
        printResult(rtPerS, codes, genCpu, srvCpu);
    }

    private void printSummary(long kickNs, double spanS, double rtPerS, String codes) {
        System.out.println();
        System.out.println("== switchboard load: rpc ==");
        System.out.printf(Locale.ROOT, "target            %s, channel %s%n", run.uri, o.rpcChannel);
        System.out.printf(Locale.ROOT, "callees           %d (ephemeral services, echo); invokes per callee min %d max %d "
                + "(%d in all, warmup included); most yields queued on one socket %d%n",
                o.callees, minInvokes == Long.MAX_VALUE ? 0 : minInvokes, maxInvokes, invokes, calleeQueued);
        System.out.printf(Locale.ROOT, "callers           %d x %d calls in flight%s; most calls queued on one socket %d%n",
                o.callers, o.inflight, o.callTimeoutMs > 0 ? ", timeout " + o.callTimeoutMs + " ms" : "", maxQueued);
        System.out.printf(Locale.ROOT, "connect           callees: %s%n", callees.describe(o.connectConcurrency));
        System.out.printf(Locale.ROOT, "                  callers: %s%n", callers.describe(o.connectConcurrency));
        System.out.printf(Locale.ROOT, "calls             %d issued (%d warmup, %d measured asked for%s), %d unanswered, "
                + "status %s; warmup took %.3f s%n", issued, Math.min(issued, o.warmupCalls), o.calls,
                o.durationS > 0 ? ", at most " + o.durationS + " s" : "", unanswered, status,
                calls.measuring ? (calls.measuredStartNs - kickNs) / 1e9 : 0.0);
        System.out.printf(Locale.ROOT, "round trips       %d in %.3f s = %.0f round trips/s (measured window)%n",
                results, spanS, rtPerS);
        Report.printLatency(latency);
        System.out.printf(Locale.ROOT, "errors            %d (%d answering measured calls); by code: %s; "
                + "unexpected closes %d; foreign frames %d%n", run.errors.get(), measuredErrors,
                codes, run.unexpectedCloses.get(), run.foreign.get());
    }

    private void printResult(double rtPerS, String codes, double genCpu, double srvCpu) {
        System.out.printf(Locale.ROOT, "RESULT scenario=rpc callees=%d callers=%d inflight=%d calls=%d warmup_calls=%d "
                + "rt=%d rt_per_s=%.0f p50_ms=%s p90_ms=%s p99_ms=%s p999_ms=%s max_ms=%s errors=%d error_codes=%s "
                + "unanswered=%d invokes_min=%d invokes_max=%d connect_s=%.3f gen_cpu_pct=%.0f srv_cpu_pct=%.0f "
                + "status=%s%n",
                o.callees, o.callers, o.inflight, o.calls, o.warmupCalls, results, rtPerS,
                Report.ms(latency.percentile(50)), Report.ms(latency.percentile(90)),
                Report.ms(latency.percentile(99)), Report.ms(latency.percentile(99.9)), Report.ms(latency.max()),
                run.errors.get(), codes, unanswered, minInvokes == Long.MAX_VALUE ? 0 : minInvokes, maxInvokes,
                (callees.elapsedNs + callers.elapsedNs) / 1e9, genCpu, srvCpu, status);
    }
}
