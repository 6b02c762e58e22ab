package io.switchboard.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "patch", mixinStandardHelpOptions = true,
        description = "Changes the state document <channel> and prints its new rev.")
final class PatchCommand extends HubCommand {
    @Parameters(index = "0", paramLabel = "<channel>")
    String channel;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Change change;

    static final class Change {
        @Option(names = "--merge", paramLabel = "<json>", converter = JsonText.Converter.class,
                description = "A merge patch (RFC 7386): a JSON object; null removes a member.")
        JsonValue merge;

        @Option(names = "--ops", paramLabel = "<json>", converter = JsonText.Converter.class,
                description = "JSON Patch ops (RFC 6902): a JSON array.")
        JsonValue ops;
    }

    @Option(names = "--base", paramLabel = "<rev>", description = "Refused (conflict) unless the document is at this rev.")
    Long base;

    @Override
    public Integer call() {
        if (change.merge != null && !(change.merge instanceof JsonObject)) {
            throw new Exit.Failure(Exit.USAGE, "switchboard: --merge must be a JSON object");
        }
        if (change.ops != null && !(change.ops instanceof JsonArray)) {
            throw new Exit.Failure(Exit.USAGE, "switchboard: --ops must be a JSON array");
        }
        try (Hub hub = Hub.connect(options, err())) {
            long rev = hub.await(change.merge != null
                    ? hub.client.patchMerge(channel, (JsonObject) change.merge, base)
                    : hub.client.patchOps(channel, (JsonArray) change.ops, base));
            println(Long.toString(rev));
            return Exit.OK;
        }
    }
}
