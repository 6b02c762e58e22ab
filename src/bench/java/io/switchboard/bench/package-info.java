/**
 * Benchmarks for the hub; compiled only under the Maven profile {@code -Pbench} (into
 * {@code target/bench/}) and never part of the WAR. See {@code docs/benchmarks.md}.
 *
 * <p>This package owns:
 * <ul>
 *   <li>{@link io.switchboard.bench.Bench}: the one entry point {@code exec:exec} runs
 *       ({@code match}, {@code jmh} or {@code load});</li>
 *   <li>{@link io.switchboard.bench.MatchBenchmark} and {@link io.switchboard.bench.ChannelWorkload}:
 *       the JMH benchmark of {@link io.switchboard.channels.PatternTrie} matching and the seeded
 *       subscription/channel mix it runs on;</li>
 *   <li>{@link io.switchboard.bench.LoadGenerator}: a WebSocket load generator (JDK
 *       {@code java.net.http} only) that drives a running hub on loopback with one scenario class
 *       each: {@link io.switchboard.bench.FanOut} (fanout and acks), {@link io.switchboard.bench.Idle}
 *       and {@link io.switchboard.bench.Rpc}. They share {@link io.switchboard.bench.LoadOptions},
 *       {@link io.switchboard.bench.LoadRun}, {@link io.switchboard.bench.Connector}, a
 *       {@link io.switchboard.bench.Conn} subclass per role, {@link io.switchboard.bench.Report},
 *       {@link io.switchboard.bench.LatencyHistogram} and {@link io.switchboard.bench.FrameScanner};
 *       {@link io.switchboard.bench.TcpSubscribers} holds fan-out subscribers over the hub's TCP
 *       lines ({@code --transport tcp}).</li>
 *   <li>{@link io.switchboard.bench.SideBySide}: the load of {@code src/bench/side-by-side.sh}, the
 *       same idle and fan-out scenarios against the hub and against nginx + nchan
 *       ({@link io.switchboard.bench.Peer} is all that differs), with
 *       {@link io.switchboard.bench.SideBySideTable} printing the comparison.</li>
 * </ul>
 * The script {@code src/bench/run-server-bench.sh} runs the load scenarios against a Payara Micro
 * pinned to core 0 with the generator pinned to core 1.
 */
package io.switchboard.bench;
