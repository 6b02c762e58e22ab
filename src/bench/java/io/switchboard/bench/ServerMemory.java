package io.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's memory at one moment: live heap after a full GC (in all and per class, from
 * {@code jcmd <pid> GC.class_histogram}) and RSS (from {@code /proc/<pid>/status}).
 */
record ServerMemory(long heapBytes, long rssKb, Map<String, Long> byClass) {
    static ServerMemory of(long pid) throws IOException, InterruptedException {
        Map<String, Long> byClass = new HashMap<>();
        long total = histogram(pid, byClass);
        return new ServerMemory(total, rssKb(pid), byClass);
    }

    static void printTop(ServerMemory from, ServerMemory to, int perCount, int top) {
        List<Map.Entry<String, Long>> growth = new ArrayList<>();
        for (Map.Entry<String, Long> e : to.byClass.entrySet()) {
            growth.add(Map.entry(e.getKey(), e.getValue() - from.byClass.getOrDefault(e.getKey(), 0L)));
        }
        growth.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        for (Map.Entry<String, Long> e : growth.subList(0, Math.min(top, growth.size()))) {
            System.out.printf(Locale.ROOT, "  %8.0f B/conn  %s%n", e.getValue() / (double) Math.max(1, perCount),
                    e.getKey());
        }
    }

    /** Live bytes per {@code jcmd PID GC.class_histogram} (which runs a full GC first), and per class. */
    static long histogram(long pid, Map<String, Long> byClass) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String exe = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        Process p = new ProcessBuilder(exe, Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        long total = -1;
        StringBuilder head = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String t = line.trim();
                if (head.length() < 400) {
                    head.append(t).append('\n');
                }
                String[] parts = t.split("\\s+");
                if (t.startsWith("Total") && parts.length >= 3) {
                    total = Long.parseLong(parts[parts.length - 1]);
                } else if (parts.length >= 4 && parts[0].endsWith(":")) {
                    // "  12:   3456   789012  java.lang.String (java.base@17.0.15)"
                    try {
                        byClass.merge(parts[3], Long.parseLong(parts[2]), Long::sum);
                    } catch (NumberFormatException e) {
                        // not a histogram row
                    }
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroy();
            throw new IOException("jcmd " + pid + " GC.class_histogram did not finish in 120 s");
        }
        if (total < 0) {
            throw new IOException("no Total line from jcmd " + pid + " GC.class_histogram:\n" + head);
        }
        return total;
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }
}
