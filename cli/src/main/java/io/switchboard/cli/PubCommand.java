package io.switchboard.cli;

import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pub", mixinStandardHelpOptions = true,
        description = "Publishes <json> on <channel> and prints the message's offset.")
final class PubCommand extends HubCommand {
    @Parameters(index = "0", paramLabel = "<channel>")
    String channel;

    @Parameters(index = "1", paramLabel = "<json>", converter = JsonText.Converter.class,
            description = "The data, as JSON (a string needs its quotes: '\"hi\"').")
    JsonValue data;

    @Option(names = "--retain", description = "Keep it as the channel's retained value (null clears it).")
    boolean retain;

    @Override
    public Integer call() {
        try (Hub hub = Hub.connect(options, err())) {
            long off = hub.await(hub.client.publish(channel, data, retain));
            println(Long.toString(off));
            return Exit.OK;
        }
    }
}
