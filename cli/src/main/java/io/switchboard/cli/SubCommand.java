package io.switchboard.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sub", mixinStandardHelpOptions = true,
        description = {"Subscribes to <pattern> and prints each message as a JSON line.",
                "Each line is {\"ch\",\"data\",\"off\",\"from\"} (from is null when the hub does not say); "
                        + "it runs until --count messages or Ctrl+C."})
final class SubCommand extends HubCommand {
    @Parameters(index = "0", paramLabel = "<pattern>", description = "A channel or pattern (* one segment, ** any).")
    String pattern;

    @Option(names = "--since", paramLabel = "N", description = "First replay the held messages after offset N.")
    Long since;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N messages.")
    Long count;

    @Override
    public Integer call() {
        if (count != null && count < 1) {
            throw new Exit.Failure(Exit.USAGE, "switchboard: --count must be at least 1");
        }
        try (Hub hub = Hub.connect(options, err())) {
            AtomicLong seen = new AtomicLong();
            CompletableFuture<Void> done = new CompletableFuture<>();
            hub.ended().whenComplete((v, t) -> done.completeExceptionally(t));
            hub.await(hub.client.subscribe(pattern, since, m -> {
                long n = seen.incrementAndGet();
                if (count == null || n <= count) {
                    println(JsonText.line(m));
                }
                if (count != null && n >= count) {
                    done.complete(null);
                }
            }));
            done.join();
            return Exit.OK;
        }
    }
}
