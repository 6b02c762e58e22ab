package io.switchboard.bench;

/**
 * A log-linear histogram of nanosecond values, HdrHistogram-style without the dependency: values
 * below 128 are exact, above that each power of two is cut into 128 equal buckets, so any reported
 * percentile is within 1/128 (0.8%) of the recorded value. Covers up to 2^42 ns (~73 minutes);
 * larger values are clamped. Not thread-safe: one per recording thread or connection, then
 * {@link #add}.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_BIT = 42;
    private static final long MAX_VALUE = (1L << MAX_BIT) - 1;
    private static final int SIZE = (MAX_BIT - SUB_BITS + 1) * SUB;

    private final long[] counts = new long[SIZE];
    private long total;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private double sum;

    public void record(long value) {
        long v = value < 0 ? 0 : Math.min(value, MAX_VALUE);
        counts[index(v)]++;
        total++;
        sum += v;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < SIZE; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public long count() {
        return total;
    }

    public long max() {
        return total == 0 ? 0 : max;
    }

    public long min() {
        return total == 0 ? 0 : min;
    }

    public double mean() {
        return total == 0 ? 0 : sum / total;
    }

    /** The value at percentile {@code p} (0..100): midpoint of its bucket, capped at the max seen. */
    public long percentile(double p) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < SIZE; i++) {
            seen += counts[i];
            if (seen >= rank) {
                long lo = lowest(i);
                long hi = highest(i);
                return Math.max(min, Math.min(max, lo + (hi - lo) / 2));
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        return (int) ((long) shift * SUB + (v >>> shift));
    }

    static long lowest(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long mantissa = index - (long) shift * SUB;
        return mantissa << shift;
    }

    static long highest(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long mantissa = index - (long) shift * SUB;
        return ((mantissa + 1) << shift) - 1;
    }
}
