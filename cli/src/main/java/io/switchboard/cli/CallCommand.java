package io.switchboard.cli;

import jakarta.json.JsonValue;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Calls the callee of <channel> with <json> and prints the result as JSON.")
final class CallCommand extends HubCommand {
    @Parameters(index = "0", paramLabel = "<channel>")
    String channel;

    @Parameters(index = "1", paramLabel = "<json>", converter = JsonText.Converter.class, description = "The call's data, as JSON.")
    JsonValue data;

    @Option(names = "--timeout", paramLabel = "<ms>", description = "How long the callee may take (the hub's default: 10000).")
    Long timeout;

    @Override
    public Integer call() {
        if (timeout != null && timeout < 1) {
            throw new Exit.Failure(Exit.USAGE, "switchboard: --timeout must be at least 1 ms");
        }
        try (Hub hub = Hub.connect(options, err())) {
            Duration t = timeout == null ? null : Duration.ofMillis(timeout);
            // The library fails the call with `timeout` a little after it; this bound is a last resort.
            Duration bound = (t == null ? Duration.ofSeconds(10) : t).plus(options.connectTimeout());
            JsonValue result = hub.await(hub.client.call(channel, data, t), bound);
            println(result.toString());
            return Exit.OK;
        }
    }
}
