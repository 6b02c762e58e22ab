package io.switchboard.bench;

/**
 * An rpc caller: keeps its share of calls in flight, each answer (result or error) sending the
 * next, and records the round trip of every measured result from its {@code data.t}.
 */
final class CallerConn extends ServiceConn {
    final LatencyHistogram latency = new LatencyHistogram();
    private final String name;
    long results;
    long callErrors;
    long lastCallDoneNs;

    CallerConn(LoadRun run, int index, RpcCalls calls) {
        super(run, index, calls);
        this.name = "c" + index;
    }

    /**
     * Sends the next call if the run still wants one (fewer than warmup + calls issued, not past
     * --duration); returns false if it does not. The id is {@code <name>-<n>} with n the run-wide
     * call number, so ids never repeat within a session (the hub answers a repeated id from its
     * memory instead of calling again).
     */
    boolean nextCall() {
        long n = calls.claim(run.closing);
        if (n < 0) {
            return false;
        }
        long t = System.nanoTime();
        calls.sent(n, t);
        send(calls.prefix + t + "},\"id\":\"" + name + "-" + n + "\"}");
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

    @Override
    void onResult() {
        long now = System.nanoTime();
        long n = callNumber(f.id);
        if (n < 0) {
            run.foreign.incrementAndGet();
            return;
        }
        if (n >= calls.warmup) {
            if (f.t != Long.MIN_VALUE) {
                latency.record(now - f.t);
            } else {
                run.error("conn " + index + ": result without data.t (id " + f.id + ")");
            }
            results++;
            lastCallDoneNs = now;
        }
        calls.done.incrementAndGet();
        nextCall();
    }

    /** An error that answers one of our calls ends that call: it is counted, and the next one goes out. */
    @Override
    void errorReceived() {
        super.errorReceived();
        long n = ready.isDone() ? callNumber(f.id) : -1;
        if (n < 0) {
            return; // not a call's answer (e.g. rate_limited has no id); counted as an error only
        }
        if (n >= calls.warmup) {
            callErrors++;
            lastCallDoneNs = System.nanoTime();
        }
        calls.done.incrementAndGet();
        nextCall();
    }
}
