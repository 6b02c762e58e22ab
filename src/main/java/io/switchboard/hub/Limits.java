package io.switchboard.hub;

/**
 * The limits in force, as {@code welcome.limits} names them, plus the timing and history
 * settings. Sizes in bytes, times in milliseconds, rate in frames per second.
 */
public record Limits(int frame, int hardFrame, int queue, long sessionTtl, int rate,
                     long heartbeat, int history, long historyTtl) {

    public static Limits defaults() {
        return new Limits(65536, 1048576, 10000, 120000, 1000, 25000, 100, 600000);
    }

    public String toJson() {
        return "{\"frame\":" + frame + ",\"hardFrame\":" + hardFrame + ",\"queue\":" + queue
                + ",\"sessionTtl\":" + sessionTtl + ",\"rate\":" + rate + "}";
    }
}
