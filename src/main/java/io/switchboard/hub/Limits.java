package io.switchboard.hub;

/**
 * The limits in force, as {@code welcome.limits} names them, plus the timing and history
 * settings and the {@link Budgets}. Sizes in bytes, times in milliseconds, rate in frames per second.
 */
public record Limits(int frame, int hardFrame, int queue, long sessionTtl, int rate,
                     long heartbeat, int history, long historyTtl, Budgets budgets) {

    /** The limits with the default budgets. */
    public Limits(int frame, int hardFrame, int queue, long sessionTtl, int rate, long heartbeat, int history,
                  long historyTtl) {
        this(frame, hardFrame, queue, sessionTtl, rate, heartbeat, history, historyTtl, Budgets.defaults());
    }

    public static Limits defaults() {
        return new Limits(65536, 1048576, 10000, 120000, 1000, 25000, 100, 600000);
    }

    public Limits with(Budgets b) {
        return new Limits(frame, hardFrame, queue, sessionTtl, rate, heartbeat, history, historyTtl, b);
    }

    public String toJson() {
        return "{\"frame\":" + frame + ",\"hardFrame\":" + hardFrame + ",\"queue\":" + queue
                + ",\"sessionTtl\":" + sessionTtl + ",\"rate\":" + rate + "," + budgets.toJsonFields() + "}";
    }
}
