package io.switchboard.bench;

import java.util.List;

/**
 * The load generator's command line ({@link LoadGenerator#USAGE}): every flag with its default,
 * parsed from {@code --flag value}, {@code --flag=value} or {@code -flag value} (a boolean flag
 * alone means {@code true}), then checked as a whole.
 */
final class LoadOptions {
    boolean help;
    String scenario = "fanout";
    String host = "127.0.0.1";
    int port = 8080;
    String path = "/ws";
    String transport = "ws";
    int tcpPort = 7070;
    int subscribers = 100;
    int messages = 20_000;
    int durationS;
    double rate = 0;
    int size = 100;
    boolean batch;
    Boolean acks;
    int ackEvery = 100;
    int window = 1000;
    int confirmEvery = 50;
    int maxLag = 32;
    String channel = "/bench/fan";
    int connections = 10_000;
    boolean resumable;
    long serverPid = -1;
    /** Cluster fan-out: the publisher on another node's port (default: --port). */
    int publishPort = -1;
    int settleS = 3;
    int clients = 4;
    int threads = 0;
    int connectConcurrency = 64;
    int stallS = 10;
    int timeoutS = 120;
    String token;
    int callees = 1;
    int callers = 10;
    int inflight = 16;
    long calls = 100_000;
    long warmupCalls;
    String rpcChannel = "/bench/rpc";
    long callTimeoutMs;

    static LoadOptions parse(String[] args) {
        LoadOptions o = new LoadOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.isBlank()) {
                continue;
            }
            if (!a.startsWith("-")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String key = a.replaceFirst("^--?", "");
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (value == null) {
                value = takesNext(key, args, i) ? args[++i] : "true";
            }
            try {
                o.set(key, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + ": not a number: " + value);
            }
        }
        o.check();
        return o;
    }

    /** Whether the argument after {@code --key} is its value: always for a valued flag, only true/false for a boolean one. */
    private static boolean takesNext(String key, String[] args, int i) {
        boolean flag = switch (key) {
            case "help", "h", "batch", "acks", "resumable" -> true;
            default -> false;
        };
        boolean hasNext = i + 1 < args.length;
        if (flag) {
            return hasNext && (args[i + 1].equals("true") || args[i + 1].equals("false"));
        }
        if (!hasNext) {
            throw new IllegalArgumentException("--" + key + " needs a value");
        }
        return true;
    }

    private void set(String key, String v) {
        switch (key) {
            case "help", "h" -> help = Boolean.parseBoolean(v);
            case "scenario" -> scenario = v;
            case "host" -> host = v;
            case "port" -> port = Integer.parseInt(v);
            case "publish-port" -> publishPort = Integer.parseInt(v);
            case "path" -> path = v;
            case "transport" -> transport = v;
            case "tcp-port" -> tcpPort = Integer.parseInt(v);
            case "subscribers" -> subscribers = Integer.parseInt(v);
            case "messages" -> messages = Integer.parseInt(v);
            case "duration" -> durationS = Integer.parseInt(v);
            case "rate" -> rate = Double.parseDouble(v);
            case "size" -> size = Integer.parseInt(v);
            case "batch" -> batch = bool(key, v);
            case "acks" -> acks = bool(key, v);
            case "ack-every" -> ackEvery = Integer.parseInt(v);
            case "window" -> window = Integer.parseInt(v);
            case "confirm-every" -> confirmEvery = Integer.parseInt(v);
            case "max-lag" -> maxLag = Integer.parseInt(v);
            case "channel" -> channel = v;
            case "connections" -> connections = Integer.parseInt(v);
            case "resumable" -> resumable = bool(key, v);
            default -> setRunFlag(key, v);
        }
    }

    /** The flags of the run as a whole (server, connections, bounds) and of the rpc scenario. */
    private void setRunFlag(String key, String v) {
        switch (key) {
            case "server-pid" -> serverPid = Long.parseLong(v);
            case "settle" -> settleS = Integer.parseInt(v);
            case "clients" -> clients = Integer.parseInt(v);
            case "threads" -> threads = Integer.parseInt(v);
            case "connect-concurrency" -> connectConcurrency = Integer.parseInt(v);
            case "stall" -> stallS = Integer.parseInt(v);
            case "timeout" -> timeoutS = Integer.parseInt(v);
            case "token" -> token = v;
            case "callees" -> callees = Integer.parseInt(v);
            case "callers" -> callers = Integer.parseInt(v);
            case "inflight" -> inflight = Integer.parseInt(v);
            case "calls" -> calls = Long.parseLong(v);
            case "warmup-calls" -> warmupCalls = Long.parseLong(v);
            case "rpc-channel" -> rpcChannel = v;
            case "call-timeout" -> callTimeoutMs = Long.parseLong(v);
            default -> throw new IllegalArgumentException("unknown flag --" + key);
        }
    }

    private static boolean bool(String key, String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("--" + key + " takes true or false, not " + v);
    }

    private void check() {
        if (help) {
            return;
        }
        if (!List.of("fanout", "acks", "idle", "rpc").contains(scenario)) {
            throw new IllegalArgumentException("--scenario is fanout, acks, idle or rpc, not " + scenario);
        }
        if (acks == null) {
            acks = scenario.equals("acks");
        }
        if (!transport.equals("ws") && !(transport.equals("tcp") && scenario.equals("fanout") && !acks)) {
            throw new IllegalArgumentException("--transport is ws, or tcp for the fanout scenario without acks");
        }
        if (subscribers < 1 || messages < 1 || connections < 1 || size < 0 || rate < 0) {
            throw new IllegalArgumentException("counts must be positive");
        }
        if (confirmEvery < 1 || window < 2 * confirmEvery) {
            throw new IllegalArgumentException("--window must be at least twice --confirm-every");
        }
        if (maxLag < 1 || ackEvery < 1 || clients < 1 || threads < 0 || connectConcurrency < 1) {
            throw new IllegalArgumentException("--max-lag, --ack-every, --clients, --connect-concurrency must be at least 1, "
                    + "--threads at least 0");
        }
        checkRun();
    }

    private void checkRun() {
        if (timeoutS < 1 || stallS < 1 || settleS < 0 || durationS < 0) {
            throw new IllegalArgumentException("--timeout and --stall must be at least 1 s");
        }
        if (!channel.startsWith("/")) {
            throw new IllegalArgumentException("--channel must start with /");
        }
        if (scenario.equals("idle") && serverPid <= 0) {
            throw new IllegalArgumentException("scenario idle needs --server-pid");
        }
        if (callees < 1 || callers < 1 || inflight < 1 || calls < 1 || warmupCalls < 0 || callTimeoutMs < 0) {
            throw new IllegalArgumentException("--callees, --callers, --inflight and --calls must be at least 1, "
                    + "--warmup-calls and --call-timeout at least 0");
        }
        if (!rpcChannel.startsWith("/") || rpcChannel.indexOf('"') >= 0 || rpcChannel.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("--rpc-channel must start with / and hold no quote or backslash");
        }
    }
}
