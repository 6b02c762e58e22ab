package io.switchboard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"Prints a listing of the hub's index tree (GET <http>/<path>).",
                "The hub answers {\"path\",\"children\":[{\"name\",\"path\",\"kind\"}],\"retained\"?}; "
                        + "it is printed as it comes."})
final class LsCommand extends HubCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<path>", defaultValue = "/data",
            description = "/data (default), /data/<channel>, /data/<node>/, /chatrooms, /chatrooms/<room>.")
    String path;

    @Override
    public Integer call() {
        String p = path.startsWith("/") ? path : "/" + path;
        boolean root = p.matches("/(data|chatrooms)/?");
        String body = HttpGet.get(options, p, root ? "this hub does not serve the index tree " + p : "no such node on this hub: " + p);
        println(body.stripTrailing());
        return Exit.OK;
    }
}
