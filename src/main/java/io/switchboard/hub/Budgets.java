package io.switchboard.hub;

/**
 * What a client can make the hub keep, bounded by count and by bytes (docs/protocol.md, Budgets). Each field is a
 * {@code switchboard.limits.*} setting; those a client can hit are named in {@code welcome.limits}.
 *
 * @param queueBytes        a session's unacked (or unwritten) frames, in bytes
 * @param historyBytes      history and retained values of every channel together, in bytes
 * @param retainedTtl       how long a retained value is kept, ms; 0 keeps it until cleared
 * @param sessionsPerUser   live sessions of one authenticated user
 * @param sessionsPerAddress poll sessions and SSE streams from one remote address
 * @param subscriptions     patterns one session subscribes to
 * @param recentIds         frame ids (and their answers) one session remembers
 * @param callsPerSession   calls one session has waiting for a callee
 * @param calls             calls waiting in all
 * @param documents         state documents in all
 * @param documentBytes     one state document's JSON text, in bytes
 * @param muxTopics         topics open on one {@code /mux} socket
 */
public record Budgets(long queueBytes, long historyBytes, long retainedTtl, int sessionsPerUser, int sessionsPerAddress,
                      int subscriptions, int recentIds, int callsPerSession, int calls, int documents,
                      int documentBytes, int muxTopics) {

    public static Budgets defaults() {
        return new Budgets(4L << 20, 64L << 20, 0, 256, 64, 1000, 1000, 256, 10_000, 10_000, 65536, 64);
    }

    /** The fields a client can hit, for {@code welcome.limits} (without the enclosing braces). */
    String toJsonFields() {
        return "\"queueBytes\":" + queueBytes + ",\"historyBytes\":" + historyBytes + ",\"retainedTtl\":" + retainedTtl
                + ",\"sessionsPerUser\":" + sessionsPerUser + ",\"sessionsPerAddress\":" + sessionsPerAddress
                + ",\"subscriptions\":" + subscriptions + ",\"recentIds\":" + recentIds
                + ",\"callsPerSession\":" + callsPerSession + ",\"calls\":" + calls + ",\"documents\":" + documents
                + ",\"documentBytes\":" + documentBytes + ",\"muxTopics\":" + muxTopics;
    }
}
