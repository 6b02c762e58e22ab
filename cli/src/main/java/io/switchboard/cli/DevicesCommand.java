package io.switchboard.cli;

import picocli.CommandLine.Command;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Prints the hub's devices (GET <http>/api/devices) as it answers them (JSON).")
final class DevicesCommand extends HubCommand {
    @Override
    public Integer call() {
        String body = HttpGet.get(options, "/api/devices", "this hub does not serve /api/devices");
        println(body.stripTrailing());
        return Exit.OK;
    }
}
