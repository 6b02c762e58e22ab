package io.switchboard.bench;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.channels.PatternTrie;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Matching published channels against {@link PatternTrie} with 1,000 and 100,000 subscriptions
 * (the mix of {@link ChannelWorkload}: 70% literal, 20% {@code *}, 10% {@code **}).
 *
 * <p>Each operation is one {@code trie.match(path, sink)} over the next channel of a pre-generated,
 * seeded array of 16,384 channels (all distinct, or cycling through 256: see {@link #distinct});
 * every subscriber delivered goes to a Blackhole. The score is
 * matches per second (ops/s); the {@code delivered} counter is subscribers delivered per second, so
 * delivered / ops is the average number of subscribers a channel matched (~the same at both sizes by
 * construction). {@code matchSet} is the same through the allocating {@code Set<T> match(path)}.
 *
 * <p>Kept short for a 2-core machine: 1 fork, 3 x 2 s warmup, 5 x 2 s measurement, 1 thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
@State(Scope.Benchmark)
public class MatchBenchmark {

    static final int CHANNELS = 1 << 14;

    @Param({"1000", "100000"})
    public int subscriptions;

    /**
     * How many distinct channels the 16,384 published ones cycle through: 16384 spreads matching over
     * the whole trie (cache misses grow with its size), 256 keeps the touched part of the trie in
     * cache, which isolates the algorithmic cost from the memory hierarchy.
     */
    @Param({"16384", "256"})
    public int distinct;

    PatternTrie<Integer> trie;
    ChannelPath[] channels;

    @Setup(Level.Trial)
    public void setUp() {
        ChannelWorkload workload = new ChannelWorkload(subscriptions);
        List<ChannelPattern> patterns = workload.patterns(subscriptions, 42);
        trie = ChannelWorkload.trie(patterns);
        ChannelPath[] generated = workload.channels(CHANNELS, 4242);
        channels = new ChannelPath[CHANNELS];
        for (int i = 0; i < CHANNELS; i++) {
            channels[i] = generated[i % distinct];
        }
        long matched = 0;
        for (ChannelPath c : channels) {
            matched += trie.match(c).size();
        }
        System.out.printf("%n# %d subscriptions, %d published channels (%d distinct), %.2f subscribers matched"
                + " per channel%n", trie.size(), channels.length, distinct, matched / (double) channels.length);
    }

    /** Per-thread cursor, sink and the "delivered" counter JMH reports next to ops/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Cursor implements Consumer<Integer> {
        int next;
        Blackhole bh;
        public long delivered;

        @Setup(Level.Iteration)
        public void reset() {
            delivered = 0;
        }

        @Override
        public void accept(Integer subscriber) {
            delivered++;
            bh.consume(subscriber);
        }

        ChannelPath next(ChannelPath[] channels) {
            return channels[next++ & (CHANNELS - 1)];
        }
    }

    @Benchmark
    public void match(Cursor cursor, Blackhole bh) {
        cursor.bh = bh;
        trie.match(cursor.next(channels), cursor);
    }

    @Benchmark
    public Set<Integer> matchSet(Cursor cursor) {
        Set<Integer> s = trie.match(cursor.next(channels));
        cursor.delivered += s.size();
        return s;
    }
}
