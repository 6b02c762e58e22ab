package io.switchboard.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Answers the calls of <pattern> by running <command> for each.",
                "The call's data (JSON) goes to the command's standard input. Exit 0: its standard output is the "
                        + "result (JSON, else the text as a JSON string; nothing at all is null). Another exit code: "
                        + "the caller gets callee_error with the command's standard error as message. "
                        + "Runs until --count calls or Ctrl+C.",
                "Put -- before a command that has options of its own: serve /rpc/up -- tr a-z A-Z"})
final class ServeCommand extends HubCommand {
    @Parameters(index = "0", paramLabel = "<pattern>", description = "The channel or pattern to answer.")
    String pattern;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "<command>", description = "The command and its arguments.")
    List<String> command;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "How many calls may run at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--max-time", paramLabel = "<ms>", defaultValue = "60000",
            description = "Stop a command running longer, and fail that call (default ${DEFAULT-VALUE}).")
    long maxTime;

    @Option(names = "--count", paramLabel = "N", description = "Stop after answering N calls.")
    Long count;

    @Override
    public Integer call() {
        if (parallel < 1 || maxTime < 1 || count != null && count < 1) {
            throw new Exit.Failure(Exit.USAGE, "switchboard: --parallel, --max-time and --count must be at least 1");
        }
        CommandRunner runner = new CommandRunner(command, Duration.ofMillis(maxTime));
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "switchboard-serve");
            t.setDaemon(true);
            return t;
        });
        try (Hub hub = Hub.connect(options, err())) {
            AtomicLong answered = new AtomicLong();
            CompletableFuture<Void> done = new CompletableFuture<>();
            hub.ended().whenComplete((v, t) -> done.completeExceptionally(t));
            hub.await(hub.client.register(pattern, inv -> CompletableFuture.supplyAsync(() -> {
                try {
                    return runner.answer(inv.data());
                } catch (CommandRunner.Failed e) {
                    err().println("switchboard: call of " + inv.channel() + " failed: " + e.getMessage());
                    err().flush();
                    throw e;
                }
            }, pool).whenComplete((v, t) -> {
                if (count != null && answered.incrementAndGet() >= count) {
                    // Let the yield go out before the session ends.
                    CompletableFuture.delayedExecutor(300, java.util.concurrent.TimeUnit.MILLISECONDS)
                            .execute(() -> done.complete(null));
                }
            })));
            err().println("switchboard: serving " + pattern + " with " + String.join(" ", command));
            err().flush();
            done.join();
            return Exit.OK;
        } finally {
            pool.shutdownNow();
        }
    }
}
