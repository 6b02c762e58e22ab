package io.switchboard.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follows the state document <channel> and prints it as JSON lines.",
                "First the snapshot {\"ch\",\"rev\",\"data\"}, then each change as {\"ch\",\"rev\",\"ops\",\"data\"} "
                        + "(ops as RFC 6902, data the whole document after it); until --count lines or Ctrl+C."})
final class WatchCommand extends HubCommand {
    @Parameters(index = "0", paramLabel = "<channel>")
    String channel;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N lines (the snapshot counts).")
    Long count;

    @Override
    public Integer call() {
        if (count != null && count < 1) {
            throw new Exit.Failure(Exit.USAGE, "switchboard: --count must be at least 1");
        }
        try (Hub hub = Hub.connect(options, err())) {
            AtomicLong lines = new AtomicLong();
            CompletableFuture<Void> done = new CompletableFuture<>();
            hub.ended().whenComplete((v, t) -> done.completeExceptionally(t));
            var view = hub.client.watch(channel, v -> {
                long n = lines.incrementAndGet();
                if (count == null || n <= count) {
                    println(JsonText.documentLine(v.channel(), v.rev(), v.lastOps(), v.current()));
                }
                if (count != null && n >= count) {
                    done.complete(null);
                }
            });
            hub.await(view.ready());
            done.join();
            return Exit.OK;
        }
    }
}
