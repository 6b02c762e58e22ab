package io.switchboard.cli;

import io.switchboard.protocol.HistoryPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Prints a channel's held history as JSON lines, without subscribing.",
                "Each line is {\"ch\",\"data\",\"off\",\"at\"}: oldest first, or with --reverse newest first. "
                        + "What history no longer holds is said on stderr."})
final class HistoryCommand extends HubCommand {
    /** What one history request may ask for (the protocol's maximum). */
    private static final int PAGE = 1000;

    @Parameters(index = "0", paramLabel = "<channel>", description = "A channel (not a pattern).")
    String channel;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most N messages in all (default ${DEFAULT-VALUE}); asked page by page.")
    long limit;

    @Option(names = "--reverse", description = "Newest first, older than --since.")
    boolean reverse;

    @Option(names = "--since", paramLabel = "OFF",
            description = "Forward: the messages after offset OFF; with --reverse: those before it.")
    Long since;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new Exit.Failure(Exit.USAGE, "switchboard: --limit must be at least 1");
        }
        try (Hub hub = Hub.connect(options, err())) {
            long printed = 0;
            Long from = since;
            HistoryPage page;
            do {
                int ask = (int) Math.min(PAGE, limit - printed);
                page = hub.await(hub.client.history(channel, from, ask, reverse));
                if (page.gap() != null) {
                    say(page);
                }
                for (HistoryPage.Entry e : page.msgs()) {
                    println(JsonText.historyLine(page.ch(), e));
                }
                printed += page.msgs().size();
                from = page.next();
            } while (page.more() && printed < limit);
            return Exit.OK;
        }
    }

    private void say(HistoryPage page) {
        String what = page.gap().isEpoch() ? "--since is of another epoch (the hub's is now " + page.gap().epoch() + ")"
                : "offsets " + page.gap().from() + ".." + page.gap().to() + " of " + page.ch() + " are no longer held";
        synchronized (err()) {
            err().println("switchboard: gap: " + what);
            err().flush();
        }
    }
}
