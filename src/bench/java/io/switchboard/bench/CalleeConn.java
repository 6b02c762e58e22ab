package io.switchboard.bench;

/** An rpc callee: registered on --rpc-channel, it echoes every invoke's data back as its yield. */
final class CalleeConn extends ServiceConn {
    private final StringBuilder out = new StringBuilder(96);
    long invokes;

    CalleeConn(LoadRun run, int index, RpcCalls calls) {
        super(run, index, calls);
        readyId = "r";
    }

    /** Echoes the invoke's data straight back: {@code {"op":"yield","id":I,"data":D}}. */
    @Override
    void onInvoke(char[] buf) {
        if (f.id == null || f.dataStart < 0) {
            run.foreign.incrementAndGet();
            return;
        }
        invokes++;
        out.setLength(0);
        out.append("{\"op\":\"yield\",\"id\":\"").append(f.id).append("\",\"data\":")
                .append(buf, f.dataStart, f.dataEnd - f.dataStart).append('}');
        send(out.toString());
    }
}
