package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The rpc scenario: --callees echo services registered on --rpc-channel, and --callers each keeping
 * --inflight calls in flight until --calls round trips after --warmup-calls (or --duration);
 * {@link RpcReport} says how it went.
 */
final class Rpc {
    private final LoadRun run;
    private final LoadOptions o;
    private final Connector connector;
    private final RpcCalls calls;
    /** Taken when the measurement starts, after the warmup; null until then. */
    private CpuSample cpu0;

    Rpc(LoadRun run) {
        this.run = run;
        this.o = run.o;
        this.connector = new Connector(run);
        this.calls = new RpcCalls(o);
    }

    int run() throws Exception {
        System.out.printf(Locale.ROOT, "load: rpc, %d callees, %d callers x %d in flight on %s, %d calls "
                        + "(+%d warmup)%s, target %s%n", o.callees, o.callers, o.inflight, o.rpcChannel, o.calls,
                o.warmupCalls, o.durationS > 0 ? ", at most " + o.durationS + " s" : "", run.uri);
        Connected<CalleeConn> callees = connectCallees();
        Connected<CallerConn> callers = connectCallers();
        if (callees.failed > 0 || callers.failed > 0 || run.remainingNs() == 0) {
            return connectFailed(callees, callers);
        }

        // Every caller starts with --inflight calls; each answer (result or error) sends the next one.
        long kickNs = System.nanoTime();
        for (int k = 0; k < o.inflight; k++) {
            for (CallerConn c : callers.conns) {
                c.nextCall();
            }
        }
        String status = awaitCalls();
        calls.stop = true;
        CpuSample cpu1 = CpuSample.now(o.serverPid);
        connector.closeAll(callers.conns, callees.conns);
        RpcReport report = new RpcReport(run, calls, callees, callers, status);
        report.print(kickNs, cpu0 != null ? cpu1.genPct(cpu0) : -1, cpu0 != null ? cpu1.serverPct(cpu0) : -1);
        return report.status().equals("ok") ? 0 : 1;
    }

    private Connected<CalleeConn> connectCallees() throws InterruptedException {
        String register = "{\"op\":\"register\",\"ch\":\"" + o.rpcChannel + "\",\"id\":\"r\"}";
        List<CalleeConn> list = new ArrayList<>(o.callees);
        for (int i = 0; i < o.callees; i++) {
            list.add(new CalleeConn(run, i, calls));
        }
        Connected<CalleeConn> callees = connector.connectList(list, run.uri, i -> connector.serviceHello(), i -> register);
        callees.readyWhat = "register ok";
        return callees;
    }

    private Connected<CallerConn> connectCallers() throws InterruptedException {
        List<CallerConn> list = new ArrayList<>(o.callers);
        for (int i = 0; i < o.callers; i++) {
            list.add(new CallerConn(run, i, calls));
        }
        Connected<CallerConn> callers = connector.connectList(list, run.uri, i -> connector.serviceHello(), i -> null);
        callers.readyWhat = "welcome";
        return callers;
    }

    private int connectFailed(Connected<CalleeConn> callees, Connected<CallerConn> callers) {
        System.out.printf(Locale.ROOT, "load: %d of %d callees and %d of %d callers failed to connect%n",
                callees.failed, o.callees, callers.failed, o.callers);
        run.printErrors();
        connector.closeAll(callees.conns, callers.conns);
        System.out.printf(Locale.ROOT, "RESULT scenario=rpc callees=%d callers=%d inflight=%d calls=%d "
                + "status=connect_failed connect_failed=%d%n", o.callees, o.callers, o.inflight, o.calls,
                callees.failed + callers.failed);
        return 1;
    }

    /**
     * Waits until every call the run wanted is answered: {@code ok}, or {@code timeout} at the
     * deadline, or {@code stalled} when no answer comes for --stall seconds. Stops the calling at
     * --duration after the measurement started.
     */
    private String awaitCalls() {
        long stopAt = 0;
        long lastDone = -1;
        long lastMove = System.nanoTime();
        boolean quietOnce = false;
        long stallNs = TimeUnit.SECONDS.toNanos(o.stallS);
        while (true) {
            long now = System.nanoTime();
            if (cpu0 == null && calls.measuring) {
                cpu0 = CpuSample.now(o.serverPid);
                stopAt = calls.measuredStartNs + TimeUnit.SECONDS.toNanos(o.durationS);
            }
            if (o.durationS > 0 && cpu0 != null && now - stopAt > 0) {
                calls.stop = true;
            }
            long issued = calls.issued.get();
            long done = calls.done.get();
            // Seen twice in a row, so a caller that was just sending one more call is not cut off.
            boolean quiet = done >= issued && (issued >= calls.total || calls.stop);
            if (quiet && quietOnce) {
                return "ok";
            }
            quietOnce = quiet;
            if (run.pastDeadline(now)) {
                return "timeout";
            }
            if (done != lastDone) {
                lastDone = done;
                lastMove = now;
            } else if (now - lastMove > stallNs) {
                return "stalled";
            }
            LockSupport.parkNanos(2_000_000);
        }
    }
}
