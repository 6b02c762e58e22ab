package io.switchboard.hub;

/** Each budget (docs/protocol.md, Budgets) that answers {@code overloaded}, by the metric that counts its refusals. */
public enum Budget {
    RETAINED("retained"), SESSIONS_PER_USER("sessions.user"), SESSIONS_PER_ADDRESS("sessions.address"),
    SUBSCRIPTIONS("subscriptions"), CALLS("calls"), DOCUMENTS("documents"), MUX_TOPICS("mux.topics"),
    /** History answers a session asked for faster than it reads them (limits.queueBytes). */
    HISTORY("history");

    private final String metric;

    Budget(String metric) {
        this.metric = metric;
    }

    /** {@code switchboard.overloaded.<this>}: how many requests this bound refused. */
    public String metric() {
        return "switchboard.overloaded." + metric;
    }
}
